package io.llmsvc.server;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The one Spring application; which beans exist depends on {@code llmsvc.target}. */
@SpringBootApplication(scanBasePackages = "io.llmsvc")
public class LlmsvcApplication {
}
