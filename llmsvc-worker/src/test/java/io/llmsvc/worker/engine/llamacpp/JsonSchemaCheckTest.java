package io.llmsvc.worker.engine.llamacpp;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.runtime.internal.InternalJson;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonSchemaCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"object\",\"properties\":{\"a\":{\"type\":[\"integer\",\"null\"]},\"b\":{\"type\":\"array\",\"items\":{\"type\":\"string\"},\"maxItems\":3}},\"required\":[\"a\"],\"additionalProperties\":false}",
            "{\"enum\":[\"a\",1,null]}",
            "{\"$defs\":{\"p\":{\"type\":\"integer\",\"minimum\":0}},\"$ref\":\"#/$defs/p\"}",
            "{\"anyOf\":[{\"type\":\"string\",\"format\":\"date\"},{\"type\":\"boolean\"}],\"description\":\"x\"}"})
    void admitsSupportedSchemas(String schema) {
        assertThatCode(() -> JsonSchemaCheck.check(InternalJson.MAPPER.readTree(schema))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\":\"nonsense\"}", "[1,2]", "{\"$ref\":\"#/$defs/missing\"}", "{\"$ref\":\"http://x/y\"}",
            "{\"type\":\"string\",\"pattern\":\"(?=a)\"}", "{\"anyOf\":[]}", "{\"type\":\"string\",\"format\":\"email\"}",
            "{\"properties\":{\"a\":5}}", "{\"if\":{}}"})
    void rejectsEverythingElseAsInvalidRequest(String schema) {
        assertThatThrownBy(() -> JsonSchemaCheck.check(InternalJson.MAPPER.readTree(schema)))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    org.assertj.core.api.Assertions.assertThat(e.param()).isEqualTo(JsonSchemaCheck.PARAM);
                });
    }
}
