package io.llmsvc.worker.engine.llamacpp;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.PoolingType;
import io.llmsvc.api.Secret;
import io.llmsvc.runtime.internal.ClusterCredential;
import io.llmsvc.worker.gguf.GgufMetadata;
import java.nio.file.Path;

/**
 * Entry point of a model runner: a child JVM that loads one GGUF model with llama.cpp and serves the worker's internal
 * contract on a loopback port, so that a native abort takes down this process and not the worker.
 *
 * <p>Arguments: {@code --model PATH --slots N --ctx N --threads N [--embeddings] --parent-pid PID [--model-id ID]},
 * where {@code --ctx} is the context per slot. The bearer token callers must present comes from the environment
 * variable {@value #TOKEN_ENV}. When serving, the runner prints exactly one line {@code LLMSVC-RUNNER-READY port=<port>}
 * to stdout; it exits when the parent process dies, or on SIGTERM. A failed start prints
 * {@code LLMSVC-RUNNER-FAILED <reason>} and exits with status 2.
 */
public final class RunnerMain {
    public static final String TOKEN_ENV = "LLMSVC_RUNNER_TOKEN";
    public static final String READY = "LLMSVC-RUNNER-READY port=";
    public static final String FAILED = "LLMSVC-RUNNER-FAILED ";

    /** Parsed command line. */
    record Args(Path model, String modelId, int slots, int ctx, int threads, boolean embeddings, long parentPid) {
        static Args parse(String[] argv) {
            Path model = null;
            String id = null;
            int slots = 1, ctx = 2048, threads = 1;
            boolean embeddings = false;
            long parent = -1;
            for (int i = 0; i < argv.length; i++) {
                String a = argv[i];
                switch (a) {
                    case "--model" -> model = Path.of(value(argv, ++i, a));
                    case "--model-id" -> id = value(argv, ++i, a);
                    case "--slots" -> slots = positive(value(argv, ++i, a), a);
                    case "--ctx" -> ctx = positive(value(argv, ++i, a), a);
                    case "--threads" -> threads = positive(value(argv, ++i, a), a);
                    case "--embeddings" -> embeddings = true;
                    case "--parent-pid" -> parent = positive(value(argv, ++i, a), a);
                    default -> throw new IllegalArgumentException("unknown argument " + a);
                }
            }
            if (model == null) throw new IllegalArgumentException("--model is required");
            if (id == null) id = model.getFileName().toString().replaceFirst("\\.gguf$", "");
            return new Args(model, id, slots, ctx, threads, embeddings, parent);
        }

        private static String value(String[] argv, int i, String name) {
            if (i >= argv.length) throw new IllegalArgumentException(name + " needs a value");
            return argv[i];
        }

        private static int positive(String v, String name) {
            try {
                int n = Integer.parseInt(v);
                if (n > 0) return n;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new IllegalArgumentException(name + " needs a positive integer, not " + v);
        }
    }

    public static void main(String[] argv) {
        // small NDJSON chunks must leave at once, not wait for Nagle + delayed ACK on loopback
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            Args args = Args.parse(argv);
            Secret token = Secret.of(System.getenv(TOKEN_ENV));
            if (token == null) throw new IllegalArgumentException("environment variable " + TOKEN_ENV + " is not set");
            if (args.parentPid() > 0) watchParent(args.parentPid());
            GgufMetadata meta = GgufMetadata.read(args.model());
            LlamaModel model = new LlamaModel(parameters(args));
            RunnerHttp http = new RunnerHttp(new RunnerService(model, args, meta.addsBos()), new ClusterCredential(token));
            int port = http.start();
            System.out.println(READY + port);
            System.out.flush();
        } catch (Exception | LinkageError e) {
            String reason = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            System.out.println(FAILED + reason.replace('\n', ' '));
            System.out.flush();
            Runtime.getRuntime().halt(2);
        }
    }

    static ModelParameters parameters(Args a) {
        ModelParameters p = new ModelParameters()
                .setModel(a.model().toString())
                .setParallel(a.slots())
                .setCtxSize(a.slots() * a.ctx())
                .setThreads(a.threads())
                .setThreadsBatch(a.threads())
                // a request that outgrows its slot must end, not silently drop its oldest tokens
                .disableContextShift()
                .disableLog();
        if (a.embeddings()) {
            // LAST: the default (NONE) returns the first token's vector only, and MEAN aborts the process
            p.enableEmbedding().setPoolingType(PoolingType.LAST).setBatchSize(a.ctx()).setUbatchSize(a.ctx());
        }
        return p;
    }

    /** Exits as soon as the parent is gone, so a killed worker leaves no runner behind. */
    private static void watchParent(long pid) {
        Thread t = new Thread(() -> {
            while (true) {
                boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
                if (!alive) Runtime.getRuntime().halt(0);
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "parent-watch");
        t.setDaemon(true);
        t.start();
    }

    private RunnerMain() {}
}
