package io.llmsvc.api.agents;

/** One configured intent: its name, what it means, and the target that serves it. */
public record IntentInfo(String name, String description, String target, int examples) {}
