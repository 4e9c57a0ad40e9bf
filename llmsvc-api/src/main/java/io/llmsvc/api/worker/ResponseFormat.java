package io.llmsvc.api.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.JsonNode;

/**
 * Output constraint: {@code type} is {@code text}, {@code json_object} or {@code json_schema}; for the last,
 * {@code schema} holds the JSON schema and {@code name} its name.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponseFormat(String type, String name, JsonNode schema, Boolean strict) {
    public static final String TEXT = "text";
    public static final String JSON_OBJECT = "json_object";
    public static final String JSON_SCHEMA = "json_schema";

    @JsonProperty("is_json")
    public boolean isJson() { return JSON_OBJECT.equals(type) || JSON_SCHEMA.equals(type); }
}
