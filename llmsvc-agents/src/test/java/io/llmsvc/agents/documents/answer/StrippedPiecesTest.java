package io.llmsvc.agents.documents.answer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StrippedPiecesTest {

    static List<String> sent(String... pieces) {
        StrippedPieces p = new StrippedPieces();
        return java.util.Arrays.stream(pieces).map(p::add).filter(s -> !s.isEmpty()).toList();
    }

    @Test
    void thePiecesSentJoinToTheStrippedText() {
        String[] pieces = {" \n", " The", " answer", " is", " 17 ", "[1].", "\n\n", " "};
        assertThat(String.join("", sent(pieces))).isEqualTo(String.join("", pieces).strip());
        assertThat(sent(pieces)).containsExactly("The", " answer", " is", " 17", " [1].");
    }

    @Test
    void whiteSpaceAloneIsNeverSent() {
        assertThat(sent(" ", "\n", "\t")).isEmpty();
        assertThat(sent("a", "  ", "b")).containsExactly("a", "  b");
    }
}
