package io.llmsvc.agents.documents.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RankFusionTest {

    @Test
    void itemsInBothListsRiseAndScoresAreReciprocalRanks() {
        var fused = RankFusion.fuse(60, List.of(List.of("a", "b", "c"), List.of("c", "d", "a")));
        assertThat(fused).extracting(Map.Entry::getKey).containsExactly("a", "c", "b", "d");
        assertThat(fused.get(0).getValue()).isCloseTo(1.0 / 61 + 1.0 / 63, within(1e-12));
        assertThat(fused.get(1).getValue()).isCloseTo(1.0 / 63 + 1.0 / 61, within(1e-12)); // a tie, first seen first
        assertThat(fused.get(2).getValue()).isCloseTo(1.0 / 62, within(1e-12));
        assertThat(fused.get(3).getValue()).isCloseTo(1.0 / 62, within(1e-12));
    }

    @Test
    void smallKFavoursTheTopRanks() {
        // with k = 1 the first of one list (1/2) beats an item ranked fourth in both (2/5); k = 60 rewards agreement
        var lists = List.of(List.of("x", "a", "b", "y"), List.of("z", "c", "d", "y"));
        assertThat(RankFusion.fuse(1, lists).getFirst().getKey()).isEqualTo("x");
        assertThat(RankFusion.fuse(60, lists).getFirst().getKey()).isEqualTo("y");
        assertThat(RankFusion.fuse(60, List.<List<String>>of(List.of(), List.of()))).isEmpty();
    }
}
