package io.llmsvc.gateway.openai;

import io.llmsvc.runtime.web.StrictJson;
import tools.jackson.databind.json.JsonMapper;

/** {@code /v1} bodies are read with the strict public reader ({@link StrictJson}) and answers written with it. */
final class OpenAiJson {
    static final JsonMapper MAPPER = StrictJson.MAPPER;

    static <T> T read(byte[] body, Class<T> type) {
        return StrictJson.read(body, type);
    }

    private OpenAiJson() {}
}
