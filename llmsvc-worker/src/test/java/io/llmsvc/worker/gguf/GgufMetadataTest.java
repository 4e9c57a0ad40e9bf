package io.llmsvc.worker.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.testkit.gguf.GgufWriter;
import io.llmsvc.testkit.gguf.TinyModels;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GgufMetadataTest {
    @TempDir
    Path dir;

    @Test
    void readsWhatTheWriterWrote() throws IOException {
        Path f = TinyModels.builder().contextLength(384).write(dir, "tiny-chat");
        GgufMetadata m = GgufMetadata.read(f);
        assertThat(m.version()).isEqualTo(3);
        assertThat(m.architecture()).isEqualTo("llama");
        assertThat(m.name()).isEqualTo("tiny-chat");
        assertThat(m.contextLength()).isEqualTo(384);
        assertThat(m.chatTemplate()).isEqualTo(TinyModels.CHATML_TEMPLATE);
        assertThat(m.tokenizerModel()).isEqualTo("gpt2");
        assertThat(m.bosToken()).isEqualTo("<|endoftext|>");
        assertThat(m.eosToken()).isEqualTo("<|im_end|>");
        assertThat(m.eosTokenId()).isEqualTo(m.bosTokenId() + 2);
        assertThat(m.addBosToken()).isTrue();
        assertThat(m.addsBos()).isTrue();
        assertThat(m.tensorCount()).isEqualTo(3 + 2 * 9);
    }

    @Test
    void absentKeysAreNullAndBosDefaultFollowsTheTokenizer() throws IOException {
        Path f = TinyModels.builder().chatTemplate(null).addBos(null).write(dir, "plain");
        GgufMetadata m = GgufMetadata.read(f);
        assertThat(m.chatTemplate()).isNull();
        assertThat(m.addBosToken()).isNull();
        assertThat(m.addsBos()).isFalse(); // gpt2 BPE: llama.cpp adds no BOS unless told to
    }

    @Test
    void rejectsFilesThatAreNotGguf() throws IOException {
        Path f = Files.writeString(dir.resolve("x.gguf"), "definitely not a model, but long enough to have a header");
        assertThatThrownBy(() -> GgufMetadata.read(f)).isInstanceOf(IOException.class)
                .hasMessageContaining("x.gguf").hasMessageContaining("not a GGUF file");
    }

    @Test
    void rejectsTruncatedFilesAtEveryCut() throws IOException {
        byte[] whole = Files.readAllBytes(TinyModels.write(dir, "t"));
        // all cuts fall inside the header or the metadata section (tokens, merges, template: about 5 KB)
        for (int cut : new int[] {0, 3, 23, 40, 200, 1_000, 2_500}) {
            Path f = Files.write(dir.resolve("cut" + cut + ".gguf"), Arrays.copyOf(whole, cut));
            assertThatThrownBy(() -> GgufMetadata.read(f)).as("cut at %d", cut).isInstanceOf(IOException.class)
                    .hasMessageContaining("cut" + cut + ".gguf");
        }
    }

    @Test
    void hugeLengthsFailWithoutAllocating() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GGUF".getBytes()).putInt(3).putLong(0).putLong(1);
        b.putLong(Long.MAX_VALUE / 2); // key length: far beyond the file
        Path f = Files.write(dir.resolve("huge.gguf"), b.array());
        assertThatThrownBy(() -> GgufMetadata.read(f)).isInstanceOf(IOException.class).hasMessageContaining("huge.gguf");

        ByteBuffer c = ByteBuffer.allocate(80).order(ByteOrder.LITTLE_ENDIAN);
        c.put("GGUF".getBytes()).putInt(3).putLong(0).putLong(1);
        c.putLong(3).put("abc".getBytes()).putInt(9).putInt(8).putLong(1L << 40); // string array of 2^40 items
        Path g = Files.write(dir.resolve("arr.gguf"), c.array());
        assertThatThrownBy(() -> GgufMetadata.read(g)).isInstanceOf(IOException.class).hasMessageContaining("does not fit");
    }

    @Test
    void missingArchitectureIsAnError() throws IOException {
        Path f = dir.resolve("noarch.gguf");
        new GgufWriter().putString("general.name", "x").write(f);
        assertThatThrownBy(() -> GgufMetadata.read(f)).hasMessageContaining("general.architecture");
    }
}
