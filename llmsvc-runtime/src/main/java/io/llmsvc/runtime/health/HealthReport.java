package io.llmsvc.runtime.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** The state of one part: {@code UP} or {@code DOWN}, with details for people (no secrets). */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record HealthReport(String status, Map<String, Object> details) {

    public static HealthReport up(Map<String, Object> details) { return new HealthReport("UP", details); }

    public static HealthReport down(Map<String, Object> details) { return new HealthReport("DOWN", details); }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isUp() { return "UP".equals(status); }
}
