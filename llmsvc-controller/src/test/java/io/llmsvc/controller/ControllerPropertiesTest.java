package io.llmsvc.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.runtime.config.InvalidSettingException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class ControllerPropertiesTest {

    private static ControllerProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("llmsvc.controller", ControllerProperties.class);
    }

    @Test
    void bindsDefaultsThatMatchDefaults() {
        ControllerProperties p = bind(Map.of());
        assertThat(p).isEqualTo(ControllerProperties.defaults());
        assertThat(p.policy()).isEqualTo("shortest-queue");
        assertThat(p.workerExpiry()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.expiredRetention()).isEqualTo(Duration.ofSeconds(50));
        p.validate();
    }

    @Test
    void bindsKebabCaseSettings() {
        ControllerProperties p = bind(Map.of("llmsvc.controller.policy", "lottery", "llmsvc.controller.worker-expiry", "3s",
                "llmsvc.controller.cooldown", "250ms", "llmsvc.controller.max-cooldown", "2s",
                "llmsvc.controller.failures-to-cooldown", "2"));
        assertThat(p).isEqualTo(new ControllerProperties("lottery", Duration.ofSeconds(3), Duration.ofMillis(250), Duration.ofSeconds(2), 2));
        p.validate();
    }

    @Test
    void rejectsWrongValuesNamingTheSetting() {
        assertThatThrownBy(() -> bind(Map.of("llmsvc.controller.policy", "fastest")).validate())
                .isInstanceOfSatisfying(InvalidSettingException.class, e -> {
                    assertThat(e.setting()).isEqualTo("llmsvc.controller.policy");
                    assertThat(e.getMessage()).contains("shortest-queue, lottery, round-robin");
                });
        assertThatThrownBy(() -> bind(Map.of("llmsvc.controller.worker-expiry", "10ms")).validate())
                .hasMessageContaining("llmsvc.controller.worker-expiry");
        assertThatThrownBy(() -> bind(Map.of("llmsvc.controller.cooldown", "-1s")).validate())
                .hasMessageContaining("llmsvc.controller.cooldown");
        assertThatThrownBy(() -> bind(Map.of("llmsvc.controller.cooldown", "90s")).validate())
                .hasMessageContaining("llmsvc.controller.max-cooldown");
        assertThatThrownBy(() -> bind(Map.of("llmsvc.controller.failures-to-cooldown", "0")).validate())
                .hasMessageContaining("llmsvc.controller.failures-to-cooldown");
    }
}
