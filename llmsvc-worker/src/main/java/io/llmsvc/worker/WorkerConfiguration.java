package io.llmsvc.worker;

import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.api.controller.WorkerRegistration;
import io.llmsvc.runtime.config.LlmsvcProperties;
import io.llmsvc.runtime.peers.LocalWorkerRef;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import io.llmsvc.worker.heartbeat.WorkerAnnouncer;
import io.llmsvc.worker.slot.LocalWorker;
import java.net.InetAddress;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The worker role: its engines, slots, and the announcer that registers it with the controller once the HTTP
 * port is known. Present only when this process runs the {@code worker} target.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnTarget(Target.WORKER)
@EnableConfigurationProperties(WorkerProperties.class)
public class WorkerConfiguration {

    @Bean(destroyMethod = "close")
    LocalWorker localWorker(LlmsvcProperties common, WorkerProperties settings) {
        return new LocalWorker(workerId(settings), EngineCatalog.load(common, settings));
    }

    @Bean
    LocalWorkerRef localWorkerRef(LocalWorker worker) {
        return new LocalWorkerRef(worker.workerId(), worker);
    }

    @Bean
    WorkerHealthCheck workerHealthCheck(LocalWorker worker) {
        return new WorkerHealthCheck(worker);
    }

    @Bean(destroyMethod = "close")
    WorkerAnnouncerHolder workerAnnouncer() {
        return new WorkerAnnouncerHolder();
    }

    /** Registers with the controller when the web server is up (the advertised address needs the real port). */
    @Bean
    ApplicationListener<WebServerInitializedEvent> announceWorker(LocalWorker worker, ControllerApi controller,
                                                                  LlmsvcProperties common, WorkerProperties settings,
                                                                  WorkerAnnouncerHolder holder) {
        return event -> {
            if (worker.models().isEmpty()) return; // nothing to offer; the gateway says how to add a model
            String address = common.advertiseAddress() == null || common.advertiseAddress().isBlank()
                    ? "http://127.0.0.1:" + event.getWebServer().getPort()
                    : common.advertiseAddress();
            holder.start(new WorkerAnnouncer(controller,
                    () -> new WorkerRegistration(worker.workerId(), address, worker.models(), worker.totalSlots()),
                    worker::heartbeat, settings.heartbeatInterval()));
        };
    }

    static String workerId(WorkerProperties settings) {
        if (settings.id() != null && !settings.id().isBlank()) return settings.id().strip();
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9.-]", "-");
        } catch (Exception e) {
            host = "worker";
        }
        byte[] suffix = new byte[3];
        ThreadLocalRandom.current().nextBytes(suffix);
        return host + "-" + HexFormat.of().formatHex(suffix);
    }

    /** Holds the announcer so it is closed (unregistering the worker) before the engines stop. */
    static final class WorkerAnnouncerHolder implements AutoCloseable {
        private volatile WorkerAnnouncer announcer;

        synchronized void start(WorkerAnnouncer a) {
            if (announcer != null) return;
            announcer = a;
            a.start();
        }

        @Override
        public void close() {
            WorkerAnnouncer a = announcer;
            if (a != null) a.close();
        }
    }
}
