package io.llmsvc.runtime.dispatch;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.api.controller.LeaseRequest;
import io.llmsvc.api.controller.WorkerLease;
import io.llmsvc.api.worker.EmbeddingRequest;
import io.llmsvc.api.worker.EmbeddingResult;
import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.GenerationRequest;
import io.llmsvc.api.worker.TokenStream;
import io.llmsvc.api.worker.TokenizeRequest;
import io.llmsvc.api.worker.TokenizeResult;
import io.llmsvc.api.worker.WorkerApi;
import io.llmsvc.runtime.internal.PeerUnreachableException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a request to a worker: asks the controller where to go, then talks to that worker directly. When the
 * worker cannot serve the request before its first event (unreachable, or its backend unavailable) the request is
 * retried on another worker; once an event has reached the caller there is no retry. Only a worker that cannot be
 * reached at all ({@link PeerUnreachableException}) is reported to the controller, which cools it down: a worker
 * that answers "my upstream is down" is healthy for its other models.
 */
public final class WorkerRouter {
    private static final Logger log = LoggerFactory.getLogger(WorkerRouter.class);
    static final int MAX_ATTEMPTS = 3;

    private final ControllerApi controller;
    private final WorkerClients clients;
    private final ServedListener listener;

    /** Told which worker served a request, on the request's thread (the gateway records it in its request log). */
    @FunctionalInterface
    public interface ServedListener {
        void servedBy(String workerId);
    }

    WorkerRouter(ControllerApi controller, WorkerClients clients, ServedListener listener) {
        this.controller = controller;
        this.clients = clients;
        this.listener = listener == null ? id -> {} : listener;
    }

    /** A generation whose first event has already arrived (so a failure before it could still be retried). */
    public TokenStream generate(GenerationRequest request) {
        Set<String> tried = new HashSet<>(2);
        LlmsvcException last = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            WorkerLease lease = lease(request.model(), tried, last);
            TokenStream stream = null;
            try {
                stream = clients.forLease(lease).generate(request);
                if (!stream.hasNext()) throw new LlmsvcException(ErrorCode.UNAVAILABLE, "worker returned no events");
                GenerationEvent first = stream.next();
                if (first instanceof GenerationEvent.Failed f && isRetryable(ErrorCode.fromCode(f.code()))) {
                    throw new LlmsvcException(ErrorCode.fromCode(f.code()), f.message());
                }
                served(lease);
                return new PrefetchedStream(first, stream);
            } catch (LlmsvcException e) {
                if (stream != null) stream.cancel();
                if (!isRetryable(e.code())) throw e;
                failed(lease, e, tried);
                last = e;
            }
        }
        throw new LlmsvcException(ErrorCode.NO_WORKER, "no worker could serve model '" + request.model() + "': " + last.getMessage());
    }

    public EmbeddingResult embed(EmbeddingRequest request) {
        return call(request.model(), w -> w.embed(request));
    }

    public TokenizeResult tokenize(TokenizeRequest request) {
        return call(request.model(), w -> w.tokenize(request));
    }

    private <T> T call(String model, Function<WorkerApi, T> op) {
        Set<String> tried = new HashSet<>(2);
        LlmsvcException last = null;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            WorkerLease lease = lease(model, tried, last);
            try {
                T result = op.apply(clients.forLease(lease));
                served(lease);
                return result;
            } catch (LlmsvcException e) {
                if (!isRetryable(e.code())) throw e;
                failed(lease, e, tried);
                last = e;
            }
        }
        throw new LlmsvcException(ErrorCode.NO_WORKER, "no worker could serve model '" + model + "': " + last.getMessage());
    }

    private WorkerLease lease(String model, Set<String> tried, LlmsvcException last) {
        try {
            return controller.leaseWorker(new LeaseRequest(model, tried));
        } catch (LlmsvcException e) {
            // after a failed attempt, "no other worker" is better explained by the failure itself
            if (last != null && e.code() == ErrorCode.NO_WORKER) {
                throw new LlmsvcException(ErrorCode.NO_WORKER, "no worker could serve model '" + model + "': " + last.getMessage());
            }
            if (e.code() == ErrorCode.MODEL_NOT_FOUND && last == null && controller.listModels().isEmpty()) {
                // a worker without models does not register, so none registered is the first start without a model;
                // registered workers none of which is ready are dead or failing, which another message explains
                var workers = controller.listWorkers();
                if (!workers.isEmpty() && workers.stream().noneMatch(w -> "ready".equals(w.state()))) {
                    throw new LlmsvcException(ErrorCode.NO_WORKER, "no worker is live (" + workers.size() + " registered, none"
                            + " heartbeating or all cooling down after failures): check the workers' logs, then retry");
                }
                throw new LlmsvcException(ErrorCode.NO_WORKER, "no model is loaded: put a .gguf file into the models"
                        + " directory (LLMSVC_MODELS_DIR) or configure an upstream, then retry; see the README");
            }
            if (e.code() == ErrorCode.UNAVAILABLE || e.code() == ErrorCode.TIMEOUT) {
                throw new LlmsvcException(ErrorCode.UNAVAILABLE, "the controller is unreachable: " + e.getMessage());
            }
            throw e;
        }
    }

    private void served(WorkerLease lease) {
        listener.servedBy(lease.workerId());
    }

    private void failed(WorkerLease lease, LlmsvcException e, Set<String> tried) {
        tried.add(lease.workerId());
        log.warn("worker {} could not serve {} ({}); trying another", lease.workerId(), lease.model(), e.getMessage());
        if (!(e instanceof PeerUnreachableException)) return;
        try {
            controller.reportWorkerFailure(lease.workerId(), e.getMessage());
        } catch (LlmsvcException ignored) {
            // the controller being down is reported by the next lease
        }
    }

    /** Failures of the worker rather than of the request: worth another worker. */
    static boolean isRetryable(ErrorCode code) {
        return code == ErrorCode.UNAVAILABLE || code == ErrorCode.TIMEOUT;
    }

    /** Yields the already-read first event, then the rest. */
    private static final class PrefetchedStream implements TokenStream {
        private GenerationEvent first;
        private final TokenStream rest;

        PrefetchedStream(GenerationEvent first, TokenStream rest) {
            this.first = first;
            this.rest = rest;
        }

        @Override
        public boolean hasNext() { return first != null || rest.hasNext(); }

        @Override
        public GenerationEvent next() {
            if (first != null) {
                GenerationEvent e = first;
                first = null;
                return e;
            }
            return rest.next();
        }

        @Override
        public void cancel() { rest.cancel(); }
    }
}
