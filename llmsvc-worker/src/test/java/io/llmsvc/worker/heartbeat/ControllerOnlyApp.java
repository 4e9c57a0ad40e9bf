package io.llmsvc.worker.heartbeat;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A process running only the controller target, for announcing to over real HTTP. */
@SpringBootApplication(scanBasePackages = {"io.llmsvc.controller", "io.llmsvc.runtime"})
public class ControllerOnlyApp {}
