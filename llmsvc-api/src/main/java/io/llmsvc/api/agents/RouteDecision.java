package io.llmsvc.api.agents;

import java.util.Map;

/**
 * Where a message goes.
 *
 * @param target the agent target that serves the intent ({@code documents}, {@code employees}, {@code clients})
 *               or {@code general} for the plain chat model
 */
public record RouteDecision(String intent, double confidence, Map<String, Double> scores, String method, String target) {}
