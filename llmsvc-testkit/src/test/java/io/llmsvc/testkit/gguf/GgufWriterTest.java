package io.llmsvc.testkit.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.testkit.gguf.GgufWriter.TensorType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesHeaderKvsAndAlignedTensors() throws IOException {
        GgufWriter w = new GgufWriter()
                .putString("general.architecture", "llama")
                .putU32("llama.context_length", 256)
                .putBool("flag", true)
                .putF32("eps", 1e-5f)
                .putStrings("tokens", List.of("a", "bé"))
                .putI32s("types", new int[] {1, 3})
                .addTensor("odd", TensorType.F32, new long[] {3}, GgufWriter.constantF32(2f))
                .addTensor("q", TensorType.Q8_0, new long[] {32, 2}, (out, bytes) ->
                        GgufWriter.writeFully(out, ByteBuffer.allocate((int) bytes)))
                .addTensor("h", TensorType.F16, new long[] {5, 1}, (out, bytes) ->
                        GgufWriter.writeFully(out, ByteBuffer.allocate((int) bytes)));
        Path file = dir.resolve("m.gguf");
        long size = w.write(file);

        Parsed p = Parsed.read(file);
        assertThat(p.version).isEqualTo(3);
        assertThat(p.kvs).containsEntry("general.architecture", "llama").containsEntry("llama.context_length", 256L)
                .containsEntry("flag", true).containsEntry("tokens", List.of("a", "bé"));
        assertThat(p.tensorNames).containsExactly("odd", "q", "h");
        assertThat(p.dataStart % 32).isZero();
        assertThat(p.offsets).containsExactly(0L, 32L, 32L + 96);   // 12 bytes → 32, 2 blocks × 34 = 68 → 96
        assertThat(p.types).containsExactly(0, 8, 1);
        assertThat(Files.size(file)).isEqualTo(size).isEqualTo(p.dataStart + 128 + 32);
        ByteBuffer data = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(data.getFloat((int) p.dataStart + 8)).isEqualTo(2f);
    }

    @Test
    void rejectsRowsThatDoNotFillQ8Blocks() {
        assertThatThrownBy(() -> new GgufWriter().addTensor("x", TensorType.Q8_0, new long[] {20}, GgufWriter.constantF32(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of 32");
    }

    @Test
    void tinyModelHasLlamaLayoutAndIsDeterministic() throws IOException {
        Path a = TinyModels.builder().layers(3).write(dir.resolve("a"), "tiny");
        Path b = TinyModels.builder().layers(3).write(dir.resolve("b"), "tiny");
        Path c = TinyModels.builder().layers(3).seed(7).write(dir.resolve("c"), "tiny");
        Parsed p = Parsed.read(a);
        assertThat(p.tensorNames).hasSize(3 + 9 * 3).contains("token_embd.weight", "output.weight", "blk.2.ffn_down.weight");
        assertThat(p.kvs).containsEntry("tokenizer.ggml.model", "gpt2").containsKey("tokenizer.chat_template");
        @SuppressWarnings("unchecked")
        List<String> tokens = (List<String>) p.kvs.get("tokenizer.ggml.tokens");
        assertThat(tokens.get(65)).isEqualTo("A");
        assertThat(tokens.get(32)).isEqualTo("Ġ");
        assertThat(tokens.get(((Long) p.kvs.get("tokenizer.ggml.eos_token_id")).intValue())).isEqualTo("<|im_end|>");
        assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b)).isNotEqualTo(Files.readAllBytes(c));
    }

    @Test
    void noTemplateAndFillerVocab() throws IOException {
        Path f = TinyModels.builder().chatTemplate(null).vocab(400).dtype(TensorType.Q8_0).write(dir, "q8");
        Parsed p = Parsed.read(f);
        assertThat(p.kvs).doesNotContainKey("tokenizer.chat_template");
        assertThat((List<?>) p.kvs.get("tokenizer.ggml.tokens")).hasSize(400);
        assertThat(p.types.get(p.tensorNames.indexOf("blk.0.attn_q.weight"))).isEqualTo(8);
    }

    /** A minimal independent GGUF parser for the assertions. */
    record Parsed(int version, Map<String, Object> kvs, List<String> tensorNames, List<Long> offsets, List<Integer> types, long dataStart) {
        static Parsed read(Path file) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[4];
            b.get(magic);
            assertThat(new String(magic, StandardCharsets.US_ASCII)).isEqualTo("GGUF");
            int version = b.getInt();
            long nTensors = b.getLong();
            long nKv = b.getLong();
            Map<String, Object> kvs = new LinkedHashMap<>();
            for (int i = 0; i < nKv; i++) {
                String key = str(b);
                kvs.put(key, value(b, b.getInt()));
            }
            List<String> names = new ArrayList<>();
            List<Long> offsets = new ArrayList<>();
            List<Integer> types = new ArrayList<>();
            for (int i = 0; i < nTensors; i++) {
                names.add(str(b));
                int dims = b.getInt();
                for (int d = 0; d < dims; d++) b.getLong();
                types.add(b.getInt());
                offsets.add(b.getLong());
            }
            long start = (b.position() + 31) / 32 * 32;
            return new Parsed(version, kvs, names, offsets, types, start);
        }

        static String str(ByteBuffer b) {
            byte[] s = new byte[(int) b.getLong()];
            b.get(s);
            return new String(s, StandardCharsets.UTF_8);
        }

        static Object value(ByteBuffer b, int type) {
            return switch (type) {
                case 4 -> Integer.toUnsignedLong(b.getInt());
                case 5 -> (long) b.getInt();
                case 6 -> b.getFloat();
                case 7 -> b.get() != 0;
                case 8 -> str(b);
                case 9 -> {
                    int et = b.getInt();
                    long n = b.getLong();
                    List<Object> list = new ArrayList<>();
                    for (long i = 0; i < n; i++) list.add(value(b, et));
                    yield list;
                }
                case 10 -> b.getLong();
                default -> throw new IllegalStateException("type " + type);
            };
        }
    }
}
