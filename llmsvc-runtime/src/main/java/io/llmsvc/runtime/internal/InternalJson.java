package io.llmsvc.runtime.internal;

import io.llmsvc.api.Secret;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;

/**
 * The JSON mapper for calls between targets. Unlike the public mapper it writes {@link Secret} values (a provider
 * key must reach the worker that uses it); it is used only on authenticated internal connections.
 */
public final class InternalJson {
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .addModule(new SimpleModule("llmsvc-internal")
                    .addSerializer(Secret.class, new ValueSerializer<>() {
                        @Override
                        public void serialize(Secret value, JsonGenerator gen, SerializationContext ctxt) {
                            gen.writeString(value.reveal());
                        }
                    })
                    .addDeserializer(Secret.class, new ValueDeserializer<>() {
                        @Override
                        public Secret deserialize(JsonParser p, DeserializationContext ctxt) {
                            return Secret.of(p.getValueAsString());
                        }
                    }))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** A required JSON object body of an internal call; malformed or missing → 400 {@code invalid_request}. */
    public static <T> T readBody(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) throw io.llmsvc.api.LlmsvcException.invalid(null, "the request body must be a JSON object");
        T value;
        try {
            value = MAPPER.readValue(body, type);
        } catch (tools.jackson.core.JacksonException e) {
            throw io.llmsvc.runtime.web.ApiErrorMapper.describeUnreadable(e);
        }
        if (value == null) throw io.llmsvc.api.LlmsvcException.invalid(null, "the request body must be a JSON object");
        return value;
    }

    private InternalJson() {}
}
