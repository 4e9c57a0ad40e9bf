package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sign-up refuses guessable passwords, the system's own names and look-alike names, and bounds how many accounts one
 * address may make (each costs a memory-hard hash); over real HTTP with the per-address limit at 4.
 */
class SignupRulesIT {
    static TestServer server;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("--llmsvc.users.signups-per-address=4");
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    static HttpResponse<String> signup(String name, String password) throws Exception {
        return server.send("POST", "/api/v1/auth/signup", JSON.writeValueAsString(java.util.Map.of("username", name, "password", password)));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("weakling", "aaaaaaaaaa", "at least 4 different characters"),
                Arguments.of("weakling", "          ", "must not be blank"),
                Arguments.of("weakling", "abababababab", "at least 4 different characters"),
                Arguments.of("weakling", "0123456789", "run of characters"),
                Arguments.of("weakling", "1234567890", "most commonly used"),
                Arguments.of("weakling", "ZYXWVUTSRQPO", "run of characters"),
                Arguments.of("weakling", "Password123", "most commonly used"),
                Arguments.of("weakling", "qwertyuiop", "most commonly used"),
                Arguments.of("admin", "a good long passphrase", "reserved"),
                Arguments.of("Bootstrap", "a good long passphrase", "reserved"),
                Arguments.of("ｒｏｏｔ", "a good long passphrase", "reserved"),
                // Cyrillic а (U+0430) then Latin "lice"
                Arguments.of("\u0430lice", "a good long passphrase", "must not mix Latin"),
                Arguments.of("p\u03b1ul", "a good long passphrase", "must not mix Latin"));
    }

    @ParameterizedTest
    @MethodSource("refused")
    void refusedWithAClearReason(String name, String password, String reason) throws Exception {
        HttpResponse<String> res = signup(name, password);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(400);
        assertThat(JSON.readTree(res.body()).path("error").path("message").asString()).contains(reason);
    }

    @Test
    void namesAreComparedInNfkcAndOneAddressIsLimited() throws Exception {
        assertThat(signup("alice", "alices good passphrase").statusCode()).isEqualTo(201);
        // full-width ａｌｉｃｅ is alice: taken, not a second account that looks the same
        HttpResponse<String> twin = signup("ａｌｉｃｅ", "another good passphrase");
        assertThat(twin.statusCode()).as(twin.body()).isEqualTo(409);
        // and logs in as alice
        HttpResponse<String> login = server.send("POST", "/api/v1/auth/login", "{\"username\":\"ＡＬＩＣＥ\",\"password\":\"alices good passphrase\"}");
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        // Korean and Cyrillic names of one script are fine
        assertThat(signup("김민지", "minjis good passphrase").statusCode()).isEqualTo(201);
        assertThat(signup("борис", "borises good passphrase").statusCode()).isEqualTo(201);
        // the invalid requests did not count; the taken name did (it was hashed): this is the fifth
        HttpResponse<String> fifth = signup("dmitri", "dmitris good passphrase");
        assertThat(fifth.statusCode()).as(fifth.body()).isEqualTo(429);
        assertThat(fifth.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(fifth.body()).path("error").path("message").asString()).contains("too many sign-ups from this address");
    }
}
