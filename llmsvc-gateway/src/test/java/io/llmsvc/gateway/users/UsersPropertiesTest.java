package io.llmsvc.gateway.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.runtime.config.InvalidSettingException;
import io.llmsvc.runtime.config.SettingsCheck;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.mock.env.MockEnvironment;

class UsersPropertiesTest {

    static SettingsCheck check() {
        return new SettingsCheck().add("llmsvc.users", UsersProperties.class);
    }

    @Test
    void defaultsBindAndMatchDefaults() {
        assertThatCode(() -> check().check(new MockEnvironment())).doesNotThrowAnyException();
        assertThat(Binder.get(new MockEnvironment()).bindOrCreate("llmsvc.users", UsersProperties.class))
                .isEqualTo(UsersProperties.defaults());
        var bound = Binder.get(new MockEnvironment().withProperty("llmsvc.users.session-idle-timeout", "30m")
                .withProperty("llmsvc.users.roles", "admin, user, Finance")).bindOrCreate("llmsvc.users", UsersProperties.class);
        assertThat(bound.sessionIdleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(bound.roles()).containsExactly("admin", "user", "finance");
    }

    @Test
    void badSettingsNameTheSetting() {
        assertThatThrownBy(() -> check().check(new MockEnvironment().withProperty("llmsvc.users.roles", "user,hr")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("llmsvc.users.roles");
        assertThatThrownBy(() -> check().check(new MockEnvironment().withProperty("llmsvc.users.login-max-lock", "1s")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("llmsvc.users.login-max-lock");
        assertThatThrownBy(() -> check().check(new MockEnvironment().withProperty("llmsvc.users.session-max-age", "0s")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("llmsvc.users.session-max-age");
        assertThatThrownBy(() -> check().check(new MockEnvironment().withProperty("llmsvc.users.login-max-failures", "many")))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("llmsvc.users.login-max-failures");
    }
}
