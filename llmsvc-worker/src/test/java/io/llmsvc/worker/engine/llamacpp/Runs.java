package io.llmsvc.worker.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.api.worker.ChatMessage;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.ResponseFormat;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.worker.WorkerProperties;
import io.llmsvc.worker.engine.InferenceEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Helpers for engine tests: settings, requests and draining a stream. */
final class Runs {
    record Result(String text, List<GenerationEvent> events, GenerationEvent.Done done) {}

    static WorkerProperties settings(int slots, int ctx) {
        return new WorkerProperties("test", slots, ctx, 1, "128m", Duration.ofSeconds(90), Duration.ofSeconds(2), Map.of(), List.of());
    }

    static GenerationRequest prompt(String prompt, Integer maxTokens) {
        return new GenerationRequest("r", "m", null, prompt, maxTokens, 0f, null, null, null, null, null, null, null);
    }

    static GenerationRequest chat(String user, Integer maxTokens, List<String> stop, ResponseFormat format) {
        return new GenerationRequest("r", "m", List.of(ChatMessage.of("user", user)), null, maxTokens, 0f, null, 1,
                stop, format, null, null, null);
    }

    /** Drains the stream; asserts deltas come first and exactly one Done ends it. */
    static Result run(InferenceEngine engine, GenerationRequest req) {
        List<GenerationEvent> events = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        try (TokenStream s = engine.generate(req)) {
            while (s.hasNext()) {
                GenerationEvent e = s.next();
                assertThat(events).noneMatch(prev -> !(prev instanceof GenerationEvent.Delta));
                events.add(e);
                if (e instanceof GenerationEvent.Delta d) text.append(d.text());
            }
        }
        assertThat(events).isNotEmpty();
        assertThat(events.getLast()).as("last event").isInstanceOf(GenerationEvent.Done.class);
        return new Result(text.toString(), events, (GenerationEvent.Done) events.getLast());
    }

    private Runs() {}
}
