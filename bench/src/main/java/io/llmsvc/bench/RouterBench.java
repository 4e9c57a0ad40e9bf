package io.llmsvc.bench;

import io.llmsvc.agents.embedding.BuiltinEmbedder;
import io.llmsvc.agents.router.IntentClassifier;
import io.llmsvc.agents.router.RouterProperties;
import io.llmsvc.agents.router.RouterService;
import io.llmsvc.agents.router.classifier.CalibratedClassifier;
import io.llmsvc.agents.router.intents.IntentCatalog;
import io.llmsvc.api.agents.IntentAnalysis;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The intent router without an LLM on its evaluation set ({@code llmsvc-agents/src/test/resources/router/eval.tsv},
 * kept apart from the training examples): accuracy per language and intent, the confusions, calibration, and the
 * latency of {@code analyzeIntent} (in process, one thread, after a warm-up), next to the latency of the sentence
 * embedding alone (its largest part). Also trains a lexical-only classifier to show what the embedding adds.
 */
final class RouterBench {

    record Item(String language, String intent, String text, boolean hard) {}

    static void run() throws Exception {
        Path file = Path.of(System.getProperty("llmsvc.root", "."), "llmsvc-agents", "src", "test", "resources", "router", "eval.tsv");
        List<Item> items = load(file);
        int rounds = Integer.parseInt(BenchMain.option("rounds", "5"));
        BuiltinEmbedder embedder = new BuiltinEmbedder();
        IntentCatalog catalog = IntentCatalog.builtin();

        long t0 = System.nanoTime();
        IntentClassifier classifier = IntentClassifier.train(catalog, embedder, IntentClassifier.Settings.DEFAULT);
        double firstTrainMs = (System.nanoTime() - t0) / 1e6;
        t0 = System.nanoTime();
        classifier = IntentClassifier.train(catalog, embedder, IntentClassifier.Settings.DEFAULT);
        double warmTrainMs = (System.nanoTime() - t0) / 1e6;
        IntentClassifier.Settings lexicalOnly = new IntentClassifier.Settings(IntentClassifier.Settings.DEFAULT.l2(),
                IntentClassifier.Settings.DEFAULT.folds(), IntentClassifier.Settings.DEFAULT.lexical(), IntentClassifier.Settings.DEFAULT.minDf(), 0);
        IntentClassifier lexical = IntentClassifier.train(catalog, null, lexicalOnly);
        RouterProperties props = RouterProperties.defaults();
        RouterService router = new RouterService(classifier, null, props);

        IntentClassifier.Summary s = classifier.summary();
        System.out.printf("evaluation set %s: %d messages (%d Korean, %d English, %d marked hard); training: %d examples, "
                        + "%d lexical features + %d-d embeddings (%s), cross-validated (5-fold) accuracy %s, temperature %s; "
                        + "training took %.0f ms (first, cold JVM) and %.0f ms (again); confidence threshold %s%n%n",
                file.getFileName(), items.size(), count(items, "ko"), count(items, "en"), items.stream().filter(Item::hard).count(),
                s.examples(), s.lexicalFeatures(), s.embeddingDimensions(), s.embedder(), Stats.f2(s.outOfFoldAccuracy()),
                Stats.f2(s.temperature()), firstTrainMs, warmTrainMs, props.confidenceThreshold());

        // accuracy: the router's decision (threshold applied) and the plain arg-max; lexical-only arg-max for comparison
        List<IntentAnalysis> analyses = new ArrayList<>();
        List<String> argmax = new ArrayList<>();
        List<String> lexicalArgmax = new ArrayList<>();
        for (Item it : items) {
            analyses.add(router.analyzeIntent(it.text()));
            argmax.add(catalog.names().get(CalibratedClassifier.argmax(classifier.classify(it.text()))));
            lexicalArgmax.add(catalog.names().get(CalibratedClassifier.argmax(lexical.classify(it.text()))));
        }
        Table acc = new Table("language", "intent", "messages", "router accuracy", "arg-max accuracy", "lexical only (no embedding)");
        for (String lang : List.of("ko", "en", "all")) {
            for (String intent : concat(catalog.names(), "all")) {
                int n = 0, ok = 0, okArg = 0, okLex = 0;
                for (int i = 0; i < items.size(); i++) {
                    Item it = items.get(i);
                    if (!lang.equals("all") && !it.language().equals(lang)) continue;
                    if (!intent.equals("all") && !it.intent().equals(intent)) continue;
                    n++;
                    if (analyses.get(i).intent().equals(it.intent())) ok++;
                    if (argmax.get(i).equals(it.intent())) okArg++;
                    if (lexicalArgmax.get(i).equals(it.intent())) okLex++;
                }
                if (n == 0) continue;
                acc.row(lang, intent, n, Stats.f2(100.0 * ok / n) + " %", Stats.f2(100.0 * okArg / n) + " %", Stats.f2(100.0 * okLex / n) + " %");
            }
        }
        int hard = 0, hardOk = 0;
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).hard()) continue;
            hard++;
            if (analyses.get(i).intent().equals(items.get(i).intent())) hardOk++;
        }
        acc.row("all", "(hard cases)", hard, Stats.f2(100.0 * hardOk / hard) + " %", "", "");
        acc.print();

        Map<String, List<String>> confusions = new TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            IntentAnalysis a = analyses.get(i);
            Item it = items.get(i);
            if (a.intent().equals(it.intent())) continue;
            confusions.computeIfAbsent(it.intent() + " → " + a.intent(), k -> new ArrayList<>())
                    .add(it.language() + ": " + it.text() + " (" + Stats.f2(a.confidence()) + ")");
        }
        Table conf = new Table("expected → routed", "count", "messages (confidence)");
        confusions.forEach((pair, list) -> conf.row(pair, list.size(), String.join("; ", list)));
        conf.print();

        // calibration: reliability of the router's confidence on the evaluation set
        Table rel = new Table("confidence", "messages", "mean confidence", "accuracy");
        double[][] bins = {{0, 0.5}, {0.5, 0.7}, {0.7, 0.9}, {0.9, 1.01}};
        for (double[] b : bins) {
            int n = 0, ok = 0;
            double sum = 0;
            for (int i = 0; i < items.size(); i++) {
                double c = analyses.get(i).confidence();
                if (c < b[0] || c >= b[1]) continue;
                n++;
                sum += c;
                if (analyses.get(i).intent().equals(items.get(i).intent())) ok++;
            }
            rel.row("[" + b[0] + ", " + Math.min(1.0, b[1]) + (b[1] > 1 ? "]" : ")"), n, n == 0 ? "" : Stats.f2(sum / n), n == 0 ? "" : Stats.f2((double) ok / n));
        }
        rel.print();

        // latency: warm-up, then rounds over the whole set; within a round the three calls take turns by phase, and the
        // process CPU time of each phase is summed (ONNX Runtime computes on its own threads)
        for (int w = 0; w < 3; w++) {
            for (Item it : items) {
                router.analyzeIntent(it.text());
                embedder.embedPassages(List.of(it.text()));
            }
        }
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        Stats analyze = new Stats();
        Stats embed = new Stats();
        Stats lexicalOnlyTime = new Stats();
        long[] cpu = new long[3];
        for (int r = 0; r < rounds; r++) {
            long c0 = os.getProcessCpuTime();
            for (Item it : items) {
                long a = System.nanoTime();
                router.analyzeIntent(it.text());
                analyze.add(System.nanoTime() - a);
            }
            long c1 = os.getProcessCpuTime();
            for (Item it : items) {
                long a = System.nanoTime();
                embedder.embedPassages(List.of(it.text()));
                embed.add(System.nanoTime() - a);
            }
            long c2 = os.getProcessCpuTime();
            for (Item it : items) {
                long a = System.nanoTime();
                lexical.classify(it.text());
                lexicalOnlyTime.add(System.nanoTime() - a);
            }
            long c3 = os.getProcessCpuTime();
            cpu[0] += c1 - c0;
            cpu[1] += c2 - c1;
            cpu[2] += c3 - c2;
        }
        double load = os.getSystemLoadAverage();
        Table lat = new Table("call (one thread, warm)", "calls", "p50 ms", "p95 ms", "p99 ms", "mean ms", "CPU ms/call");
        Stats[] all = {analyze, embed, lexicalOnlyTime};
        String[] names = {"analyzeIntent (no LLM)", "  of which: sentence embedding", "lexical-only classifier"};
        for (int i = 0; i < 3; i++) {
            lat.row(names[i], all[i].count(), Stats.ms(all[i].percentileMs(50)), Stats.ms(all[i].percentileMs(95)),
                    Stats.ms(all[i].percentileMs(99)), Stats.ms(all[i].meanMs()), Stats.ms(cpu[i] / 1e6 / all[i].count()));
        }
        lat.print();
        System.out.printf("system load average at the end: %.2f on %d vCPUs%n%n", load, Runtime.getRuntime().availableProcessors());
        router.close();
    }

    private static List<Item> load(Path file) throws Exception {
        if (!Files.isRegularFile(file)) throw new IllegalStateException(file + " is missing");
        List<Item> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split("\t", -1);
            out.add(new Item(f[0], f[1], f[2], f.length > 3 && f[3].strip().equals("hard")));
        }
        return out;
    }

    private static long count(List<Item> items, String lang) {
        return items.stream().filter(i -> i.language().equals(lang)).count();
    }

    private static List<String> concat(List<String> a, String b) {
        List<String> out = new ArrayList<>(a);
        out.add(b);
        return out;
    }

    private RouterBench() {}
}
