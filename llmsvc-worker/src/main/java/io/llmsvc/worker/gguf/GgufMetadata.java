package io.llmsvc.worker.gguf;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * What the worker needs to know about a GGUF model before loading it, read from the header and metadata section
 * only (tensor data is never touched, so this is fast even for multi-gigabyte files).
 *
 * <p>{@link #read} is safe on corrupt or truncated files: it fails with an {@link IOException} naming the file and the
 * problem, and never allocates more than a few MiB whatever the lengths in the file claim.
 *
 * @param version        GGUF version (2 or 3)
 * @param architecture   {@code general.architecture}, e.g. {@code llama}
 * @param name           {@code general.name}, or null
 * @param contextLength  {@code <arch>.context_length} (the training context), 0 when absent
 * @param chatTemplate   {@code tokenizer.chat_template}, or null
 * @param tokenizerModel {@code tokenizer.ggml.model} ({@code gpt2}, {@code llama}, ...), or null
 * @param bosTokenId     {@code tokenizer.ggml.bos_token_id}, or null
 * @param eosTokenId     {@code tokenizer.ggml.eos_token_id}, or null
 * @param bosToken       text of the BOS token, or null
 * @param eosToken       text of the EOS token, or null
 * @param addBosToken    {@code tokenizer.ggml.add_bos_token}, or null when absent
 * @param tensorCount    number of tensors the header announces
 */
public record GgufMetadata(
        int version,
        String architecture,
        String name,
        int contextLength,
        String chatTemplate,
        String tokenizerModel,
        Integer bosTokenId,
        Integer eosTokenId,
        String bosToken,
        String eosToken,
        Boolean addBosToken,
        long tensorCount) {

    private static final int MAX_KVS = 1 << 16;
    private static final int MAX_KEY = 4096;
    private static final int MAX_VALUE = 4 << 20;     // chat templates are rarely over 20 KiB
    private static final int MAX_TOKEN = 1 << 16;
    private static final int T_UINT8 = 0, T_INT8 = 1, T_UINT16 = 2, T_INT16 = 3, T_UINT32 = 4, T_INT32 = 5,
            T_FLOAT32 = 6, T_BOOL = 7, T_STRING = 8, T_ARRAY = 9, T_UINT64 = 10, T_INT64 = 11, T_FLOAT64 = 12;

    /**
     * Whether llama.cpp prepends BOS when it tokenizes a prompt: the file's {@code add_bos_token} when present, else
     * llama.cpp's default (true for SentencePiece vocabularies, false for GPT-2 style BPE).
     */
    public boolean addsBos() {
        if (addBosToken != null) return addBosToken;
        return "llama".equals(tokenizerModel);
    }

    /** Reads the metadata of {@code file}; see the class comment for the failure contract. */
    public static GgufMetadata read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return new Reader(new GgufInput(ch)).read();
        } catch (EOFException e) {
            throw new IOException(file.getFileName() + " is not a complete GGUF file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new IOException(file.getFileName() + ": " + e.getMessage(), e);
        }
    }

    private static final class Reader {
        private final GgufInput in;
        private String arch, name, template, tokModel;
        private Long bos, eos;
        private Boolean addBos;
        private final java.util.Map<String, Long> archInts = new java.util.HashMap<>();
        private long tokensAt = -1, tokensCount;

        Reader(GgufInput in) {
            this.in = in;
        }

        GgufMetadata read() throws IOException {
            if (in.remaining() < 24) throw new IOException("not a GGUF file (only " + in.remaining() + " bytes)");
            int magic = in.i32();
            if (magic != 0x46554747) throw new IOException("not a GGUF file (bad magic)");
            int version = in.i32();
            if (version < 2 || version > 3) throw new IOException("unsupported GGUF version " + version);
            long tensors = in.i64();
            long kvs = in.i64();
            if (tensors < 0 || tensors > 1 << 24) throw new IOException("implausible tensor count " + tensors);
            if (kvs < 0 || kvs > MAX_KVS) throw new IOException("implausible metadata count " + kvs);
            for (long i = 0; i < kvs; i++) {
                String key = in.string(MAX_KEY);
                int type = in.i32();
                readValue(key, type);
            }
            if (arch == null || arch.isBlank()) throw new IOException("general.architecture is missing");
            String bosText = tokenText(bos);
            String eosText = tokenText(eos);
            Long ctx = archInts.get(arch + ".context_length");
            return new GgufMetadata(version, arch, name, ctx == null ? 0 : (int) Math.min(Integer.MAX_VALUE, ctx), template,
                    tokModel, toInt(bos), toInt(eos), bosText, eosText, addBos, tensors);
        }

        private void readValue(String key, int type) throws IOException {
            switch (key) {
                case "general.architecture" -> arch = stringValue(key, type);
                case "general.name" -> name = stringValue(key, type);
                case "tokenizer.chat_template" -> template = stringValue(key, type);
                case "tokenizer.ggml.model" -> tokModel = stringValue(key, type);
                case "tokenizer.ggml.bos_token_id" -> bos = intValue(key, type);
                case "tokenizer.ggml.eos_token_id" -> eos = intValue(key, type);
                case "tokenizer.ggml.add_bos_token" -> {
                    if (type != T_BOOL) throw new IOException(key + " has type " + type + ", expected bool");
                    addBos = in.u8() != 0;
                }
                case "tokenizer.ggml.tokens" -> {
                    if (type != T_ARRAY) throw new IOException(key + " is not an array");
                    int et = in.i32();
                    long n = in.i64();
                    if (et != T_STRING) throw new IOException(key + " is not a string array");
                    checkCount(n, 8);
                    tokensAt = in.position();
                    tokensCount = n;
                    for (long i = 0; i < n; i++) in.skipString();
                }
                default -> {
                    if (key.endsWith(".context_length") && isInt(type)) archInts.put(key, intValue(key, type));
                    else skipValue(type, 0);
                }
            }
        }

        private String stringValue(String key, int type) throws IOException {
            if (type != T_STRING) throw new IOException(key + " has type " + type + ", expected string");
            return in.string(MAX_VALUE);
        }

        private long intValue(String key, int type) throws IOException {
            return switch (type) {
                case T_UINT8 -> in.u8();
                case T_INT8 -> (byte) in.u8();
                case T_UINT16 -> in.u8() | (in.u8() << 8);
                case T_INT16 -> (short) (in.u8() | (in.u8() << 8));
                case T_UINT32 -> in.u32();
                case T_INT32 -> in.i32();
                case T_UINT64, T_INT64 -> in.i64();
                default -> throw new IOException(key + " has type " + type + ", expected an integer");
            };
        }

        private static boolean isInt(int type) {
            return type <= T_INT32 || type == T_UINT64 || type == T_INT64;
        }

        private void skipValue(int type, int depth) throws IOException {
            switch (type) {
                case T_UINT8, T_INT8, T_BOOL -> in.skip(1);
                case T_UINT16, T_INT16 -> in.skip(2);
                case T_UINT32, T_INT32, T_FLOAT32 -> in.skip(4);
                case T_UINT64, T_INT64, T_FLOAT64 -> in.skip(8);
                case T_STRING -> in.skipString();
                case T_ARRAY -> {
                    if (depth > 2) throw new IOException("arrays nested too deeply");
                    int et = in.i32();
                    long n = in.i64();
                    int fixed = fixedSize(et);
                    if (fixed > 0) {
                        checkCount(n, fixed);
                        in.skip(n * fixed);
                    } else {
                        checkCount(n, 8);
                        for (long i = 0; i < n; i++) skipValue(et, depth + 1);
                    }
                }
                default -> throw new IOException("unknown metadata value type " + type + " at offset " + in.position());
            }
        }

        private static int fixedSize(int type) {
            return switch (type) {
                case T_UINT8, T_INT8, T_BOOL -> 1;
                case T_UINT16, T_INT16 -> 2;
                case T_UINT32, T_INT32, T_FLOAT32 -> 4;
                case T_UINT64, T_INT64, T_FLOAT64 -> 8;
                case T_STRING, T_ARRAY -> 0;
                default -> -1;
            };
        }

        private void checkCount(long n, int minBytesEach) throws IOException {
            if (n < 0 || n > in.remaining() / minBytesEach) {
                throw new EOFException("array of " + n + " elements does not fit in the " + in.remaining() + " bytes left");
            }
        }

        private String tokenText(Long id) throws IOException {
            if (id == null || tokensAt < 0 || id < 0 || id >= tokensCount) return null;
            long back = in.position();
            in.seek(tokensAt);
            for (long i = 0; i < id; i++) in.skipString();
            String s = in.string(MAX_TOKEN);
            in.seek(back);
            return s;
        }

        private static Integer toInt(Long v) {
            return v == null || v < 0 || v > Integer.MAX_VALUE ? null : v.intValue();
        }
    }
}
