package io.llmsvc.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The OpenAI-compatible API over real HTTP, driven by the official OpenAI Java SDK, on tiny real GGUF models. */
class OpenAiApiIT {
    static TestServer server;
    static OpenAIClient client;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        client = OpenAIOkHttpClient.builder().baseUrl(server.url() + "/v1").apiKey(TestServer.KEY).maxRetries(0).build();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
    }

    private static ChatCompletionCreateParams.Builder chat(String text) {
        return ChatCompletionCreateParams.builder().model("tiny").addUserMessage(text).temperature(0.0);
    }

    @Test
    void listsTheModelsOfTheModelsDirectory() {
        List<String> ids = client.models().list().items().stream().map(m -> m.id()).toList();
        assertThat(ids).contains("tiny", "tiny-embed");
    }

    @Test
    void completesAChatWithUsageAndIsDeterministicAtTemperatureZero() {
        ChatCompletion a = client.chat().completions().create(chat("Hello there").maxCompletionTokens(12).build());
        ChatCompletion b = client.chat().completions().create(chat("Hello there").maxCompletionTokens(12).build());
        assertThat(a.choices()).hasSize(1);
        assertThat(a.choices().get(0).message().content()).isPresent();
        assertThat(a.choices().get(0).message().content()).isEqualTo(b.choices().get(0).message().content());
        assertThat(a.usage()).isPresent();
        assertThat(a.usage().get().promptTokens()).isPositive();
        assertThat(a.usage().get().completionTokens()).isBetween(1L, 12L);
        assertThat(a.model()).isEqualTo("tiny");
    }

    @Test
    void maxTokensEndsWithFinishReasonLength() {
        ChatCompletion c = client.chat().completions().create(chat("Count").maxTokens(3).build());
        ChatCompletion.Choice choice = c.choices().get(0);
        if (ChatCompletion.Choice.FinishReason.LENGTH.equals(choice.finishReason())) {
            assertThat(c.usage().get().completionTokens()).isEqualTo(3);
        } else {
            assertThat(c.usage().get().completionTokens()).isLessThan(3);
        }
    }

    @Test
    void streamsChunksThenUsageAndTheTextEqualsTheNonStreamedOne() {
        ChatCompletionCreateParams params = chat("Stream me").maxCompletionTokens(10)
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        StringBuilder text = new StringBuilder();
        List<String> finish = new ArrayList<>();
        List<Long> usage = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> {
                for (ChatCompletionChunk.Choice ch : chunk.choices()) {
                    ch.delta().content().ifPresent(text::append);
                    ch.finishReason().ifPresent(f -> finish.add(f.asString()));
                }
                chunk.usage().ifPresent(u -> usage.add(u.completionTokens()));
            });
        }
        assertThat(finish).hasSize(1);
        assertThat(usage).hasSize(1);
        assertThat(usage.get(0)).isBetween(1L, 10L);
        String whole = client.chat().completions().create(chat("Stream me").maxCompletionTokens(10).build())
                .choices().get(0).message().content().orElse("");
        assertThat(text.toString()).isEqualTo(whole);
    }

    @Test
    void stopStringsAreNotIncluded() {
        String free = client.chat().completions().create(chat("abc").maxCompletionTokens(16).build())
                .choices().get(0).message().content().orElse("");
        if (free.length() < 4) return; // nothing to cut
        String stop = free.substring(2, 4);
        ChatCompletion c = client.chat().completions().create(chat("abc").maxCompletionTokens(16).stop(stop).build());
        String text = c.choices().get(0).message().content().orElse("");
        assertThat(text).doesNotContain(stop);
        assertThat(free).startsWith(text);
        assertThat(c.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
    }

    @Test
    void jsonObjectOutputParsesWhenItFinishes() {
        ChatCompletion c = client.chat().completions().create(chat("Give me JSON").maxCompletionTokens(200)
                .responseFormat(ResponseFormatJsonObject.builder().build()).build());
        String text = c.choices().get(0).message().content().orElse("");
        assertThat(text.strip()).startsWith("{");
        if (ChatCompletion.Choice.FinishReason.STOP.equals(c.choices().get(0).finishReason())) {
            JsonNode node = JsonMapper.builder().build().readTree(text);
            assertThat(node.isObject()).isTrue();
        }
    }

    @Test
    void jsonSchemaOutputHasTheSchemaShape() {
        ResponseFormatJsonSchema.JsonSchema.Schema schema = ResponseFormatJsonSchema.JsonSchema.Schema.builder()
                .putAdditionalProperty("type", JsonValue.from("object"))
                .putAdditionalProperty("properties", JsonValue.from(Map.of("ok", Map.of("type", "boolean"))))
                .putAdditionalProperty("required", JsonValue.from(List.of("ok")))
                .build();
        ChatCompletion c = client.chat().completions().create(chat("yes or no?").maxCompletionTokens(60)
                .responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(
                        ResponseFormatJsonSchema.JsonSchema.builder().name("answer").schema(schema).build()).build()).build());
        String text = c.choices().get(0).message().content().orElse("");
        if (ChatCompletion.Choice.FinishReason.STOP.equals(c.choices().get(0).finishReason())) {
            JsonNode node = JsonMapper.builder().build().readTree(text);
            assertThat(node.get("ok").isBoolean()).isTrue();
        } else {
            assertThat(text.strip()).startsWith("{");
        }
    }

    @Test
    void legacyCompletionsTakeARawPrompt() {
        Completion c = client.completions().create(CompletionCreateParams.builder().model("tiny").prompt("Once upon")
                .maxTokens(5).temperature(0.0).build());
        assertThat(c.choices()).hasSize(1);
        assertThat(c.usage().get().completionTokens()).isBetween(1L, 5L);
    }

    @Test
    void embeddingsForOneStringAndAList() {
        CreateEmbeddingResponse one = client.embeddings().create(EmbeddingCreateParams.builder().model("tiny-embed")
                .input("hello world").build());
        assertThat(one.data()).hasSize(1);
        List<Float> v = one.data().get(0).embedding();
        assertThat(v).isNotEmpty();
        double norm = Math.sqrt(v.stream().mapToDouble(f -> f * f).sum());
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));
        CreateEmbeddingResponse many = client.embeddings().create(EmbeddingCreateParams.builder().model("tiny-embed")
                .inputOfArrayOfStrings(List.of("first text", "a second, different text")).build());
        assertThat(many.data()).hasSize(2);
        assertThat(many.data().get(0).embedding()).isNotEqualTo(many.data().get(1).embedding());
        assertThat(many.usage().promptTokens()).isPositive();
    }

    @Test
    void embeddingsOnAModelWithoutThemIsA400() {
        assertThatThrownBy(() -> client.embeddings().create(EmbeddingCreateParams.builder().model("tiny").input("x").build()))
                .isInstanceOf(BadRequestException.class);
    }

    @Test
    void unknownModelIs404() {
        assertThatThrownBy(() -> client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("no-such-model").addUserMessage("hi").build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.code()).contains("model_not_found"));
    }

    @Test
    void wrongKeyIs401() {
        OpenAIClient bad = OpenAIOkHttpClient.builder().baseUrl(server.url() + "/v1").apiKey("sk-wrong").maxRetries(0).build();
        assertThatThrownBy(() -> bad.models().list()).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void nGreaterThanOneAndToolsOnALocalModelAreClean400s() {
        assertThatThrownBy(() -> client.chat().completions().create(chat("hi").n(2).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("n");
        assertThatThrownBy(() -> client.chat().completions().create(chat("hi").addTool(
                com.openai.models.chat.completions.ChatCompletionFunctionTool.builder().function(
                        com.openai.models.FunctionDefinition.builder().name("f").build()).build()).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("tools");
    }

    @Test
    void promptLongerThanTheContextIsA400NotATruncation() {
        String longText = "word ".repeat(2000);
        assertThatThrownBy(() -> client.chat().completions().create(chat(longText).maxCompletionTokens(4).build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.code()).contains("context_length_exceeded");
                    assertThat(e.getMessage()).contains("8019");
                });
    }
}
