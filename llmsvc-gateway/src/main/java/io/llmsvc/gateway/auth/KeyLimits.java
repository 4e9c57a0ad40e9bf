package io.llmsvc.gateway.auth;

import java.util.Set;

/**
 * Limits of one API key; a null field means "no limit".
 *
 * @param allowedModels     model ids the key may use; null or empty = all
 * @param requestsPerMinute requests per rolling minute
 * @param tokensPerMinute   prompt + completion tokens per rolling minute
 * @param maxConcurrent     requests in flight at once
 * @param budgetTokens      tokens per budget period
 * @param budgetPeriod      {@code day} or {@code month} (UTC), with automatic reset
 */
public record KeyLimits(Set<String> allowedModels, Integer requestsPerMinute, Integer tokensPerMinute,
                        Integer maxConcurrent, Long budgetTokens, String budgetPeriod) {
    public static final KeyLimits NONE = new KeyLimits(null, null, null, null, null, null);

    /** Whether any limit is set. */
    public boolean limited() {
        return (allowedModels != null && !allowedModels.isEmpty()) || requestsPerMinute != null || tokensPerMinute != null
                || maxConcurrent != null || budgetTokens != null;
    }

    public boolean allowsModel(String model) {
        return allowedModels == null || allowedModels.isEmpty() || allowedModels.contains(model);
    }
}
