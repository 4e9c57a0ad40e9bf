package io.llmsvc.gateway.keys;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.gateway.auth.KeyLimits;
import io.llmsvc.runtime.web.ApiErrorMapper;
import io.llmsvc.runtime.web.StrictJson;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The body of {@code POST} and {@code PATCH /api/v1/keys}: every field checked for type and range, unknown fields
 * refused. For PATCH, a field that is absent keeps its value and {@code null} removes a limit.
 */
final class KeyForm {
    static final Set<String> FIELDS = Set.of("name", "expires_at", "expires_in_days", "allowed_models", "rpm", "tpm",
            "max_concurrent", "budget_tokens", "budget_period");
    static final int MAX_NAME = 100;
    static final int MAX_MODELS = 100;
    static final int MAX_EXPIRY_DAYS = 3650;
    /** TIMESTAMP columns of MariaDB/MySQL end in January 2038. */
    static final Instant LATEST_EXPIRY = Instant.parse("2037-12-31T23:59:59Z");
    static final long MAX_LIMIT = 1_000_000_000L;
    static final long MAX_BUDGET = 1_000_000_000_000_000L;

    final Set<String> present = new HashSet<>();
    String name;
    Instant expiresAt;
    Set<String> allowedModels;
    Integer rpm;
    Integer tpm;
    Integer maxConcurrent;
    Long budgetTokens;
    String budgetPeriod;

    static KeyForm parse(byte[] body, Instant now) {
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : StrictJson.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ApiErrorMapper.describeUnreadable(e);
        }
        if (root == null || !root.isObject()) throw LlmsvcException.invalid(null, "the body must be a JSON object");
        KeyForm f = new KeyForm();
        for (String field : root.propertyNames()) {
            if (!FIELDS.contains(field)) throw LlmsvcException.invalid(field, "unknown field '" + field + "'");
            f.present.add(field);
        }
        if (f.has("expires_at") && f.has("expires_in_days") && !root.get("expires_at").isNull() && !root.get("expires_in_days").isNull()) {
            throw LlmsvcException.invalid("expires_at", "give either 'expires_at' or 'expires_in_days', not both");
        }
        JsonNode n;
        if ((n = root.get("name")) != null) {
            if (!n.isString() || n.asString().isBlank()) throw LlmsvcException.invalid("name", "'name' must be a non-empty string");
            String s = n.asString().strip();
            if (s.length() > MAX_NAME) throw LlmsvcException.invalid("name", "'name' takes at most " + MAX_NAME + " characters");
            if (s.chars().anyMatch(Character::isISOControl)) throw LlmsvcException.invalid("name", "'name' must not contain control characters");
            f.name = s;
        }
        if ((n = root.get("expires_at")) != null && !n.isNull()) {
            if (!n.isString()) throw LlmsvcException.invalid("expires_at", "'expires_at' must be an ISO-8601 time such as 2030-01-31T00:00:00Z");
            try {
                f.expiresAt = Instant.parse(n.asString());
            } catch (DateTimeParseException e) {
                throw LlmsvcException.invalid("expires_at", "'expires_at' must be an ISO-8601 time such as 2030-01-31T00:00:00Z");
            }
            if (!f.expiresAt.isAfter(now)) throw LlmsvcException.invalid("expires_at", "'expires_at' must be in the future");
            if (f.expiresAt.isAfter(LATEST_EXPIRY)) throw LlmsvcException.invalid("expires_at", "'expires_at' must be before 2038");
        }
        if ((n = root.get("expires_in_days")) != null && !n.isNull()) {
            long days = integer(n, "expires_in_days", 1, MAX_EXPIRY_DAYS);
            f.expiresAt = now.plus(days, ChronoUnit.DAYS);
            if (f.expiresAt.isAfter(LATEST_EXPIRY)) throw LlmsvcException.invalid("expires_in_days", "the expiry must be before 2038");
            f.present.add("expires_at");
        }
        if ((n = root.get("allowed_models")) != null && !n.isNull()) {
            if (!n.isArray()) throw LlmsvcException.invalid("allowed_models", "'allowed_models' must be an array of model ids");
            if (n.size() > MAX_MODELS) throw LlmsvcException.invalid("allowed_models", "'allowed_models' takes at most " + MAX_MODELS + " models");
            Set<String> models = new LinkedHashSet<>();
            for (JsonNode m : n) {
                if (!m.isString() || m.asString().isBlank() || m.asString().length() > 256 || m.asString().contains(",")) {
                    throw LlmsvcException.invalid("allowed_models", "'allowed_models' must hold model ids (non-empty strings without commas)");
                }
                models.add(m.asString().strip());
            }
            f.allowedModels = models.isEmpty() ? null : Set.copyOf(models);
        }
        f.rpm = intField(root, "rpm");
        f.tpm = intField(root, "tpm");
        f.maxConcurrent = intField(root, "max_concurrent");
        if ((n = root.get("budget_tokens")) != null && !n.isNull()) f.budgetTokens = integer(n, "budget_tokens", 1, MAX_BUDGET);
        if ((n = root.get("budget_period")) != null && !n.isNull()) {
            if (!n.isString() || !("day".equals(n.asString()) || "month".equals(n.asString()))) {
                throw LlmsvcException.invalid("budget_period", "'budget_period' must be 'day' or 'month'");
            }
            f.budgetPeriod = n.asString();
        }
        return f;
    }

    boolean has(String field) { return present.contains(field); }

    /** The limits of a new key, or of {@code current} changed by this form. */
    KeyLimits limits(KeyLimits current) {
        KeyLimits c = current == null ? KeyLimits.NONE : current;
        Long budget = has("budget_tokens") ? budgetTokens : c.budgetTokens();
        String period = has("budget_period") ? budgetPeriod : c.budgetPeriod();
        if (budget != null && period == null) period = "month";
        if (budget == null && period != null) {
            if (has("budget_period")) throw LlmsvcException.invalid("budget_period", "'budget_period' needs 'budget_tokens'");
            period = null; // the budget was removed: its period goes with it
        }
        return new KeyLimits(has("allowed_models") ? allowedModels : c.allowedModels(),
                has("rpm") ? rpm : c.requestsPerMinute(),
                has("tpm") ? tpm : c.tokensPerMinute(),
                has("max_concurrent") ? maxConcurrent : c.maxConcurrent(),
                budget, period);
    }

    private static Integer intField(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? null : (int) integer(n, field, 1, MAX_LIMIT);
    }

    private static long integer(JsonNode n, String field, long min, long max) {
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
            throw LlmsvcException.invalid(field, "'" + field + "' must be an integer from " + min + " to " + max + " (or null for none)");
        }
        return n.asLong();
    }
}
