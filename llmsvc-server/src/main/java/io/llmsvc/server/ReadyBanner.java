package io.llmsvc.server;

import io.llmsvc.runtime.config.LlmsvcProperties;
import io.llmsvc.runtime.target.Target;
import io.llmsvc.runtime.target.Targets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/** One line when the process is ready: where it listens and which targets it runs. */
@Component
class ReadyBanner implements ApplicationListener<ApplicationReadyEvent> {
    private static final Logger log = LoggerFactory.getLogger("io.llmsvc");
    private final Targets targets;
    private final LlmsvcProperties props;

    ReadyBanner(Targets targets, LlmsvcProperties props) {
        this.targets = targets;
        this.props = props;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port", "?");
        log.info("LLM Service ready on http://localhost:{} — targets {}, data {}, models {}", port,
                targets.running().stream().map(Target::id).toList(), props.dataDir().toAbsolutePath().normalize(),
                props.modelsDir().toAbsolutePath().normalize());
    }
}
