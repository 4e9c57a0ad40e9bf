package io.llmsvc.agents.router;

import io.llmsvc.agents.embedding.Embedder;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sentence embeddings of the training examples, with a shipped cache: embedding the ~500 built-in examples with the
 * built-in ONNX model takes 2–6 s on two cores, more than the router may spend at start, and gives the same vectors
 * every time. So the resource {@value #RESOURCE} holds them for the embedder that made them (8-bit, one scale per
 * vector: cosine to the original > 0.999); examples it lacks (an operator's, or a different embedder) are embedded
 * at start. {@code ExampleEmbeddingsTest} fails when the cache misses a built-in example and rewrites it with
 * {@code -Drouter.write-embedding-cache=true} (docs/router.md).
 */
final class ExampleEmbeddings {
    static final String RESOURCE = "agents/intents-embeddings.bin";
    private static final int MAGIC = 0x4C524545; // "LREE"

    /** A loaded cache: vectors by text hash, for one embedder. */
    record Cache(String embedderId, int dimensions, Map<Long, float[]> vectors) {
        static final Cache EMPTY = new Cache("", 0, Map.of());
    }

    /** Vectors of {@code texts} in order: cached when the cache was made by this embedder, computed otherwise. */
    static List<float[]> embed(Embedder embedder, List<String> texts, Cache cache) {
        boolean usable = cache.embedderId().equals(embedder.id()) && cache.dimensions() == embedder.dimensions();
        float[][] out = new float[texts.size()][];
        List<String> missing = new ArrayList<>();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            float[] v = usable ? cache.vectors().get(hash(texts.get(i))) : null;
            if (v != null) out[i] = v;
            else {
                missing.add(texts.get(i));
                at.add(i);
            }
        }
        if (!missing.isEmpty()) {
            List<float[]> computed = embedder.embedPassages(missing);
            for (int j = 0; j < at.size(); j++) out[at.get(j)] = computed.get(j);
        }
        return List.of(out);
    }

    /** The shipped cache, or {@link Cache#EMPTY} when there is none. */
    static Cache shipped() {
        try (InputStream in = ExampleEmbeddings.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            return in == null ? Cache.EMPTY : read(in);
        } catch (IOException e) {
            return Cache.EMPTY; // a damaged cache only costs time
        }
    }

    static Cache read(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(raw));
        if (in.readInt() != MAGIC) throw new IOException("not an embedding cache");
        String id = in.readUTF();
        int dims = in.readInt();
        int count = in.readInt();
        Map<Long, float[]> vectors = new HashMap<>(count * 2);
        byte[] q = new byte[dims];
        for (int i = 0; i < count; i++) {
            long h = in.readLong();
            float scale = in.readFloat();
            in.readFully(q);
            float[] v = new float[dims];
            for (int j = 0; j < dims; j++) v[j] = q[j] * scale;
            vectors.put(h, io.llmsvc.agents.embedding.Vectors.normalize(v));
        }
        return new Cache(id, dims, Map.copyOf(vectors));
    }

    /** Writes the vectors of {@code texts} (8-bit, per-vector scale) for the embedder {@code id}. */
    static void write(Path file, String id, int dims, List<String> texts, List<float[]> vectors) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream os = Files.newOutputStream(file); DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os))) {
            out.writeInt(MAGIC);
            out.writeUTF(id);
            out.writeInt(dims);
            out.writeInt(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                float[] v = vectors.get(i);
                float max = 0;
                for (float x : v) max = Math.max(max, Math.abs(x));
                float scale = max == 0 ? 1 : max / 127f;
                out.writeLong(hash(texts.get(i)));
                out.writeFloat(scale);
                for (float x : v) out.writeByte(Math.round(x / scale));
            }
        }
    }

    /** First 8 bytes of the SHA-256 of the text (UTF-8), as the cache key. */
    static long hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) h = (h << 8) | (d[i] & 0xff);
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every JDK has SHA-256
        }
    }

    private ExampleEmbeddings() {}
}
