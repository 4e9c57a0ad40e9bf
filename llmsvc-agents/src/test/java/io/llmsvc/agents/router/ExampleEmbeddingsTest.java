package io.llmsvc.agents.router;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.agents.embedding.BuiltinEmbedder;
import io.llmsvc.agents.embedding.Embedder;
import io.llmsvc.agents.embedding.Vectors;
import io.llmsvc.agents.router.intents.Intent;
import io.llmsvc.agents.router.intents.IntentCatalog;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped cache of the built-in examples' embeddings. Run with {@code -Drouter.write-embedding-cache=true} after
 * editing {@code agents/intents.yaml} to rewrite it.
 */
class ExampleEmbeddingsTest {
    static final Path SOURCE = Path.of("src/main/resources", ExampleEmbeddings.RESOURCE);
    static BuiltinEmbedder embedder;
    static List<String> texts;

    @BeforeAll
    static void setUp() throws Exception {
        embedder = new BuiltinEmbedder();
        texts = new ArrayList<>();
        for (Intent i : IntentCatalog.builtin().intents()) for (Intent.Example e : i.examples()) texts.add(e.text());
        if (Boolean.getBoolean("router.write-embedding-cache")) {
            ExampleEmbeddings.write(SOURCE, embedder.id(), embedder.dimensions(), texts, embedder.embedPassages(texts));
            System.out.println("wrote " + SOURCE.toAbsolutePath() + " (" + texts.size() + " examples); rebuild to ship it");
        }
    }

    @Test
    void shippedCacheCoversEveryBuiltInExample() {
        ExampleEmbeddings.Cache cache = ExampleEmbeddings.shipped();
        assertThat(cache.embedderId()).isEqualTo(BuiltinEmbedder.ID);
        List<String> missing = texts.stream().filter(t -> !cache.vectors().containsKey(ExampleEmbeddings.hash(t))).toList();
        assertThat(missing)
                .as("examples without a cached embedding: run this test with -Drouter.write-embedding-cache=true")
                .isEmpty();
    }

    @Test
    void cachedVectorsAreTheEmbedderVectors() {
        ExampleEmbeddings.Cache cache = ExampleEmbeddings.shipped();
        List<String> sample = texts.subList(0, Math.min(24, texts.size()));
        List<float[]> fresh = embedder.embedPassages(sample);
        for (int i = 0; i < sample.size(); i++) {
            float[] cached = cache.vectors().get(ExampleEmbeddings.hash(sample.get(i)));
            assertThat(Vectors.dot(cached, fresh.get(i))).as(sample.get(i)).isGreaterThan(0.999);
        }
    }

    @Test
    void onlyTheMissingTextsAreEmbeddedAndOrderIsKept(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cache.bin");
        List<String> cachedTexts = List.of("alpha report", "beta salary");
        ExampleEmbeddings.write(file, "test-embedder", 3, cachedTexts, List.of(new float[] {1, 0, 0}, new float[] {0, 1, 0}));
        ExampleEmbeddings.Cache cache = ExampleEmbeddings.read(new ByteArrayInputStream(Files.readAllBytes(file)));
        AtomicInteger embedded = new AtomicInteger();
        Embedder fake = new Embedder() {
            public String id() { return "test-embedder"; }
            public int dimensions() { return 3; }
            public List<float[]> embedPassages(List<String> t) {
                embedded.addAndGet(t.size());
                return t.stream().map(x -> new float[] {0, 0, 1}).toList();
            }
            public float[] embedQuery(String t) { return new float[] {0, 0, 1}; }
        };
        List<float[]> out = ExampleEmbeddings.embed(fake, List.of("beta salary", "gamma client", "alpha report"), cache);
        assertThat(embedded.get()).isEqualTo(1);
        assertThat(out.get(0)).containsExactly(0f, 1f, 0f);
        assertThat(out.get(1)).containsExactly(0f, 0f, 1f);
        assertThat(out.get(2)).containsExactly(1f, 0f, 0f);

        Embedder other = new Embedder() {
            public String id() { return "another"; }
            public int dimensions() { return 3; }
            public List<float[]> embedPassages(List<String> t) {
                embedded.addAndGet(t.size());
                return t.stream().map(x -> new float[] {0, 0, 1}).toList();
            }
            public float[] embedQuery(String t) { return new float[] {0, 0, 1}; }
        };
        embedded.set(0);
        ExampleEmbeddings.embed(other, cachedTexts, cache);
        assertThat(embedded.get()).as("a cache of another embedder is not used").isEqualTo(2);
    }
}
