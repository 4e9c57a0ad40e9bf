package io.llmsvc.gateway.system;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.api.controller.WorkerState;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.gateway.auth.Principal;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import io.llmsvc.runtime.target.Targets;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Seed 002's system-info API: CPU, memory, JVM, uptime, targets running, models loaded. What helps an attacker
 * more than a user — the operating system's version (the kernel), the workers with their internal addresses, the
 * controller's error — is shown to admins only.
 */
@RestController
@ConditionalOnTarget(Target.GATEWAY)
class SystemInfoEndpoints {
    private final Targets targets;
    private final ControllerApi controller;

    SystemInfoEndpoints(Targets targets, ControllerApi controller) {
        this.targets = targets;
        this.controller = controller;
    }

    @GetMapping("/api/v1/system/info")
    Map<String, Object> info(HttpServletRequest req) {
        boolean admin = Principal.of(req).isAdmin();
        Runtime rt = Runtime.getRuntime();
        var os = ManagementFactory.getOperatingSystemMXBean();
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("available_processors", rt.availableProcessors());
        cpu.put("system_load_average", os.getSystemLoadAverage());
        cpu.put("arch", os.getArch());
        Map<String, Object> memory = new LinkedHashMap<>();
        memory.put("heap_used_bytes", rt.totalMemory() - rt.freeMemory());
        memory.put("heap_max_bytes", rt.maxMemory());
        memory.put("process_rss_bytes", rssBytes());
        Map<String, Object> jvm = new LinkedHashMap<>();
        jvm.put("version", System.getProperty("java.version"));
        jvm.put("vendor", System.getProperty("java.vendor"));
        jvm.put("virtual_threads", true);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("service", "llmsvc");
        doc.put("os", admin ? os.getName() + " " + os.getVersion() : os.getName());
        doc.put("cpu", cpu);
        doc.put("memory", memory);
        doc.put("jvm", jvm);
        doc.put("uptime_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000);
        doc.put("targets", targets.running().stream().map(Target::id).toList());
        try {
            List<ModelCard> models = controller.listModels();
            doc.put("models", models);
            if (admin) {
                List<WorkerState> workers = controller.listWorkers();
                doc.put("workers", workers.stream().map(w -> Map.of("worker_id", w.workerId(), "state", w.state(),
                        "address", w.address(), "queue_length", w.queueLength())).toList());
            }
        } catch (LlmsvcException e) {
            doc.put("models", List.of());
            doc.put("controller_error", admin ? e.getMessage() : "the controller cannot be reached");
        }
        return doc;
    }

    /** Resident set size from /proc (Linux); -1 elsewhere. */
    static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException ignored) {
            // not Linux
        }
        return -1;
    }
}
