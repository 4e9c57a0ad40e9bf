package io.llmsvc.bench;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the benchmarks named on the command line ({@code overhead}, {@code decode}, {@code memory}, {@code governance},
 * {@code ingest}, {@code router}; none = all but {@code settings}) one after the other and prints their tables as Markdown.
 * Started by {@code bench/run}. Options: {@code --client=lean|jdk} (the HTTP client of the overhead benchmark),
 * {@code --threads=platform|virtual} (the load threads), {@code --docs=N --pages=N} (the ingestion corpus).
 */
public final class BenchMain {
    private interface Bench {
        void run() throws Exception;
    }

    private static final Map<String, String> OPTIONS = new java.util.HashMap<>();

    /** An option given as {@code --name=value} on the command line. */
    static String option(String name, String otherwise) {
        return OPTIONS.getOrDefault(name, otherwise);
    }

    public static void main(String[] args) throws Exception {
        Map<String, Bench> all = new LinkedHashMap<>();
        all.put("overhead", OverheadBench::run);
        all.put("decode", DecodeBench::run);
        all.put("memory", MemoryBench::run);
        all.put("governance", GovernanceBench::run);
        all.put("ingest", IngestBench::run); // document ingestion throughput (--docs=N --pages=N)
        all.put("router", RouterBench::run);
        all.put("retrieval", RetrievalBench::run);
        all.put("jobs", JobsBench::run); // the job queue next to plain JobRunr (--jobs=N --rounds=N --dbs=h2,postgres)
        all.put("files", FilesBench::run); // presigned URLs and object store throughput next to the AWS SDK and file copies (--mb=N)
        List<String> defaults = new ArrayList<>(all.keySet());
        all.put("settings", SettingsBench::run); // not in the default run: compares server settings (--b=...)
        all.put("search-scale", SearchScaleBench::run); // not in the default run: embeds and indexes 100k chunks (tens of minutes)
        List<String> names = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("--") && a.contains("=")) OPTIONS.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            else names.add(a);
        }
        if (names.isEmpty()) names.addAll(defaults);
        String threads = option("threads", "platform");
        if (!threads.equals("platform") && !threads.equals("virtual")) {
            System.err.println("bench: --threads must be platform or virtual");
            System.exit(2);
        }
        Load.virtualThreads = threads.equals("virtual");
        for (String n : names) {
            if (!all.containsKey(n)) {
                System.err.println("bench: unknown benchmark '" + n + "'; choose from " + all.keySet());
                System.exit(2);
            }
        }
        System.out.println("# llmsvc bench " + OffsetDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        System.out.println("machine: " + Runtime.getRuntime().availableProcessors() + " vCPU, " + cpuModel()
                + "; JDK " + System.getProperty("java.vm.name") + " " + Runtime.version()
                + "; JVM flags " + String.join(" ", java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()));
        System.out.println();
        for (String n : names) {
            long t0 = System.nanoTime();
            System.out.println("## " + n);
            System.out.println();
            all.get(n).run();
            System.out.printf("(%s took %.0f s)%n%n", n, (System.nanoTime() - t0) / 1e9);
            System.out.flush();
        }
        System.exit(0); // the Spring contexts are closed; do not wait for stray non-daemon threads
    }

    private static String cpuModel() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private BenchMain() {}
}
