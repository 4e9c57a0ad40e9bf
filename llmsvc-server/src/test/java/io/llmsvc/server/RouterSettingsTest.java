package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.runtime.config.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/** The router's settings are checked with the others before anything starts. */
class RouterSettingsTest {

    @Test
    void defaultsPassAndWrongValuesStopTheStartNamingTheSetting(@TempDir Path dir) throws Exception {
        assertThatCode(() -> LlmsvcMain.settings().check(new MockEnvironment())).doesNotThrowAnyException();

        MockEnvironment threshold = new MockEnvironment().withProperty("llmsvc.router.confidence-threshold", "1.5");
        assertThatThrownBy(() -> LlmsvcMain.settings().check(threshold)).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("invalid setting llmsvc.router.confidence-threshold:");

        MockEnvironment missing = new MockEnvironment().withProperty("llmsvc.router.intents-file", dir.resolve("none.yaml").toString());
        assertThatThrownBy(() -> LlmsvcMain.settings().check(missing)).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("invalid setting llmsvc.router.intents-file:");

        Path file = dir.resolve("intents.yaml");
        Files.writeString(file, "intents:\n  - name: weather\n    target: weather-bot\n    description: Forecasts.\n    examples: [will it rain]\n");
        MockEnvironment good = new MockEnvironment().withProperty("llmsvc.router.intents-file", file.toString())
                .withProperty("llmsvc.router.intents-mode", "extend").withProperty("llmsvc.router.llm-timeout", "3s");
        assertThatCode(() -> LlmsvcMain.settings().check(good)).doesNotThrowAnyException();
        MockEnvironment replace = new MockEnvironment().withProperty("llmsvc.router.intents-file", file.toString())
                .withProperty("llmsvc.router.intents-mode", "replace");
        assertThatThrownBy(() -> LlmsvcMain.settings().check(replace)).isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("at least two intents");
    }
}
