package io.llmsvc.runtime.health;

import io.llmsvc.runtime.target.Target;
import io.llmsvc.runtime.target.Targets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /health} on every target: {@code /health/live} answers while the process serves HTTP;
 * {@code /health/ready} and {@code /health} are 200 only when every check is UP, else 503 with the same document.
 */
@RestController
class HealthEndpoints {
    private final Targets targets;
    private final List<HealthCheck> checks;
    private final Instant started = Instant.now();

    HealthEndpoints(Targets targets, List<HealthCheck> checks) {
        this.targets = targets;
        this.checks = checks;
    }

    @GetMapping("/health/live")
    Map<String, Object> live() {
        return Map.of("status", "UP");
    }

    @GetMapping({"/health", "/health/ready"})
    ResponseEntity<Map<String, Object>> ready() {
        Map<String, Object> parts = new LinkedHashMap<>();
        boolean up = true;
        for (HealthCheck c : checks) {
            HealthReport r;
            try {
                r = c.check();
            } catch (RuntimeException e) {
                r = HealthReport.down(Map.of("error", String.valueOf(e.getMessage())));
            }
            up &= r.isUp();
            parts.put(c.name(), r);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("status", up ? "UP" : "DOWN");
        doc.put("targets", targets.running().stream().map(Target::id).toList());
        doc.put("uptime_seconds", Duration.between(started, Instant.now()).toSeconds());
        doc.put("checks", parts);
        return ResponseEntity.status(up ? 200 : 503).body(doc);
    }
}
