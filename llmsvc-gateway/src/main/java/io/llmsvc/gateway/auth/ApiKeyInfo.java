package io.llmsvc.gateway.auth;

/** The API key a request came with: its id, its public prefix (safe to log) and its limits. */
public record ApiKeyInfo(String id, String prefix, KeyLimits limits) {}
