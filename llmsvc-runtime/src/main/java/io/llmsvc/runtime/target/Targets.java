package io.llmsvc.runtime.target;

import java.util.Collections;
import java.util.Set;

/** The targets this process runs. */
public record Targets(Set<Target> running) {

    public Targets {
        running = Collections.unmodifiableSet(running);
    }

    public boolean runs(Target t) { return running.contains(t); }
}
