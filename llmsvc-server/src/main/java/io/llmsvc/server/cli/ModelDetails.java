package io.llmsvc.server.cli;

import java.nio.file.Path;

/** One line about a GGUF file for {@code models list}. */
final class ModelDetails {
    static String describe(Path gguf) {
        return "";
    }

    private ModelDetails() {}
}
