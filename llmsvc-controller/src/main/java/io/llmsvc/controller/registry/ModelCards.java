package io.llmsvc.controller.registry;

import io.llmsvc.api.worker.ModelCard;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Merges the cards several workers give for one model id into the one card clients see. */
final class ModelCards {

    /**
     * A lease may land on any of the workers, so the merged card promises only what all of them give: the
     * capabilities they share and the smallest known context length (0 when none knows it). The engine is the first
     * card's, or {@code mixed} when they differ.
     */
    static ModelCard merge(List<ModelCard> cards) {
        ModelCard first = cards.getFirst();
        if (cards.size() == 1) return first;
        String engine = first.engine();
        int context = 0;
        Set<String> caps = first.capabilities() == null ? Set.of() : new LinkedHashSet<>(first.capabilities());
        for (ModelCard c : cards) {
            if (engine != null && !engine.equals(c.engine())) engine = "mixed";
            if (c.contextLength() > 0) context = context == 0 ? c.contextLength() : Math.min(context, c.contextLength());
            if (c.capabilities() == null) caps = Set.of();
            else if (!caps.isEmpty()) caps.retainAll(c.capabilities());
        }
        return new ModelCard(first.id(), engine, context, java.util.Collections.unmodifiableSet(new TreeSet<>(caps)));
    }

    private ModelCards() {}
}
