package io.llmsvc.server.cli;

import io.llmsvc.worker.gguf.GgufMetadata;
import java.io.IOException;
import java.nio.file.Path;

/** One line about a GGUF file for {@code models list}: architecture, training context, chat template source. */
final class ModelDetails {
    static String describe(Path gguf) {
        try {
            GgufMetadata m = GgufMetadata.read(gguf);
            String template = m.chatTemplate() == null || m.chatTemplate().isBlank() ? "no chat template (chatml used)" : "own chat template";
            return m.architecture() + ", context " + m.contextLength() + ", " + template;
        } catch (IOException | RuntimeException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private ModelDetails() {}
}
