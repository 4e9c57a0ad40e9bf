package io.llmsvc.worker.engine.llamacpp;

import io.llmsvc.api.LlmsvcException;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Admits only JSON schemas that llama.cpp's schema-to-grammar converter is known to handle. The converter reports
 * unsupported input by throwing a C++ exception that the binding does not catch, which aborts the whole runner JVM;
 * so anything outside this allow-list is rejected here with a 400 naming the problem.
 */
final class JsonSchemaCheck {
    static final String PARAM = "response_format.json_schema";
    private static final int MAX_DEPTH = 24;
    private static final int MAX_NODES = 2000;
    private static final Set<String> TYPES = Set.of("object", "array", "string", "number", "integer", "boolean", "null");
    private static final Set<String> ANNOTATIONS = Set.of("description", "title", "$schema", "$id", "$comment", "default",
            "examples", "deprecated", "readOnly", "writeOnly", "strict", "name");
    private static final Set<String> FORMATS = Set.of("date", "time", "date-time", "uuid");

    private final JsonNode root;
    private int nodes;

    private JsonSchemaCheck(JsonNode root) {
        this.root = root;
    }

    /** @throws LlmsvcException INVALID_REQUEST when the schema is missing, malformed or uses unsupported features */
    static void check(JsonNode schema) {
        if (schema == null || !schema.isObject()) throw invalid("json_schema needs a \"schema\" that is a JSON object");
        new JsonSchemaCheck(schema).node(schema, "#", 0);
    }

    private void node(JsonNode s, String at, int depth) {
        if (++nodes > MAX_NODES) throw invalid("the JSON schema is too large (over " + MAX_NODES + " sub-schemas)");
        if (depth > MAX_DEPTH) throw invalid("the JSON schema nests deeper than " + MAX_DEPTH + " levels");
        if (s.isBoolean()) return;
        if (!s.isObject()) throw invalid("schema at " + at + " must be an object");
        for (String key : s.propertyNames()) {
            JsonNode v = s.get(key);
            String here = at + "/" + key;
            switch (key) {
                case "type" -> type(v, here);
                case "properties", "$defs", "definitions" -> {
                    if (!v.isObject()) throw invalid(here + " must be an object");
                    for (String name : v.propertyNames()) node(v.get(name), here + "/" + name, depth + 1);
                }
                case "items", "additionalProperties" -> {
                    if (!v.isBoolean()) node(v, here, depth + 1);
                }
                case "prefixItems", "anyOf", "oneOf", "allOf" -> {
                    if (!v.isArray() || v.isEmpty()) throw invalid(here + " must be a non-empty array");
                    for (int i = 0; i < v.size(); i++) node(v.get(i), here + "/" + i, depth + 1);
                }
                case "required" -> {
                    if (!v.isArray()) throw invalid(here + " must be an array of property names");
                    for (JsonNode r : v) if (!r.isString()) throw invalid(here + " must be an array of property names");
                }
                case "enum" -> {
                    if (!v.isArray() || v.isEmpty()) throw invalid(here + " must be a non-empty array");
                }
                case "const" -> { /* any JSON value */ }
                case "minItems", "maxItems", "minLength", "maxLength" -> {
                    if (!v.canConvertToInt() || v.asInt() < 0) throw invalid(here + " must be a non-negative integer");
                }
                case "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum" -> {
                    if (!v.isNumber()) throw invalid(here + " must be a number");
                }
                case "format" -> {
                    if (!v.isString() || !FORMATS.contains(v.asString())) {
                        throw invalid(here + ": only the formats " + FORMATS + " are supported");
                    }
                }
                case "$ref" -> ref(v, here);
                default -> {
                    if (!ANNOTATIONS.contains(key)) throw invalid("JSON schema keyword \"" + key + "\" (at " + at + ") is not supported");
                }
            }
        }
    }

    private static void type(JsonNode v, String at) {
        if (v.isString() && TYPES.contains(v.asString())) return;
        if (v.isArray() && !v.isEmpty()) {
            for (JsonNode t : v) if (!t.isString() || !TYPES.contains(t.asString())) throw invalid(at + " has an unknown type " + t);
            return;
        }
        throw invalid(at + " must be one of " + TYPES + " or an array of them");
    }

    private void ref(JsonNode v, String at) {
        if (!v.isString()) throw invalid(at + " must be a string");
        String ref = v.asString();
        if (!ref.startsWith("#/")) throw invalid(at + ": only local references (#/$defs/...) are supported");
        JsonNode target = root;
        for (String part : ref.substring(2).split("/")) {
            target = target == null ? null : target.get(part.replace("~1", "/").replace("~0", "~"));
        }
        if (target == null || target.isMissingNode()) throw invalid(at + ": reference " + ref + " does not resolve");
    }

    private static LlmsvcException invalid(String message) {
        return LlmsvcException.invalid(PARAM, message);
    }
}
