package io.llmsvc.api.agents;

import java.util.Map;

/**
 * The router's reading of a message.
 *
 * @param intent     the chosen intent; {@code general} when the best score is below the confidence threshold
 * @param confidence calibrated probability of {@code intent} in [0, 1]
 * @param scores     calibrated probability of every known intent (they sum to 1)
 * @param method     how it was decided: {@code classifier} (no LLM) or {@code classifier+llm}
 */
public record IntentAnalysis(String intent, double confidence, Map<String, Double> scores, String method) {}
