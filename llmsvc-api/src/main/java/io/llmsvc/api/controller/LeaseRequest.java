package io.llmsvc.api.controller;

import java.util.Set;

/** Asks for a worker serving {@code model}, skipping {@code exclude} (workers that already failed this request). */
public record LeaseRequest(String model, Set<String> exclude) {}
