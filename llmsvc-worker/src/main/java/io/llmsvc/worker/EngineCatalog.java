package io.llmsvc.worker;

import io.llmsvc.runtime.config.LlmsvcProperties;
import io.llmsvc.worker.engine.InferenceEngine;
import io.llmsvc.worker.engine.llamacpp.LlamaCppEngine;
import io.llmsvc.worker.engine.upstream.UpstreamEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the engines a worker serves: one llama.cpp engine (with its runner process) per {@code .gguf} file in the
 * models directory, started in parallel, and the models of every configured upstream. A model that fails to load
 * is logged and skipped, so one broken file does not stop the others.
 */
final class EngineCatalog {
    private static final Logger log = LoggerFactory.getLogger(EngineCatalog.class);

    static List<InferenceEngine> load(LlmsvcProperties common, WorkerProperties settings) {
        List<InferenceEngine> engines = new ArrayList<>(localModels(common.modelsDir(), settings));
        for (WorkerProperties.Upstream u : settings.upstreams()) {
            try {
                List<UpstreamEngine> models = UpstreamEngine.forUpstream(u);
                engines.addAll(models);
                log.info("upstream '{}': serving {}", u.name(), models.stream().map(e -> e.card().id()).toList());
            } catch (RuntimeException e) {
                log.error("upstream '{}' skipped: {}", u.name(), e.getMessage());
            }
        }
        if (engines.isEmpty()) {
            log.warn("no model to serve: put a .gguf file into {} or configure llmsvc.worker.upstreams",
                    common.modelsDir().toAbsolutePath());
        }
        return engines;
    }

    private static List<InferenceEngine> localModels(Path dir, WorkerProperties settings) {
        if (!Files.isDirectory(dir)) return List.of();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".gguf") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            log.error("cannot list the models directory {}: {}", dir, e.getMessage());
            return List.of();
        }
        List<InferenceEngine> engines = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<InferenceEngine>> loading = new ArrayList<>();
            for (Path f : files) {
                String name = f.getFileName().toString();
                String id = name.substring(0, name.length() - ".gguf".length());
                loading.add(pool.submit(() -> new LlamaCppEngine(id, f, settings, settings.models().get(id))));
            }
            for (int i = 0; i < files.size(); i++) {
                try {
                    InferenceEngine e = loading.get(i).get();
                    engines.add(e);
                    log.info("model '{}' loaded from {}", e.card().id(), files.get(i));
                } catch (Exception e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    log.error("model file {} skipped: {}", files.get(i), cause.getMessage());
                }
            }
        }
        return engines;
    }

    private EngineCatalog() {}
}
