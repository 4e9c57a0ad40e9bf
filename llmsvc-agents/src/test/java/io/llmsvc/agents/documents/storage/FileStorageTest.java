package io.llmsvc.agents.documents.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStorageTest {
    @TempDir
    Path dataDir;

    @Test
    void displayNamesLoseDirectoriesAndControlCharacters() {
        assertThat(FileNames.sanitize("../../etc/passwd")).isEqualTo("passwd");
        assertThat(FileNames.sanitize("..\\..\\windows\\system32\\cmd.exe")).isEqualTo("cmd.exe");
        assertThat(FileNames.sanitize("/abs/path/report.pdf")).isEqualTo("report.pdf");
        assertThat(FileNames.sanitize("..")).isEqualTo("document");
        assertThat(FileNames.sanitize("../")).isEqualTo("document");
        assertThat(FileNames.sanitize(null)).isEqualTo("document");
        assertThat(FileNames.sanitize("a\u0000b\r\nc\u0007.txt")).isEqualTo("ab c.txt");
        // a right-to-left override would display "evil‮fdp.exe" as "evilexe.pdf"
        assertThat(FileNames.sanitize("evil\u202Efdp.exe")).isEqualTo("evilfdp.exe");
        assertThat(FileNames.sanitize("  spaced\tname .pdf  ")).isEqualTo("spaced name .pdf");
        assertThat(FileNames.sanitize(".hidden")).isEqualTo("hidden");
        // Korean names from macOS arrive decomposed (NFD); they are stored composed
        String nfd = java.text.Normalizer.normalize("보고서.pdf", java.text.Normalizer.Form.NFD);
        assertThat(nfd).isNotEqualTo("보고서.pdf");
        assertThat(FileNames.sanitize(nfd)).isEqualTo("보고서.pdf");
        String longName = "가".repeat(500) + ".docx";
        String cut = FileNames.sanitize(longName);
        assertThat(cut.codePointCount(0, cut.length())).isEqualTo(FileNames.MAX_LENGTH);
        assertThat(cut).endsWith(".docx").startsWith("가가가");
    }

    @Test
    void originalsAreNamedByIdAndWrittenAtomically() throws Exception {
        FileStorage storage = new FileStorage(dataDir);
        byte[] bytes = "hello 안녕".getBytes(StandardCharsets.UTF_8);
        FileStorage.Staged staged = storage.stage(new ByteArrayInputStream(bytes), 1024);
        assertThat(staged.file().getParent()).isEqualTo(dataDir.resolve("documents/tmp"));
        assertThat(staged.stored().size()).isEqualTo(bytes.length);
        assertThat(staged.stored().sha256()).isEqualTo(HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(storage.exists("doc-1")).isFalse();
        storage.commit(staged, "doc-1");
        assertThat(Files.readAllBytes(dataDir.resolve("documents/files/doc-1"))).isEqualTo(bytes);
        assertThat(Files.exists(staged.file())).isFalse();
        assertThat(storage.ids()).containsExactly("doc-1");
        assertThat(storage.delete("doc-1")).isTrue();
        assertThat(storage.exists("doc-1")).isFalse();
        assertThatThrownBy(() -> storage.path("../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.path("a/b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void tooLargeUploadsLeaveNothingBehind() throws Exception {
        FileStorage storage = new FileStorage(dataDir);
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'x';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 'x');
                return len;
            }
        };
        assertThatThrownBy(() -> storage.stage(endless, 1_000_000))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE));
        try (var files = Files.list(dataDir.resolve("documents/tmp"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void temporaryFilesAreClearedAtStart() throws Exception {
        FileStorage storage = new FileStorage(dataDir);
        storage.stage(new ByteArrayInputStream(new byte[10]), 100);
        storage.stage(new ByteArrayInputStream(new byte[10]), 100);
        assertThat(new FileStorage(dataDir).clearTemporary()).isEqualTo(2);
    }
}
