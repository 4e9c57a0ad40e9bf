package io.llmsvc.agents.router.intents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.runtime.config.InvalidSettingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IntentCatalogTest {
    @TempDir
    Path dir;

    @Test
    void builtInIntentsHaveManyKoreanAndEnglishExamples() {
        IntentCatalog c = IntentCatalog.builtin();
        assertThat(c.names()).containsExactly("document_search", "employee_analysis", "client_info", "general");
        assertThat(c.find("document_search").orElseThrow().target()).isEqualTo("documents");
        assertThat(c.find("employee_analysis").orElseThrow().target()).isEqualTo("employees");
        assertThat(c.find("client_info").orElseThrow().target()).isEqualTo("clients");
        assertThat(c.find("general").orElseThrow().target()).isEqualTo("general");
        for (Intent i : c.intents()) {
            Map<String, Long> perLanguage = i.examples().stream().collect(Collectors.groupingBy(Intent.Example::language, Collectors.counting()));
            assertThat(perLanguage.keySet()).as(i.name()).containsExactlyInAnyOrder("en", "ko");
            assertThat(perLanguage.values()).as(i.name()).allMatch(n -> n >= 40);
            assertThat(i.description()).isNotBlank();
        }
    }

    @Test
    void aFileExtendsTheBuiltInSetByDefault() throws Exception {
        Path f = write("""
                intents:
                  - name: general
                    examples:
                      - "what's up?"
                  - name: it_support
                    target: helpdesk
                    description: Problems with laptops, accounts and printers.
                    examples:
                      en: ["my laptop will not boot", "reset my password please"]
                      ko: ["노트북이 안 켜져요"]
                """);
        IntentCatalog c = IntentCatalog.configured(f.toString(), false);
        assertThat(c.names()).containsExactly("document_search", "employee_analysis", "client_info", "general", "it_support");
        Intent general = c.find("general").orElseThrow();
        assertThat(general.examples()).extracting(Intent.Example::text).contains("what's up?", "Tell me a joke.");
        assertThat(general.description()).isEqualTo(IntentCatalog.builtin().find("general").orElseThrow().description());
        Intent it = c.find("it_support").orElseThrow();
        assertThat(it.target()).isEqualTo("helpdesk");
        assertThat(it.examples()).extracting(Intent.Example::language).containsExactly("en", "en", "ko");
    }

    @Test
    void aFileCanReplaceTheBuiltInSetAndMayBeJson() throws Exception {
        Path f = dir.resolve("intents.json");
        Files.writeString(f, """
                {"intents": [
                  {"name": "general", "target": "general", "description": "Anything else.", "examples": ["hello", "thanks"]},
                  {"name": "weather", "target": "weather-bot", "description": "Weather forecasts.", "examples": {"en": ["will it rain tomorrow"]}}
                ]}
                """);
        IntentCatalog c = IntentCatalog.configured(f.toString(), true);
        assertThat(c.names()).containsExactly("general", "weather");
        assertThat(c.indexOf("weather")).isEqualTo(1);
        assertThat(c.indexOf("document_search")).isEqualTo(-1);
    }

    @Test
    void anIntentWithoutExamplesIsRejectedNamingTheSetting() throws Exception {
        Path f = write("""
                intents:
                  - name: weather
                    target: weather-bot
                    description: Weather forecasts.
                    examples: []
                """);
        assertThatThrownBy(() -> IntentCatalog.configured(f.toString(), false))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageContaining("llmsvc.router.intents-file")
                .hasMessageContaining("'weather' has no examples");
    }

    @Test
    void invalidFilesGiveOneClearLine() throws Exception {
        assertInvalid("intents:\n  - name: general\n    examples: [\"\", \"x\"]\n", "has an empty example");
        assertInvalid("intents:\n  - name: Bad Name\n    target: x\n    description: d\n    examples: [a]\n", "must be 1-64 lower-case");
        assertInvalid("intents:\n  - name: weather\n    examples: [rain]\n", "needs a description");
        assertInvalid("intents:\n  - name: weather\n    description: d\n    examples: [rain]\n", "needs a target");
        assertInvalid("intents:\n  - name: weather\n    target: w\n    description: d\n    examples: [\"Tell me a joke.\"]\n",
                "listed under both 'general' and 'weather'");
        assertInvalid("intents:\n  - name: weather\n    target: w\n    description: d\n    sample: [x]\n", "unknown key 'sample'");
        assertInvalid("intents: [unclosed", "not valid YAML/JSON");
        assertInvalid("- just a list\n", "expected a map with a list under 'intents'");
        assertInvalid("intents:\n  - name: weather\n    target: w\n    description: d\n    examples: [x]\n  - name: weather\n    examples: [y]\n",
                "defined twice");
        Path noGeneral = write("intents:\n  - name: a\n    target: t\n    description: d\n    examples: [x]\n"
                + "  - name: b\n    target: t\n    description: d\n    examples: [y]\n");
        assertThatThrownBy(() -> IntentCatalog.configured(noGeneral.toString(), true))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("an intent named 'general' is required");
        assertThatThrownBy(() -> IntentCatalog.configured(dir.resolve("missing.yaml").toString(), false))
                .isInstanceOf(InvalidSettingException.class).hasMessageContaining("is not a readable file");
    }

    @Test
    void unknownTargetsAreFineAndRepeatedExamplesAreDropped() throws Exception {
        Path f = write("""
                intents:
                  - name: travel
                    target: some-agent-that-does-not-exist
                    description: Booking trips.
                    examples: ["book a flight to Jeju", "Book a flight to Jeju!", "제주도 비행기 예약해줘"]
                """);
        Intent travel = IntentCatalog.configured(f.toString(), false).find("travel").orElseThrow();
        assertThat(travel.target()).isEqualTo("some-agent-that-does-not-exist");
        assertThat(travel.examples()).hasSize(2);
    }

    private void assertInvalid(String yaml, String message) throws Exception {
        Path f = write(yaml);
        assertThatThrownBy(() -> IntentCatalog.configured(f.toString(), false))
                .isInstanceOf(InvalidSettingException.class)
                .hasMessageStartingWith("invalid setting llmsvc.router.intents-file: ")
                .hasMessageContaining(message);
    }

    private Path write(String content) throws Exception {
        Path f = Files.createTempFile(dir, "intents", ".yaml");
        Files.writeString(f, content);
        return f;
    }
}
