package io.llmsvc.agents.embedding;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every embedder does around its model: puts the query or passage prefix before each text, splits input into
 * batches, learns the vector size from the first answer (or checks it against the configured one), rejects answers
 * of the wrong size or count, and scales every vector to unit length.
 */
abstract class ModelEmbedder implements Embedder {
    private static final Logger log = LoggerFactory.getLogger(ModelEmbedder.class);
    private static final String PROBE = "dimension probe";
    private static final int MAX_CUTS = 12;
    private static final Pattern TOO_LONG = Pattern.compile("has (\\d+) tokens.*?at most (\\d+)");

    private final String id;
    private final String queryPrefix;
    private final String passagePrefix;
    private final int batchSize;
    private final Integer configuredDimensions;
    private volatile int dimensions;

    ModelEmbedder(String id, String queryPrefix, String passagePrefix, int batchSize, Integer dimensions) {
        this.id = id;
        this.queryPrefix = queryPrefix == null ? "" : queryPrefix;
        this.passagePrefix = passagePrefix == null ? "" : passagePrefix;
        this.batchSize = batchSize;
        this.configuredDimensions = dimensions;
        this.dimensions = dimensions == null ? 0 : dimensions;
    }

    /** One batch of already prefixed texts; one vector per text, in order, not necessarily normalised. */
    protected abstract List<float[]> embedBatch(List<String> texts);

    @Override
    public final String id() { return id; }

    /** Known from settings, from an earlier call, or learnt now by embedding a probe text. */
    @Override
    public int dimensions() {
        if (dimensions == 0) embedQuery(PROBE);
        return dimensions;
    }

    /** True when {@link #dimensions()} needs no call to the model. */
    boolean dimensionsKnown() { return dimensions != 0; }

    @Override
    public List<float[]> embedPassages(List<String> texts) {
        List<float[]> out = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            List<String> batch = texts.subList(from, Math.min(texts.size(), from + batchSize)).stream()
                    .map(t -> passagePrefix + nonEmpty(t)).toList();
            out.addAll(checked(fitting(batch), batch.size()));
        }
        return out;
    }

    @Override
    public float[] embedQuery(String text) {
        return checked(fitting(List.of(queryPrefix + nonEmpty(text))), 1).getFirst();
    }

    /**
     * {@link #embedBatch}, cutting texts longer than the model's context as sentence-transformers do (they embed the
     * first max-length tokens): when the model reports {@code context_length_exceeded}, the texts are embedded one
     * by one and a text that is still too long is shortened from its end until it fits.
     */
    private List<float[]> fitting(List<String> batch) {
        try {
            return embedBatch(batch);
        } catch (LlmsvcException e) {
            if (e.code() != ErrorCode.CONTEXT_LENGTH_EXCEEDED) throw e;
        }
        List<float[]> out = new ArrayList<>(batch.size());
        for (String text : batch) out.add(truncating(text));
        return out;
    }

    private float[] truncating(String text) {
        String t = text;
        for (int attempt = 0; ; attempt++) {
            try {
                List<float[]> v = embedBatch(List.of(t));
                if (t.length() < text.length()) log.debug("embedder {} cut a text from {} to {} characters to fit its context", id, text.length(), t.length());
                return v.isEmpty() ? null : v.getFirst();
            } catch (LlmsvcException e) {
                if (e.code() != ErrorCode.CONTEXT_LENGTH_EXCEEDED || t.length() < 2 || attempt == MAX_CUTS) throw e;
                // "an input has N tokens but model M embeds at most K": keep about K/N of the text, else half
                Matcher m = TOO_LONG.matcher(e.getMessage() == null ? "" : e.getMessage());
                double keep = m.find() ? Math.min(0.95, 0.95 * Double.parseDouble(m.group(2)) / Double.parseDouble(m.group(1))) : 0.5;
                int cut = Math.max(1, (int) (t.length() * keep));
                if (Character.isHighSurrogate(t.charAt(cut - 1))) cut--;
                t = t.substring(0, Math.max(1, cut));
            }
        }
    }

    private List<float[]> checked(List<float[]> vectors, int expected) {
        if (vectors == null || vectors.size() != expected) {
            throw new LlmsvcException(ErrorCode.UPSTREAM_ERROR, "embedder " + id + " returned "
                    + (vectors == null ? 0 : vectors.size()) + " vectors for " + expected + " texts");
        }
        for (float[] v : vectors) {
            int n = v == null ? 0 : v.length;
            if (n == 0) throw new LlmsvcException(ErrorCode.UPSTREAM_ERROR, "embedder " + id + " returned an empty vector");
            if (dimensions == 0) {
                synchronized (this) {
                    if (dimensions == 0) {
                        if (n > EmbeddingProperties.MAX_DIMENSIONS) {
                            throw new LlmsvcException(ErrorCode.UPSTREAM_ERROR, "embedder " + id + " returns " + n
                                    + " dimensions; the index takes at most " + EmbeddingProperties.MAX_DIMENSIONS);
                        }
                        dimensions = n;
                    }
                }
            }
            if (n != dimensions) {
                throw new LlmsvcException(ErrorCode.UPSTREAM_ERROR, "embedder " + id + " returned " + n
                        + "-dimensional vectors, expected " + dimensions
                        + (configuredDimensions != null ? " (llmsvc.agents.embeddings.dimensions)" : " (learnt from its first answer)"));
            }
            Vectors.normalize(v);
        }
        return vectors;
    }

    /** Models and upstreams reject blank input (langchain4j, OpenAI); a lone "." stands for "no content". */
    private static String nonEmpty(String t) {
        return t == null || t.isBlank() ? "." : t;
    }
}
