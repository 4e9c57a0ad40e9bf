package io.llmsvc.agents.router;

import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.agents.llm.AgentModel;
import io.llmsvc.agents.router.intents.IntentCatalog;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The router target. The intents are loaded and validated while the context starts (a bad file stops it); the
 * classifier trains on a background thread meanwhile (1–3 s on two cores), and the first analyses wait for it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.ROUTER)
@EnableConfigurationProperties(RouterProperties.class)
class RouterConfiguration {
    private static final Logger log = LoggerFactory.getLogger(RouterConfiguration.class);

    @Bean(destroyMethod = "close")
    RouterService routerService(RouterProperties props, ObjectProvider<Embedder> embedder, ObjectProvider<AgentModel> agentModel) {
        IntentCatalog catalog = IntentCatalog.configured(props.intentsFile(), props.replaceIntents());
        Embedder used = props.useEmbeddings() ? embedder.getIfAvailable() : null;
        CompletableFuture<IntentClassifier> training = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("router-training").start(() -> {
            try {
                IntentClassifier c = IntentClassifier.train(catalog, used, IntentClassifier.Settings.DEFAULT);
                IntentClassifier.Summary s = c.summary();
                log.info("router: {} intents, {} examples, {} lexical features + {}-d embeddings ({}); trained in {} ms, "
                                + "cross-validated accuracy {}, temperature {}",
                        s.intents(), s.examples(), s.lexicalFeatures(), s.embeddingDimensions(), s.embedder(), s.millis(),
                        String.format(Locale.ROOT, "%.3f", s.outOfFoldAccuracy()), String.format(Locale.ROOT, "%.3f", s.temperature()));
                training.complete(c);
            } catch (RuntimeException | Error e) {
                log.error("router: the intent classifier could not be trained", e);
                training.completeExceptionally(e);
            }
        });
        return new RouterService(catalog, training, agentModel.getIfAvailable(), props);
    }
}
