package io.llmsvc.controller;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The controller target alone, for HTTP tests: the controller's beans plus the runtime (auth, error mapping). */
@SpringBootApplication(scanBasePackages = {"io.llmsvc.controller", "io.llmsvc.runtime"})
public class ControllerTestApp {}
