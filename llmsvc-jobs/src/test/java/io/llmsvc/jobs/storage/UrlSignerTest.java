package io.llmsvc.jobs.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.api.Secret;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class UrlSignerTest {
    static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    final UrlSigner signer = new UrlSigner(Secret.of("a-cluster-token-of-some-length"), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aSignatureHoldsForItsRequestAlone() {
        long exp = NOW.getEpochSecond() + 60;
        String sig = signer.sign("PUT", "files/a", exp, "text/plain", 10);
        assertThat(signer.check("PUT", "files/a", Long.toString(exp), "text/plain", 10, sig)).isNull();
        assertThat(signer.check("GET", "files/a", Long.toString(exp), "text/plain", 10, sig)).contains("signature");
        assertThat(signer.check("PUT", "files/b", Long.toString(exp), "text/plain", 10, sig)).contains("signature");
        assertThat(signer.check("PUT", "files/a", Long.toString(exp + 1), "text/plain", 10, sig)).contains("signature");
        assertThat(signer.check("PUT", "files/a", Long.toString(exp), "text/html", 10, sig)).contains("signature");
        assertThat(signer.check("PUT", "files/a", Long.toString(exp), "text/plain", 11, sig)).contains("signature");
        assertThat(signer.check("PUT", "files/a", "soon", "text/plain", 10, sig)).contains("not signed");
        assertThat(signer.check("PUT", "files/a", null, "text/plain", 10, null)).contains("not signed");
    }

    @Test
    void anExpiredUrlIsRefusedAndAnotherKeySignsDifferently() {
        long past = NOW.getEpochSecond() - 1;
        assertThat(signer.check("GET", "k", Long.toString(past), null, -1, signer.sign("GET", "k", past, null, -1))).contains("expired");
        UrlSigner other = new UrlSigner(Secret.of("another-token-of-some-length"), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(other.sign("GET", "k", 5, null, -1)).isNotEqualTo(signer.sign("GET", "k", 5, null, -1));
    }

    @Test
    void fileNamesNeverBecomePathsOrHeaderInjections() {
        assertThat(FileNames.clean("../../etc/passwd")).isEqualTo("passwd");
        assertThat(FileNames.clean("C:\\Users\\me\\보고서.pdf")).isEqualTo("보고서.pdf");
        assertThat(FileNames.clean("a\r\nSet-Cookie: x\".txt")).isEqualTo("aSet-Cookie x.txt");
        assertThat(FileNames.clean("...")).isEqualTo("file");
        assertThat(FileNames.clean(null)).isEqualTo("file");
        assertThat(FileNames.clean("x".repeat(400))).hasSize(255);
        assertThat(FileNames.attachment("보고서.txt")).isEqualTo("attachment; filename=\"___.txt\"; filename*=UTF-8''%EB%B3%B4%EA%B3%A0%EC%84%9C.txt");
        assertThat(LocalObjectStore.validKey("files/abc-1")).isTrue();
        assertThat(LocalObjectStore.validKey("files/../db")).isFalse();
        assertThat(LocalObjectStore.validKey("/etc/passwd")).isFalse();
    }
}
