package io.llmsvc.agents.documents.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reciprocal rank fusion (Cormack, Clarke and Büttcher, 2009): an item's fused score is {@code Σ 1 / (k + rank)} over
 * the ranked lists it appears in (ranks from 1). Only ranks count, so BM25 scores and cosines need no calibration
 * against each other; {@code k = 60} damps the weight of the very first ranks.
 */
final class RankFusion {

    /** Fused order of the items of all lists, best first; ties keep first-seen order. */
    static <T> List<Map.Entry<T, Double>> fuse(int k, List<List<T>> rankings) {
        Map<T, Double> scores = new LinkedHashMap<>();
        for (List<T> ranking : rankings) {
            for (int i = 0; i < ranking.size(); i++) scores.merge(ranking.get(i), 1.0 / (k + i + 1), Double::sum);
        }
        List<Map.Entry<T, Double>> out = new ArrayList<>(scores.entrySet());
        out.sort((a, b) -> Double.compare(b.getValue(), a.getValue())); // stable: ties keep insertion order
        return out;
    }

    private RankFusion() {}
}
