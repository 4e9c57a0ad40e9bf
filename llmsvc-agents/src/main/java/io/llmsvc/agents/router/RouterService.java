package io.llmsvc.agents.router;

import io.llmsvc.agents.llm.AgentModel;
import io.llmsvc.agents.router.classifier.CalibratedClassifier;
import io.llmsvc.agents.router.intents.Intent;
import io.llmsvc.agents.router.intents.IntentCatalog;
import io.llmsvc.agents.router.llm.LlmIntentVote;
import io.llmsvc.agents.router.llm.ScoreBlend;
import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.IntentAnalysis;
import io.llmsvc.api.agents.IntentInfo;
import io.llmsvc.api.agents.RouteDecision;
import io.llmsvc.api.agents.RouterApi;
import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.FinishReason;
import io.llmsvc.api.worker.ResponseFormat;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The intent router (seed 001's router agent). Every message is scored by the {@link IntentClassifier} (calibrated
 * probabilities); when an agents' chat model is loaded and {@code llmsvc.router.use-llm} is on, the model's
 * schema-constrained vote is blended in ({@link ScoreBlend}) and the method is {@code classifier+llm}. If the model
 * fails, times out or answers something unusable, the classifier decides alone and the method says
 * {@code classifier}. When the winning probability is below {@code llmsvc.router.confidence-threshold} the intent is
 * {@code general} (the scores are reported unchanged, the confidence is then that of {@code general}).
 */
public final class RouterService implements RouterApi {
    private static final Logger log = LoggerFactory.getLogger(RouterService.class);
    public static final String METHOD_CLASSIFIER = "classifier";
    public static final String METHOD_WITH_LLM = "classifier+llm";

    private final IntentCatalog catalog;
    private final CompletableFuture<IntentClassifier> classifier;
    private final LlmClient llm; // null: never ask an LLM
    private final RouterProperties props;
    private final LlmIntentVote vote;
    private final List<IntentInfo> infos;
    private final int fallback;
    private final ExecutorService llmCalls = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicBoolean llmFailureLogged = new AtomicBoolean();

    /** The chat model as the router uses it: {@link AgentModel} in service, fixed answers in unit tests. */
    interface LlmClient {
        /** The model to ask now, if any is loaded. */
        Optional<String> chatModel();

        AgentModel.Completion complete(String model, List<ChatMessage> messages, int maxTokens, ResponseFormat format);

        static LlmClient of(AgentModel m) {
            return m == null ? null : new LlmClient() {
                public Optional<String> chatModel() { return m.chatModel(); }

                public AgentModel.Completion complete(String model, List<ChatMessage> messages, int maxTokens, ResponseFormat format) {
                    return m.complete(model, messages, maxTokens, format);
                }
            };
        }
    }

    /**
     * @param agentModel the agents' chat model access, or null to use the classifier alone
     */
    public RouterService(IntentClassifier classifier, AgentModel agentModel, RouterProperties props) {
        this(classifier.catalog(), CompletableFuture.completedFuture(classifier), LlmClient.of(agentModel), props);
    }

    /**
     * A router whose classifier is still training: {@link #listIntents()} answers at once, the analyses wait for it.
     *
     * @param classifier completes with a classifier trained on {@code catalog}
     */
    public RouterService(IntentCatalog catalog, CompletableFuture<IntentClassifier> classifier, AgentModel agentModel,
                         RouterProperties props) {
        this(catalog, classifier, LlmClient.of(agentModel), props);
    }

    RouterService(IntentCatalog catalog, CompletableFuture<IntentClassifier> classifier, LlmClient llm, RouterProperties props) {
        this.catalog = catalog;
        this.classifier = classifier;
        this.llm = llm;
        this.props = props;
        this.vote = new LlmIntentVote(catalog);
        this.infos = catalog.intents().stream()
                .map(i -> new IntentInfo(i.name(), i.description(), i.target(), i.examples().size())).toList();
        this.fallback = catalog.indexOf(IntentCatalog.FALLBACK);
    }

    @Override
    public IntentAnalysis analyzeIntent(String message) {
        String text = validate(message);
        double[] p = classifier().classify(text);
        String method = METHOD_CLASSIFIER;
        Optional<LlmIntentVote.Vote> llm = askLlm(text);
        if (llm.isPresent()) {
            p = ScoreBlend.combine(p, catalog.indexOf(llm.get().intent()), llm.get().confidence(), props.llmWeight());
            method = METHOD_WITH_LLM;
        }
        return decide(p, method);
    }

    @Override
    public RouteDecision routeMessage(String message) {
        IntentAnalysis a = analyzeIntent(message);
        String target = catalog.find(a.intent()).map(Intent::target).orElse(IntentCatalog.FALLBACK);
        return new RouteDecision(a.intent(), a.confidence(), a.scores(), a.method(), target);
    }

    @Override
    public List<IntentInfo> listIntents() {
        return infos;
    }

    /** The trained classifier; waits for the training started at start-up. */
    IntentClassifier classifier() {
        try {
            return classifier.join();
        } catch (CompletionException | CancellationException e) {
            throw new LlmsvcException(ErrorCode.UNAVAILABLE, "the router's intent classifier could not be trained (see the server log)");
        }
    }

    /** The arg-max, or {@code general} below the threshold; scores in catalog order. */
    IntentAnalysis decide(double[] p, String method) {
        int best = CalibratedClassifier.argmax(p);
        if (p[best] < props.confidenceThreshold()) best = fallback;
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int k = 0; k < p.length; k++) scores.put(catalog.intents().get(k).name(), p[k]);
        return new IntentAnalysis(catalog.intents().get(best).name(), p[best], Collections.unmodifiableMap(scores), method);
    }

    private String validate(String message) {
        if (message == null || message.isBlank()) throw LlmsvcException.invalid("message", "message must not be blank");
        if (message.length() > props.maxMessageLength()) {
            throw LlmsvcException.invalid("message", "message is longer than " + props.maxMessageLength() + " characters");
        }
        return message.strip();
    }

    /** The LLM's vote, or empty when no model is loaded, LLM use is off, or the model gave nothing usable in time. */
    private Optional<LlmIntentVote.Vote> askLlm(String text) {
        if (llm == null || !props.useLlm() || props.llmWeight() == 0) return Optional.empty();
        Optional<String> model;
        try {
            model = llm.chatModel();
        } catch (RuntimeException e) {
            log.debug("router: cannot tell which chat model is loaded: {}", e.toString());
            return Optional.empty();
        }
        if (model.isEmpty()) return Optional.empty();
        Future<AgentModel.Completion> call = llmCalls.submit(
                () -> llm.complete(model.get(), vote.messages(text), LlmIntentVote.MAX_TOKENS, vote.format()));
        try {
            AgentModel.Completion c = call.get(props.llmTimeout().toMillis(), TimeUnit.MILLISECONDS);
            Optional<LlmIntentVote.Vote> v = c.finishReason() == FinishReason.STOP ? vote.parse(c.text()) : Optional.empty();
            if (v.isEmpty()) {
                llmFailed(model.get(), "an unusable answer, finish reason " + (c.finishReason() == null ? "none" : c.finishReason().wire()));
            }
            return v;
        } catch (TimeoutException e) {
            call.cancel(true); // the generation itself ends within MAX_TOKENS
            llmFailed(model.get(), "no answer within " + props.llmTimeout());
        } catch (ExecutionException e) {
            llmFailed(model.get(), String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    private void llmFailed(String model, String why) {
        // a tiny or busy model fails often: say it once at INFO, then only at DEBUG
        if (llmFailureLogged.compareAndSet(false, true)) {
            log.info("router: the LLM vote of model {} was not used ({}); the classifier decides alone when this happens "
                    + "(further cases are logged at DEBUG)", model, why);
        } else {
            log.debug("router: the LLM vote of model {} was not used: {}", model, why);
        }
    }

    /** Stops the executor of LLM calls (at context close). */
    public void close() {
        llmCalls.shutdownNow();
    }
}
