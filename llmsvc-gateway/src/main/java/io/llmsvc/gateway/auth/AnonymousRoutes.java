package io.llmsvc.gateway.auth;

import java.util.Set;

/** Exact paths under {@code /api} or {@code /v1} that may be called without credentials (login, sign-up). */
public record AnonymousRoutes(Set<String> paths) {}
