package io.llmsvc.gateway.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Model ids that workers serve (from the controller's worker list, and from requests a worker served): the only
 * values the {@code model} label may take, so the label set stays bounded by configuration.
 */
final class KnownModels {
    static final String OTHER = "other";
    static final int MAX = 500;
    private final Set<String> ids = ConcurrentHashMap.newKeySet();

    void seen(String model) {
        if (ids.size() < MAX) ids.add(model);
    }

    String label(String model) {
        return model != null && ids.contains(model) ? model : OTHER;
    }
}
