package io.llmsvc.api.worker;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Set;

/**
 * A model a worker serves.
 *
 * @param id            the model id clients name ({@code /v1/models})
 * @param engine        {@code llamacpp} or {@code upstream}
 * @param contextLength tokens per request (per slot), 0 when unknown
 * @param capabilities  a subset of {@code chat, completion, embeddings, tools, json}
 */
public record ModelCard(
        String id,
        String engine,
        @JsonProperty("context_length") int contextLength,
        Set<String> capabilities) {

    public static final String CHAT = "chat";
    public static final String COMPLETION = "completion";
    public static final String EMBEDDINGS = "embeddings";
    public static final String TOOLS = "tools";
    public static final String JSON = "json";

    public boolean can(String capability) { return capabilities != null && capabilities.contains(capability); }
}
