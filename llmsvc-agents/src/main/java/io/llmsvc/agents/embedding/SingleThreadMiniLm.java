package io.llmsvc.agents.embedding;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.OnnxBertBiEncoder;
import dev.langchain4j.model.embedding.onnx.PoolingMode;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The same quantized all-MiniLM-L6-v2 as {@link AllMiniLmL6V2QuantizedEmbeddingModel}, in an ONNX session that
 * computes each text on one thread without spin-waiting. The default session spreads one short sentence over every
 * core and spins while waiting: on two cores shared with the HTTP threads that doubled the CPU per call (14 vs 7 ms)
 * and tripled the router's p95. Batches still run in parallel: langchain4j embeds the texts of a batch concurrently.
 */
final class SingleThreadMiniLm extends AbstractInProcessEmbeddingModel {
    private static final String MODEL = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER = "/all-minilm-l6-v2-q-tokenizer.json";

    private final OnnxBertBiEncoder encoder;

    SingleThreadMiniLm() {
        super(null);
        this.encoder = load();
    }

    @Override
    protected OnnxBertBiEncoder model() { return encoder; }

    @Override
    protected Integer knownDimension() { return 384; }

    private static OnnxBertBiEncoder load() {
        try (InputStream model = resource(MODEL); InputStream tokenizer = resource(TOKENIZER)) {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtSession session = env.createSession(model.readAllBytes(), options);
            return new OnnxBertBiEncoder(env, session, tokenizer, PoolingMode.MEAN);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in embedding model", e);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the built-in embedding model: " + e.getMessage(), e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(name);
        if (in == null) throw new IllegalStateException("the built-in embedding model's " + name + " is missing from the class path");
        return in;
    }
}
