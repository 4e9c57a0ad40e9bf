package io.llmsvc.bench;

import io.llmsvc.testkit.gguf.TinyModels;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Before/after of server settings in one run: two in-process systems in this JVM, A with the shipped settings and B
 * with {@code --b=--name=value,--name=value} added (with {@code --a=...} added to A), each serving the tiny model
 * with its own runner. The same gateway chat request (lean client, max_tokens 1) alternates between them in
 * rounds at concurrency 1 and 16; reported: latency, requests/s, this JVM's CPU per request, the overhead header.
 * Used to decide hot-path settings (bench/README.md); not part of the default run.
 */
final class SettingsBench {
    static void run() throws Exception {
        List<String> a = args(BenchMain.option("a", "")), b = args(BenchMain.option("b", ""));
        if (b.isEmpty() && a.isEmpty()) throw new IllegalArgumentException("give the settings to compare: --b=--name=value[,...]");
        Path models = Files.createTempDirectory("llmsvc-bench-models");
        try {
            TinyModels.write(models, OverheadCalls.MODEL);
            try (InProcessSystem sa = start(models, a); InProcessSystem sb = start(models, b)) {
                compare(new OverheadCalls(sa), new OverheadCalls(sb), a, b);
            }
        } finally {
            InProcessSystem.deleteTree(models);
        }
    }

    private static List<String> args(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) if (!s.isBlank()) out.add(s.strip());
        return out;
    }

    private static InProcessSystem start(Path models, List<String> extra) {
        List<String> args = new ArrayList<>(List.of("--llmsvc.worker.slots=16", "--llmsvc.worker.context-size=" + OverheadBench.CONTEXT,
                "--llmsvc.cluster-token=" + OverheadCalls.CLUSTER_TOKEN));
        args.addAll(extra);
        return InProcessSystem.start(models, args.toArray(String[]::new));
    }

    private static void compare(OverheadCalls ca, OverheadCalls cb, List<String> a, List<String> b) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String how = Warmup.untilJitQuiet(() -> {
            Load.run(ca::gateway, 20, 1);
            Load.run(cb::gateway, 20, 1);
        }, OverheadBench.WARMUP_SECONDS, OverheadBench.MAX_WARMUP_SECONDS);
        System.out.println("A: shipped settings" + (a.isEmpty() ? "" : " + " + a) + "; B: shipped settings + " + b
                + "; gateway chat, lean client, the two alternating in rounds; " + how);
        Table t = new Table("concurrency", "system", "requests", "p50 ms", "p99 ms", "req/s", "bench JVM CPU ms/req",
                "X-Llmsvc-Overhead-Ms p50", "p99");
        for (int c : new int[] {1, 16}) {
            OverheadCalls[] sys = {ca, cb};
            Stats[] lat = {new Stats(), new Stats()}, hdr = {new Stats(), new Stats()};
            long[] wall = new long[2], cpu = new long[2];
            int rounds = c == 1 ? 40 : 10, per = c == 1 ? 25 : 160;
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < 2; k++) {
                    int s = (r + k) % 2;
                    sys[s].overheadHeader.clear();
                    long c0 = os.getProcessCpuTime();
                    Load.Batch batch = Load.run(sys[s]::gateway, per, c);
                    cpu[s] += os.getProcessCpuTime() - c0;
                    wall[s] += batch.wallNanos();
                    lat[s].addAll(batch.latencies());
                    for (long v : sys[s].overheadHeader.snapshot()) hdr[s].add(v);
                }
            }
            for (int s = 0; s < 2; s++) {
                t.row(c, s == 0 ? "A" : "B", lat[s].count(), Stats.ms(lat[s].percentileMs(50)), Stats.ms(lat[s].percentileMs(99)),
                        Stats.f1(lat[s].count() / (wall[s] / 1e9)), Stats.f2(cpu[s] / 1e6 / lat[s].count()),
                        Stats.ms(hdr[s].percentileMs(50)), Stats.ms(hdr[s].percentileMs(99)));
            }
        }
        t.print();
        ca.lean.close();
        cb.lean.close();
    }

    private SettingsBench() {}
}
