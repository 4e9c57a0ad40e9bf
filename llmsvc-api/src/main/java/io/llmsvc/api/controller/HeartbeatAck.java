package io.llmsvc.api.controller;

/** {@code known=false} tells a worker the controller forgot it (expired, restarted): register again. */
public record HeartbeatAck(boolean known) {}
