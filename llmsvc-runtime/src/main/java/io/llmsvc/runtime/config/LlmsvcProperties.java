package io.llmsvc.runtime.config;

import io.llmsvc.runtime.target.Target;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings shared by every target ({@code llmsvc.*}).
 *
 * @param target           comma list of targets to run ({@code LLMSVC_TARGET}, {@code --target})
 * @param dataDir          where all state lives ({@code LLMSVC_DATA_DIR})
 * @param modelsDir        GGUF files served by workers; model id = file name without {@code .gguf} ({@code LLMSVC_MODELS_DIR})
 * @param clusterToken     credential for calls between targets; generated under the data dir when not set
 * @param advertiseAddress base URL other processes reach this one on; default {@code http://127.0.0.1:<port>}
 * @param peers            base URLs of targets that run elsewhere, e.g. {@code controller: http://host:8081}
 * @param maxBodySize      largest request body accepted (413 above it)
 * @param bootstrapKey     admin API key until user accounts exist ({@code LLMSVC_BOOTSTRAP_KEY}); generated and
 *                         printed once at first start when not set, only its hash is stored
 */
@ConfigurationProperties("llmsvc")
public record LlmsvcProperties(
        @DefaultValue("all") String target,
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("./models") Path modelsDir,
        String clusterToken,
        String advertiseAddress,
        @DefaultValue Map<String, String> peers,
        @DefaultValue("4MB") DataSize maxBodySize,
        String bootstrapKey) implements ValidatedSettings {

    public LlmsvcProperties {
        // a blank entry (an unset environment variable in application.yaml) means "not configured"
        peers = peers == null ? Map.of() : peers.entrySet().stream()
                .filter(e -> e.getValue() != null && !e.getValue().isBlank())
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Override
    public void validate() {
        java.util.Set<Target> running;
        try {
            running = Target.parseList(target);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException("llmsvc.target", e.getMessage());
        }
        if (!running.contains(Target.CONTROLLER) && !peers.containsKey(Target.CONTROLLER.id())) {
            throw new InvalidSettingException("llmsvc.peers.controller",
                    "the controller's base URL (LLMSVC_CONTROLLER_URL), since the controller does not run in this process");
        }
        if (maxBodySize.toBytes() < 1024) {
            throw new InvalidSettingException("llmsvc.max-body-size", "at least 1KB");
        }
        if (bootstrapKey != null && !bootstrapKey.isBlank() && bootstrapKey.strip().length() < 16) {
            throw new InvalidSettingException("llmsvc.bootstrap-key", "at least 16 characters");
        }
        if (clusterToken != null && !clusterToken.isBlank() && clusterToken.strip().length() < 16) {
            throw new InvalidSettingException("llmsvc.cluster-token", "at least 16 characters");
        }
        for (var e : peers.entrySet()) {
            try {
                Target.parse(e.getKey());
            } catch (IllegalArgumentException ex) {
                throw new InvalidSettingException("llmsvc.peers." + e.getKey(), ex.getMessage());
            }
            String url = e.getValue();
            if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                throw new InvalidSettingException("llmsvc.peers." + e.getKey(), "an http:// or https:// base URL");
            }
        }
        if (advertiseAddress != null && !advertiseAddress.isBlank()
                && !(advertiseAddress.startsWith("http://") || advertiseAddress.startsWith("https://"))) {
            throw new InvalidSettingException("llmsvc.advertise-address", "an http:// or https:// base URL");
        }
    }

    /** The peer URL for a target that does not run here. */
    public String peer(Target t) {
        String url = peers.get(t.id());
        if (url == null) {
            throw new InvalidSettingException("llmsvc.peers." + t.id(),
                    "the base URL of the " + t.id() + " target (it does not run in this process)");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
