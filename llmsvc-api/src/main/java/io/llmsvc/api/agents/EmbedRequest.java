package io.llmsvc.api.agents;

import java.util.List;

/** {@code POST /api/documents/embed}: up to 256 texts. */
public record EmbedRequest(List<String> input) {}
