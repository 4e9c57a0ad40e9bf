package io.llmsvc.gateway.logs;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.runtime.config.InvalidSettingException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LogsPropertiesTest {
    @Test
    void defaultsAreValidAndNonsenseIsRejectedByName() {
        assertThatCode(() -> LogsProperties.defaults().validate()).doesNotThrowAnyException();
        var d = LogsProperties.defaults();
        assertThatThrownBy(() -> new LogsProperties(true, 0, 1, d.flushInterval(), d.retention(), d.retentionInterval(), 1, 1).validate())
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("llmsvc.logs.queue-capacity");
        assertThatThrownBy(() -> new LogsProperties(true, 1, 1, d.flushInterval(), Duration.ofSeconds(1), d.retentionInterval(), 1, 1).validate())
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("llmsvc.logs.retention");
    }
}
