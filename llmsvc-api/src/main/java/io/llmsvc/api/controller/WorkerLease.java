package io.llmsvc.api.controller;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where to send one request: the worker chosen by the dispatch policy. Tokens flow from it directly. */
public record WorkerLease(@JsonProperty("worker_id") String workerId, String address, String model) {}
