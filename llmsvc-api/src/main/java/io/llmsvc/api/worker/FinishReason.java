package io.llmsvc.api.worker;

import com.fasterxml.jackson.annotation.JsonValue;

/** Why a generation ended, with OpenAI's names. */
public enum FinishReason {
    STOP("stop"), LENGTH("length"), TOOL_CALLS("tool_calls"), CONTENT_FILTER("content_filter"), CANCELLED("cancelled");

    private final String wire;

    FinishReason(String wire) { this.wire = wire; }

    @JsonValue
    public String wire() { return wire; }

    public static FinishReason fromWire(String s) {
        if (s == null) return STOP;
        for (FinishReason r : values()) if (r.wire.equals(s)) return r;
        return STOP;
    }
}
