package io.llmsvc.gateway.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.LlmsvcException;
import org.junit.jupiter.api.Test;

class PasswordRulesTest {

    @Test
    void passwordLengthAndNotTheUsername() {
        assertThatThrownBy(() -> UserAccounts.checkPassword("amy", "short", "password")).hasMessageContaining("10 to 200");
        assertThatThrownBy(() -> UserAccounts.checkPassword("amy", "x".repeat(201), "password")).hasMessageContaining("10 to 200");
        assertThatThrownBy(() -> UserAccounts.checkPassword("amy", null, "password")).hasMessageContaining("'password' is required");
        assertThatThrownBy(() -> UserAccounts.checkPassword("LongUserName", "longusername", "new_password"))
                .hasMessage("new_password must not be the username");
        assertThatCode(() -> UserAccounts.checkPassword("amy", "xyzw".repeat(50), "password")).doesNotThrowAnyException();
        // long but guessable: one character, a run, a common password
        assertThatThrownBy(() -> UserAccounts.checkPassword("amy", "x".repeat(200), "password")).hasMessageContaining("4 different characters");
        assertThatThrownBy(() -> UserAccounts.checkPassword("amy", "abcdefghijk", "password")).hasMessageContaining("run of characters");
        assertThatThrownBy(() -> UserAccounts.checkPassword("amy", "Qwerty12345", "password")).hasMessageContaining("commonly used");
        assertThatCode(() -> UserAccounts.checkPassword("amy", "비밀번호는열글자이상", "password")).doesNotThrowAnyException();
    }

    @Test
    void usernames() {
        assertThatCode(() -> UserAccounts.checkUsername("kim.min-su_01@corp")).doesNotThrowAnyException();
        assertThatCode(() -> UserAccounts.checkUsername("김민수")).doesNotThrowAnyException();
        for (String bad : new String[] {"ab", " alice", "alice ", "-alice", "al ice", "a/b/c", "x".repeat(65), ""}) {
            assertThatThrownBy(() -> UserAccounts.checkUsername(bad)).as(bad).isInstanceOf(LlmsvcException.class);
        }
    }

    @Test
    void hashesAreArgon2idAndVerify() {
        PasswordHasher h = new PasswordHasher();
        String hash = h.hash("a long password");
        assertThat(hash).startsWith("$argon2id$");
        assertThat(h.matches("a long password", hash)).isTrue();
        assertThat(h.matches("a long passworD", hash)).isFalse();
        assertThat(h.matches("a long password", "garbage")).isFalse();
        assertThat(h.hash("a long password")).as("salted").isNotEqualTo(hash);
    }
}
