package io.llmsvc.agents.router;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.runtime.config.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RouterPropertiesTest {

    @Test
    void defaultsAreValid() {
        assertThatCode(() -> RouterProperties.defaults().validate()).doesNotThrowAnyException();
    }

    @Test
    void eachWrongValueNamesItsSetting() {
        expect(new RouterProperties("", "merge", 0.4, true, 0.5, Duration.ofSeconds(10), true, 4000), "llmsvc.router.intents-mode");
        expect(new RouterProperties("", "extend", 1.0, true, 0.5, Duration.ofSeconds(10), true, 4000), "llmsvc.router.confidence-threshold");
        expect(new RouterProperties("", "extend", -0.1, true, 0.5, Duration.ofSeconds(10), true, 4000), "llmsvc.router.confidence-threshold");
        expect(new RouterProperties("", "extend", 0.4, true, 1.5, Duration.ofSeconds(10), true, 4000), "llmsvc.router.llm-weight");
        expect(new RouterProperties("", "extend", 0.4, true, 0.5, Duration.ofMillis(5), true, 4000), "llmsvc.router.llm-timeout");
        expect(new RouterProperties("", "extend", 0.4, true, 0.5, Duration.ofSeconds(10), true, 0), "llmsvc.router.max-message-length");
    }

    @Test
    void aBrokenIntentsFileStopsTheStart(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("intents.yaml");
        Files.writeString(f, "intents:\n  - name: weather\n    target: w\n    description: d\n");
        expect(new RouterProperties(f.toString(), "extend", 0.4, true, 0.5, Duration.ofSeconds(10), true, 4000), "llmsvc.router.intents-file");
    }

    private static void expect(RouterProperties p, String setting) {
        assertThatThrownBy(p::validate).isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("invalid setting " + setting + ":");
    }
}
