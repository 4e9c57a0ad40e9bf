package io.llmsvc.testkit.gguf;

import io.llmsvc.testkit.gguf.GgufWriter.TensorData;
import io.llmsvc.testkit.gguf.GgufWriter.TensorType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Writes small Llama-architecture GGUF models with random weights that llama.cpp loads and runs: a GPT-2 byte-level
 * tokenizer (256 byte tokens with id = byte value, optional merges over {@code Ġ a-z}, optional filler tokens) and
 * three CONTROL tokens at the end: {@code <|endoftext|>} (bos), {@code <|im_start|>}, {@code <|im_end|>} (eos), plus
 * a ChatML Jinja {@code tokenizer.chat_template}. The same options and seed always give the same bytes.
 *
 * <p>By default the output projection is zero for every token except printable ASCII, newline, merges and fillers,
 * so greedy decoding only ever emits readable ASCII (no stray UTF-8 bytes, no special tokens); a grammar can still
 * force EOS. Outputs are gibberish: assert shapes, lengths and stop reasons, not wording.
 */
public final class TinyModels {
    public static final String BOS = "<|endoftext|>";
    public static final String IM_START = "<|im_start|>";
    public static final String IM_END = "<|im_end|>";
    public static final String CHATML_TEMPLATE = "{% for message in messages %}{{ '<|im_start|>' + message['role'] + '\\n'"
            + " + message['content'] + '<|im_end|>' + '\\n' }}{% endfor %}"
            + "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    private static final int POOL_VALUES = 1 << 18;   // 1 MiB of F32; reused (cycled) for every tensor
    private static final int POOL_BLOCKS = 1 << 15;   // ~1.1 MB of Q8_0 blocks
    private static final float Q8_SCALE = 1f / 1024;

    /** Writes {@code <modelId>.gguf} with the default tiny shape (2 layers, n_embd 64, F32, ~0.2 MiB). */
    public static Path write(Path dir, String modelId) {
        return builder().write(dir, modelId);
    }

    public static Builder builder() { return new Builder(); }

    /**
     * A TinyLlama-1.1B-shaped Q8_0 model (22 layers, n_embd 2048, n_ff 5632, 32 heads, 4 KV heads, vocab 32000,
     * ~1.17 GB) for benchmarks; streamed to disk in a few seconds.
     */
    public static Builder tinyLlama1B() {
        return new Builder().layers(22).embedding(2048).feedForward(5632).heads(32).kvHeads(4).vocab(32000)
                .contextLength(2048).dtype(TensorType.Q8_0);
    }

    /** Model options; every setter returns this. */
    public static final class Builder {
        private String chatTemplate = CHATML_TEMPLATE;
        private int contextLength = 512;
        private int layers = 2;
        private int embedding = 64;
        private int heads = 4;
        private int kvHeads = 2;
        private int feedForward = 128;
        private int vocab = 0;
        private TensorType dtype = TensorType.F32;
        private long seed = 42;
        private boolean merges = true;
        private boolean asciiOutput = true;
        private Boolean addBos = Boolean.TRUE;

        /** Jinja chat template, or null to write none. */
        public Builder chatTemplate(String template) { this.chatTemplate = template; return this; }
        public Builder contextLength(int n) { this.contextLength = n; return this; }
        public Builder layers(int n) { this.layers = n; return this; }
        public Builder embedding(int n) { this.embedding = n; return this; }
        public Builder heads(int n) { this.heads = n; return this; }
        public Builder kvHeads(int n) { this.kvHeads = n; return this; }
        public Builder feedForward(int n) { this.feedForward = n; return this; }
        /** Total vocabulary; 0 = just bytes, merges and the 3 specials; more is filled with filler tokens. */
        public Builder vocab(int n) { this.vocab = n; return this; }
        /** Type of the 2-D weights (norms stay F32); Q8_0 needs n_embd and n_ff to be multiples of 32. */
        public Builder dtype(TensorType t) { this.dtype = t; return this; }
        public Builder seed(long s) { this.seed = s; return this; }
        public Builder merges(boolean on) { this.merges = on; return this; }
        /** Zero output rows for non-ASCII bytes and special tokens (default on), see the class comment. */
        public Builder asciiOutput(boolean on) { this.asciiOutput = on; return this; }
        /** {@code tokenizer.ggml.add_bos_token}; null leaves the key out (llama.cpp's default then applies). */
        public Builder addBos(Boolean on) { this.addBos = on; return this; }

        /** Writes {@code dir/<modelId>.gguf} and returns its path. */
        public Path write(Path dir, String modelId) {
            try {
                Files.createDirectories(dir);
                Path file = dir.resolve(modelId + ".gguf");
                build(modelId).write(file);
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The writer with all metadata and tensors, ready to {@link GgufWriter#write}. */
        public GgufWriter build(String modelId) {
            if (embedding % heads != 0 || heads % kvHeads != 0) throw new IllegalArgumentException("heads must divide n_embd, kv heads must divide heads");
            Vocab v = Vocab.of(merges, vocab);
            int headDim = embedding / heads;
            int kvDim = kvHeads * headDim;
            GgufWriter w = new GgufWriter()
                    .putString("general.architecture", "llama")
                    .putString("general.name", modelId)
                    .putU32("general.alignment", GgufWriter.ALIGNMENT)
                    .putU32("general.file_type", switch (dtype) { case F32 -> 0; case F16 -> 1; case Q8_0 -> 7; })
                    .putU32("llama.context_length", contextLength)
                    .putU32("llama.embedding_length", embedding)
                    .putU32("llama.block_count", layers)
                    .putU32("llama.feed_forward_length", feedForward)
                    .putU32("llama.attention.head_count", heads)
                    .putU32("llama.attention.head_count_kv", kvHeads)
                    .putF32("llama.attention.layer_norm_rms_epsilon", 1e-5f)
                    .putF32("llama.rope.freq_base", 10000f)
                    .putU32("llama.vocab_size", v.tokens.size())
                    .putString("tokenizer.ggml.model", "gpt2")
                    .putString("tokenizer.ggml.pre", "default")
                    .putStrings("tokenizer.ggml.tokens", v.tokens)
                    .putI32s("tokenizer.ggml.token_type", v.types)
                    .putStrings("tokenizer.ggml.merges", v.merges)
                    .putU32("tokenizer.ggml.bos_token_id", v.bos)
                    .putU32("tokenizer.ggml.eos_token_id", v.eos)
                    .putU32("tokenizer.ggml.padding_token_id", v.bos);
            if (addBos != null) w.putBool("tokenizer.ggml.add_bos_token", addBos);
            if (chatTemplate != null) w.putString("tokenizer.chat_template", chatTemplate);

            Pools pools = Pools.of(seed);
            SplittableRandom starts = new SplittableRandom(seed * 31 + 7);
            int n = v.tokens.size();
            w.addTensor("token_embd.weight", dtype, new long[] {embedding, n}, pools.random(dtype, starts));
            w.addTensor("output_norm.weight", TensorType.F32, new long[] {embedding}, GgufWriter.constantF32(1f));
            boolean[] allowed = asciiOutput ? v.printable : null;
            w.addTensor("output.weight", dtype, new long[] {embedding, n}, pools.rows(dtype, starts, embedding, allowed));
            for (int l = 0; l < layers; l++) {
                String p = "blk." + l + ".";
                w.addTensor(p + "attn_norm.weight", TensorType.F32, new long[] {embedding}, GgufWriter.constantF32(1f));
                w.addTensor(p + "attn_q.weight", dtype, new long[] {embedding, embedding}, pools.random(dtype, starts));
                w.addTensor(p + "attn_k.weight", dtype, new long[] {embedding, kvDim}, pools.random(dtype, starts));
                w.addTensor(p + "attn_v.weight", dtype, new long[] {embedding, kvDim}, pools.random(dtype, starts));
                w.addTensor(p + "attn_output.weight", dtype, new long[] {embedding, embedding}, pools.random(dtype, starts));
                w.addTensor(p + "ffn_norm.weight", TensorType.F32, new long[] {embedding}, GgufWriter.constantF32(1f));
                w.addTensor(p + "ffn_gate.weight", dtype, new long[] {embedding, feedForward}, pools.random(dtype, starts));
                w.addTensor(p + "ffn_up.weight", dtype, new long[] {embedding, feedForward}, pools.random(dtype, starts));
                w.addTensor(p + "ffn_down.weight", dtype, new long[] {feedForward, embedding}, pools.random(dtype, starts));
            }
            return w;
        }
    }

    /** Token texts (GPT-2 byte-to-unicode form), types, merges and which tokens may be emitted. */
    record Vocab(List<String> tokens, int[] types, List<String> merges, int bos, int eos, boolean[] printable) {
        static Vocab of(boolean withMerges, int size) {
            List<String> tokens = new ArrayList<>();
            List<Boolean> print = new ArrayList<>();
            String[] byteText = gpt2ByteMap();
            for (int b = 0; b < 256; b++) {
                tokens.add(byteText[b]);
                print.add((b >= 0x20 && b < 0x7F) || b == '\n');
            }
            List<String> merges = new ArrayList<>();
            if (withMerges) {
                String space = byteText[' '];
                for (char c = 'a'; c <= 'z'; c++) merges.add(space + " " + c);
                for (String pair : List.of("t h", "h e", "i n", "e r", "a n", "o n", "r e", "e s")) merges.add(pair);
                for (String m : merges) {
                    tokens.add(m.replace(" ", ""));
                    print.add(true);
                }
            }
            int specials = 3;
            int fillers = Math.max(0, size - tokens.size() - specials);
            for (int i = 0; i < fillers; i++) {
                tokens.add("<f" + i + ">");
                print.add(true);
            }
            int bos = tokens.size();
            tokens.add(BOS);
            tokens.add(IM_START);
            tokens.add(IM_END);
            for (int i = 0; i < specials; i++) print.add(false);
            int[] types = new int[tokens.size()];
            boolean[] printable = new boolean[tokens.size()];
            for (int i = 0; i < types.length; i++) {
                types[i] = i >= bos ? 3 : 1; // CONTROL : NORMAL
                printable[i] = print.get(i);
            }
            return new Vocab(tokens, types, merges, bos, bos + 2, printable);
        }

        /** GPT-2's reversible byte to unicode mapping: printable bytes map to themselves, the rest to U+0100 onwards. */
        static String[] gpt2ByteMap() {
            String[] map = new String[256];
            int next = 256;
            for (int b = 0; b < 256; b++) {
                boolean direct = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
                map[b] = String.valueOf((char) (direct ? b : next++));
            }
            return map;
        }
    }

    /** One pool of random little-endian values per tensor type; tensors are cut from it at random aligned starts. */
    record Pools(byte[] f32, byte[] f16, byte[] q8) {
        static Pools of(long seed) {
            SplittableRandom rnd = new SplittableRandom(seed);
            ByteBuffer f32 = ByteBuffer.allocate(POOL_VALUES * 4).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer f16 = ByteBuffer.allocate(POOL_VALUES * 2).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < POOL_VALUES; i++) {
                // finite values with magnitudes between 2^-7 and 2^-3, random sign
                float v = (float) Math.pow(2, -7 + 4 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
                f32.putFloat(v);
                f16.putShort(Float.floatToFloat16(v));
            }
            ByteBuffer q8 = ByteBuffer.allocate(POOL_BLOCKS * 34).order(ByteOrder.LITTLE_ENDIAN);
            short scale = Float.floatToFloat16(Q8_SCALE);
            byte[] quants = new byte[32];
            for (int b = 0; b < POOL_BLOCKS; b++) {
                q8.putShort(scale);
                for (int i = 0; i < 32; i++) quants[i] = (byte) (rnd.nextInt(255) - 127);
                q8.put(quants);
            }
            return new Pools(f32.array(), f16.array(), q8.array());
        }

        byte[] pool(TensorType t) {
            return switch (t) { case F32 -> f32; case F16 -> f16; case Q8_0 -> q8; };
        }

        int unit(TensorType t) {
            return switch (t) { case F32 -> 4; case F16 -> 2; case Q8_0 -> 34; };
        }

        TensorData random(TensorType t, SplittableRandom starts) {
            byte[] pool = pool(t);
            int unit = unit(t);
            int start = starts.nextInt(pool.length / unit) * unit;
            return (out, bytes) -> copyCycling(out, pool, start, bytes);
        }

        /** Row-wise data where rows not {@code allowed} are zero (null = all random). */
        TensorData rows(TensorType t, SplittableRandom starts, int rowLength, boolean[] allowed) {
            if (allowed == null) return random(t, starts);
            byte[] pool = pool(t);
            int unit = unit(t);
            int start = starts.nextInt(pool.length / unit) * unit;
            return (out, bytes) -> {
                int rowBytes = (int) t.rowBytes(rowLength);
                ByteBuffer zero = ByteBuffer.allocate(rowBytes);
                long pos = start;
                for (boolean ok : allowed) {
                    if (ok) {
                        copyCycling(out, pool, (int) pos, rowBytes);
                        pos = (pos + rowBytes) % pool.length;
                    } else {
                        GgufWriter.writeFully(out, zero.clear());
                    }
                }
            };
        }

        private static void copyCycling(java.nio.channels.WritableByteChannel out, byte[] pool, int start, long bytes)
                throws IOException {
            int pos = start;
            long left = bytes;
            while (left > 0) {
                int n = (int) Math.min(left, pool.length - pos);
                GgufWriter.writeFully(out, ByteBuffer.wrap(pool, pos, n));
                left -= n;
                pos = (pos + n) % pool.length;
            }
        }
    }

    private TinyModels() {}
}
