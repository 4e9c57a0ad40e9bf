package io.llmsvc.agents.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class SingleThreadMiniLmTest {

    @Test
    void embedsExactlyLikeTheStockModel() {
        var stock = new AllMiniLmL6V2QuantizedEmbeddingModel();
        var lean = new SingleThreadMiniLm();
        List<TextSegment> texts = List.of(TextSegment.from("The remote work policy allows two days a week."),
                TextSegment.from("한국어 형태소 분석기로 문서를 검색합니다."), TextSegment.from("quarterly revenue by client"));
        var a = stock.embedAll(texts).content();
        var b = lean.embedAll(texts).content();
        assertThat(b).hasSize(3);
        for (int i = 0; i < a.size(); i++) {
            float[] x = a.get(i).vector(), y = b.get(i).vector();
            assertThat(y).hasSize(384);
            for (int d = 0; d < x.length; d++) assertThat(y[d]).isCloseTo(x[d], within(1e-4f));
        }
        assertThat(lean.dimension()).isEqualTo(384);
    }
}
