package io.llmsvc.api.agents;

/** {@code POST /api/documents} with a JSON body {@code {"url", "visibility", "title"}}. */
public record UrlIngestRequest(String url, String visibility, String title) {}
