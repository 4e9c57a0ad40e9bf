package io.llmsvc.bench;

import io.llmsvc.testkit.gguf.TinyModels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the governance features cost: two systems in this JVM serve the same tiny model. The baseline is the
 * serving core alone — the bootstrap key (one hash comparison, no limits) and request logging switched off. The
 * governed one has logging on and is called with a user API key that has every limit set (allow-list, requests and
 * tokens per minute, concurrency, a daily budget; in-memory counters), so each request pays for the key lookup, the
 * admission with its reservation and settlement, and the request-log record. The same chat request (max_tokens 1)
 * alternates between them in rounds; the gateway's own time is read from the overhead header of each response.
 */
final class GovernanceBench {
    static final int ROUNDS = 6;
    static final int PER_ROUND = 200;

    static void run() throws Exception {
        Path models = Files.createTempDirectory("llmsvc-bench-models");
        try {
            TinyModels.write(models, OverheadCalls.MODEL);
            String[] common = {"--llmsvc.worker.slots=4", "--llmsvc.worker.context-size=256"};
            try (InProcessSystem base = InProcessSystem.start(models, concat(common, "--llmsvc.logs.enabled=false"));
                 InProcessSystem gov = InProcessSystem.start(models, common);
                 LeanHttp baseHttp = new LeanHttp("127.0.0.1", base.port);
                 LeanHttp govHttp = new LeanHttp("127.0.0.1", gov.port)) {
                String key = limitedKey(govHttp);
                byte[] chat = ("{\"model\":\"" + OverheadCalls.MODEL + "\",\"max_tokens\":1,\"temperature\":0,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"" + OverheadCalls.PROMPT + "\"}]}").getBytes(StandardCharsets.UTF_8);
                LeanHttp.Request baseReq = baseHttp.post("/v1/chat/completions",
                        Map.of("Authorization", "Bearer " + InProcessSystem.KEY, "Content-Type", "application/json"), chat);
                LeanHttp.Request govReq = govHttp.post("/v1/chat/completions",
                        Map.of("Authorization", "Bearer " + key, "Content-Type", "application/json"), chat);
                for (int i = 0; i < 100; i++) { // warm-up of both paths
                    check(baseHttp.send(baseReq));
                    check(govHttp.send(govReq));
                }
                Stats baseLat = new Stats(), govLat = new Stats(), baseOver = new Stats(), govOver = new Stats();
                for (int round = 0; round < ROUNDS; round++) {
                    boolean baseFirst = round % 2 == 0;
                    for (int pass = 0; pass < 2; pass++) {
                        boolean isBase = (pass == 0) == baseFirst;
                        LeanHttp http = isBase ? baseHttp : govHttp;
                        LeanHttp.Request req = isBase ? baseReq : govReq;
                        for (int i = 0; i < PER_ROUND; i++) {
                            long t = System.nanoTime();
                            LeanHttp.Response r = http.send(req);
                            long lat = System.nanoTime() - t;
                            check(r);
                            (isBase ? baseLat : govLat).add(lat);
                            (isBase ? baseOver : govOver).add(Math.round(Double.parseDouble(r.overheadMs()) * 1e6));
                        }
                    }
                }
                Table t = new Table("path", "requests", "latency p50 ms", "latency p99 ms", "gateway time p50 ms", "gateway time p99 ms");
                t.row("serving core (bootstrap key, no logs)", Integer.toString(ROUNDS * PER_ROUND), Stats.ms(baseLat.percentileMs(50)),
                        Stats.ms(baseLat.percentileMs(99)), Stats.ms(baseOver.percentileMs(50)), Stats.ms(baseOver.percentileMs(99)));
                t.row("governed (limited API key, logs on)", Integer.toString(ROUNDS * PER_ROUND), Stats.ms(govLat.percentileMs(50)),
                        Stats.ms(govLat.percentileMs(99)), Stats.ms(govOver.percentileMs(50)), Stats.ms(govOver.percentileMs(99)));
                t.print();
                System.out.println();
                System.out.printf("governance adds: latency p50 %s ms, gateway time p50 %s ms (goal <= 0.2 ms at p50)%n",
                        Stats.ms(govLat.percentileMs(50) - baseLat.percentileMs(50)),
                        Stats.ms(govOver.percentileMs(50) - baseOver.percentileMs(50)));
                System.out.println();
            }
        } finally {
            InProcessSystem.deleteTree(models);
        }
    }

    /** A user API key with every limit set, high enough never to reject during the run. */
    private static String limitedKey(LeanHttp http) {
        byte[] body = ("{\"name\":\"bench\",\"allowed_models\":[\"" + OverheadCalls.MODEL + "\"],\"rpm\":1000000,"
                + "\"tpm\":100000000,\"max_concurrent\":64,\"budget_tokens\":1000000000,\"budget_period\":\"day\"}")
                .getBytes(StandardCharsets.UTF_8);
        LeanHttp.Response r = http.send(http.post("/api/v1/keys",
                Map.of("Authorization", "Bearer " + InProcessSystem.KEY, "Content-Type", "application/json"), body));
        if (r.status() != 201) throw new IllegalStateException("cannot create the bench key: " + r.status() + " " + r.text());
        return JsonMapper.builder().build().readTree(r.body()).path("key").asString();
    }

    private static void check(LeanHttp.Response r) {
        if (r.status() != 200) throw new IllegalStateException("HTTP " + r.status() + ": " + r.text());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private GovernanceBench() {}
}
