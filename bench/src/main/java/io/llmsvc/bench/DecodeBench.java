package io.llmsvc.bench;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaIterator;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import io.llmsvc.testkit.gguf.TinyModels;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decode speed of a TinyLlama-1.1B-shaped Q8_0 model (random weights, {@link TinyModels#tinyLlama1B()}): tokens/s
 * through the whole HTTP path (gateway SSE → worker → runner process) against the llama.cpp binding loaded in this
 * JVM with the runner's settings ({@code RunnerMain.parameters}), single stream and {@value #CONCURRENT} concurrent
 * streams. The two sides never run at the same time (2 cores); they alternate in rounds.
 */
final class DecodeBench {
    static final String MODEL = "tinyllama-1b";
    static final int SLOTS = 4;
    static final int CTX = 256;
    static final int THREADS = 1; // llmsvc.worker.threads default
    static final int MAX_TOKENS = 32;
    static final int ROUNDS = 3;
    static final int CONCURRENT = 4;
    private static final String PROMPT = "Write a short story about a lighthouse keeper";
    private static final Pattern COMPLETION_TOKENS = Pattern.compile("\"completion_tokens\":(\\d+)");

    /** Tokens produced and the wall time they took. */
    private record Run(long tokens, long nanos) {}

    private final InProcessSystem sys;
    private final LlamaModel direct;
    private final String renderedPrompt;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private DecodeBench(InProcessSystem sys, LlamaModel direct) {
        this.sys = sys;
        this.direct = direct;
        // what LlamaCppEngine renders with the model's ChatML template (BOS is added by llama.cpp on both sides)
        this.renderedPrompt = TinyModels.IM_START + "user\n" + PROMPT + TinyModels.IM_END + "\n" + TinyModels.IM_START + "assistant\n";
    }

    static void run() throws Exception {
        Path dir = Files.createTempDirectory("llmsvc-bench-1b");
        try {
            long t0 = System.nanoTime();
            Path file = TinyModels.tinyLlama1B().write(dir, MODEL);
            System.out.printf("model: TinyModels.tinyLlama1B() Q8_0, %.2f GB, written in %.1f s; %d slots, context %d per slot, "
                            + "%d thread(s), max_tokens %d, temperature 0, %d rounds%n",
                    Files.size(file) / 1e9, (System.nanoTime() - t0) / 1e9, SLOTS, CTX, THREADS, MAX_TOKENS, ROUNDS);
            try (InProcessSystem sys = InProcessSystem.start(dir, "--llmsvc.worker.slots=" + SLOTS,
                    "--llmsvc.worker.context-size=" + CTX, "--llmsvc.worker.threads=" + THREADS)) {
                LlamaModel model = new LlamaModel(runnerParameters(file));
                try {
                    new DecodeBench(sys, model).measure();
                } finally {
                    model.close(); // frees nothing in this binding version; the JVM exits after the benchmarks
                }
            }
        } finally {
            InProcessSystem.deleteTree(dir);
        }
    }

    /** The same parameters as {@code RunnerMain.parameters} for this model, slots, context and threads. */
    static ModelParameters runnerParameters(Path file) {
        return new ModelParameters()
                .setModel(file.toString())
                .setParallel(SLOTS)
                .setCtxSize(SLOTS * CTX)
                .setThreads(THREADS)
                .setThreadsBatch(THREADS)
                .disableContextShift()
                .disableLog();
    }

    private void measure() throws Exception {
        // warm-up: first prompt processing on both sides, page cache, connections
        gateway(8);
        direct(8);
        Table t = new Table("streams", "tokens/side", "direct tok/s", "gateway tok/s", "gateway/direct");
        for (int streams : new int[] {1, CONCURRENT}) {
            long dTokens = 0, dNanos = 0, gTokens = 0, gNanos = 0;
            for (int r = 0; r < ROUNDS; r++) {
                for (int k = 0; k < 2; k++) {
                    if ((k == 0) == (r % 2 == 0)) {
                        Run g = parallel(streams, () -> gateway(MAX_TOKENS));
                        gTokens += g.tokens();
                        gNanos += g.nanos();
                    } else {
                        Run d = parallel(streams, () -> direct(MAX_TOKENS));
                        dTokens += d.tokens();
                        dNanos += d.nanos();
                    }
                }
            }
            double dRate = dTokens / (dNanos / 1e9), gRate = gTokens / (gNanos / 1e9);
            t.row(streams, dTokens + " / " + gTokens, Stats.f2(dRate), Stats.f2(gRate), Stats.f2(gRate / dRate));
        }
        System.out.println("Decode speed (completion tokens / wall time of the requests, prompt processing included); goal: gateway/direct >= 0.95");
        t.print();
    }

    /** Runs {@code n} generations at once; tokens summed, time = wall time of the whole batch. */
    private static Run parallel(int n, Callable<Run> one) throws Exception {
        long t0 = System.nanoTime();
        long tokens = 0;
        // platform threads: the direct side blocks in JNI, which would pin the carriers of virtual threads
        try (ExecutorService pool = Executors.newFixedThreadPool(n)) {
            List<Future<Run>> runs = new ArrayList<>();
            for (int i = 0; i < n; i++) runs.add(pool.submit(one));
            for (Future<Run> f : runs) tokens += f.get().tokens();
        }
        return new Run(tokens, System.nanoTime() - t0);
    }

    /** One streamed chat completion through the gateway; tokens from the final usage chunk. */
    private Run gateway(int maxTokens) throws Exception {
        String body = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}],"
                + "\"max_tokens\":" + maxTokens + ",\"temperature\":0,\"stream\":true,\"stream_options\":{\"include_usage\":true}}";
        HttpRequest req = HttpRequest.newBuilder(URI.create(sys.url() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + InProcessSystem.KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        long t0 = System.nanoTime();
        HttpResponse<InputStream> res = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        long tokens = -1;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            if (res.statusCode() != 200) throw new IllegalStateException("gateway answered " + res.statusCode());
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("data: [DONE]")) break;
                if (line.contains("\"error\"")) throw new IllegalStateException("stream failed: " + line);
                Matcher m = COMPLETION_TOKENS.matcher(line);
                if (m.find()) tokens = Long.parseLong(m.group(1));
            }
        }
        long nanos = System.nanoTime() - t0;
        if (tokens < 0) throw new IllegalStateException("the stream had no usage chunk");
        return new Run(tokens, nanos);
    }

    /** The same generation on the binding directly; tokens counted as the runner counts them. */
    private Run direct(int maxTokens) {
        InferenceParameters p = new InferenceParameters(renderedPrompt)
                .setNPredict(maxTokens)
                .setTemperature(0f)
                .setStopStrings(TinyModels.IM_END);
        long t0 = System.nanoTime();
        LlamaIterator it = direct.generate(p).iterator();
        StringBuilder text = new StringBuilder();
        int partials = 0;
        while (it.hasNext()) {
            LlamaOutput o = it.next();
            if (it.hasNext()) partials++;
            text.append(o.text);
        }
        long nanos = System.nanoTime() - t0;
        int tokens = Math.min(maxTokens, Math.max(partials, direct.encode(text.toString()).length));
        return new Run(tokens, nanos);
    }
}
