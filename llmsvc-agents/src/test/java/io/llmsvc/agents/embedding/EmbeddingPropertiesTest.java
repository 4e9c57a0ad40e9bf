package io.llmsvc.agents.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.runtime.config.InvalidSettingException;
import io.llmsvc.runtime.config.SettingsCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class EmbeddingPropertiesTest {

    static StandardEnvironment env(Map<String, Object> values) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", values));
        return env;
    }

    static EmbeddingProperties bind(Map<String, Object> values) {
        return Binder.get(env(values)).bindOrCreate("llmsvc.agents.embeddings", EmbeddingProperties.class);
    }

    static void check(Map<String, Object> values) {
        new SettingsCheck().add("llmsvc.agents.embeddings", EmbeddingProperties.class).check(env(values));
    }

    @Test
    void defaultsAreTheBuiltinModel() {
        EmbeddingProperties p = bind(Map.of());
        p.validate();
        assertThat(p).isEqualTo(EmbeddingProperties.defaults());
        assertThat(Embedders.create(p, null)).isInstanceOf(BuiltinEmbedder.class);
    }

    @Test
    void upstreamKeyBindsAsARedactedSecret() {
        EmbeddingProperties p = bind(Map.of("llmsvc.agents.embeddings.provider", "upstream",
                "llmsvc.agents.embeddings.upstream.base-url", "http://127.0.0.1:9/v1",
                "llmsvc.agents.embeddings.upstream.model", "e5",
                "llmsvc.agents.embeddings.upstream.api-key", "sk-very-secret-value"));
        p.validate();
        assertThat(p.upstream().apiKey().reveal()).isEqualTo("sk-very-secret-value");
        assertThat(p.toString()).doesNotContain("sk-very-secret-value");
        assertThat(Embedders.create(p, null).id()).isEqualTo("upstream:e5");
    }

    @Test
    void wrongSettingsNameTheSetting(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> check(Map.of("llmsvc.agents.embeddings.provider", "magic")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("llmsvc.agents.embeddings.provider");
        assertThatThrownBy(() -> check(Map.of("llmsvc.agents.embeddings.provider", "onnx")))
                .hasMessageContaining("llmsvc.agents.embeddings.onnx.dir");
        assertThatThrownBy(() -> check(Map.of("llmsvc.agents.embeddings.provider", "onnx", "llmsvc.agents.embeddings.onnx.dir", dir.toString())))
                .hasMessageContaining("llmsvc.agents.embeddings.onnx.model-file");
        Files.writeString(dir.resolve("model.onnx"), "x");
        Files.writeString(dir.resolve("tokenizer.json"), "{}");
        assertThatThrownBy(() -> check(Map.of("llmsvc.agents.embeddings.provider", "onnx", "llmsvc.agents.embeddings.onnx.dir", dir.toString(),
                "llmsvc.agents.embeddings.onnx.pooling", "max"))).hasMessageContaining("llmsvc.agents.embeddings.onnx.pooling");
        assertThatThrownBy(() -> check(Map.of("llmsvc.agents.embeddings.provider", "worker")))
                .hasMessageContaining("llmsvc.agents.embeddings.worker.model");
        assertThatThrownBy(() -> check(Map.of("llmsvc.agents.embeddings.provider", "upstream", "llmsvc.agents.embeddings.upstream.base-url", "ftp://x")))
                .hasMessageContaining("llmsvc.agents.embeddings.upstream.base-url");
        assertThatThrownBy(() -> check(Map.of("llmsvc.agents.embeddings.dimensions", "0")))
                .hasMessageContaining("llmsvc.agents.embeddings.dimensions");
        assertThatThrownBy(() -> check(Map.of("llmsvc.agents.embeddings.batch-size", "many")))
                .hasMessageContaining("llmsvc.agents.embeddings.batch-size");
        assertThatThrownBy(() -> Embedders.create(bind(Map.of("llmsvc.agents.embeddings.dimensions", "768")), null))
                .hasMessageContaining("384 for the builtin model");
    }
}
