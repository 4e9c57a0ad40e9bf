package io.llmsvc.runtime.dispatch;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.api.controller.HeartbeatAck;
import io.llmsvc.api.controller.LeaseRequest;
import io.llmsvc.api.controller.WorkerHeartbeat;
import io.llmsvc.api.controller.WorkerLease;
import io.llmsvc.api.controller.WorkerRegistration;
import io.llmsvc.api.controller.WorkerState;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.runtime.internal.PeerUnreachableException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's calls to a controller in another process, with retries and a circuit breaker. Each call already
 * has timeouts (HTTP client: 2 s connect, 5 s answer). Reads ({@code listModels}, {@code listWorkers}) are retried
 * on transport failures with backoff ({@link #BACKOFF}); a lease only when the connection was refused (the request
 * never reached the controller, so a retry cannot lease twice). When most recent calls failed to reach the
 * controller the circuit opens: calls fail at once with 503 {@code service_unavailable} instead of each waiting
 * for a timeout; after {@link #OPEN_FOR} a few probe calls go through (half-open) and the circuit closes again
 * when they succeed, so recovery needs no restart. Only unreachability counts as failure — answers such as
 * "no worker" or "model not found" are the controller working. A worker's own calls (registration, heartbeats)
 * pass straight through: its announcer has its own backoff.
 */
public final class ResilientController implements ControllerApi {
    private static final Logger log = LoggerFactory.getLogger(ResilientController.class);
    static final Duration OPEN_FOR = Duration.ofSeconds(5);
    static final List<Duration> BACKOFF = List.of(Duration.ofMillis(50), Duration.ofMillis(200));

    private final ControllerApi delegate;
    private final CircuitBreaker breaker;

    ResilientController(ControllerApi delegate) {
        this(delegate, OPEN_FOR);
    }

    ResilientController(ControllerApi delegate, Duration openFor) {
        this.delegate = delegate;
        this.breaker = CircuitBreaker.of("controller", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(10)
                .minimumNumberOfCalls(4)
                .failureRateThreshold(50)
                .waitDurationInOpenState(openFor)
                .permittedNumberOfCallsInHalfOpenState(2)
                .recordException(e -> e instanceof PeerUnreachableException)
                .build());
        breaker.getEventPublisher().onStateTransition(e -> {
            if (e.getStateTransition().getToState() == CircuitBreaker.State.OPEN) {
                log.warn("controller unreachable: circuit open, calls fail fast for {} ms, then probe", openFor.toMillis());
            } else if (e.getStateTransition().getToState() == CircuitBreaker.State.CLOSED) {
                log.info("controller reachable again: circuit closed");
            }
        });
    }

    /** The circuit's state: {@code CLOSED}, {@code OPEN} or {@code HALF_OPEN}. */
    public CircuitBreaker.State state() { return breaker.getState(); }

    @Override
    public WorkerLease leaseWorker(LeaseRequest request) {
        return call(() -> delegate.leaseWorker(request), false);
    }

    @Override
    public List<ModelCard> listModels() {
        return call(delegate::listModels, true);
    }

    @Override
    public List<WorkerState> listWorkers() {
        return call(delegate::listWorkers, true);
    }

    @Override
    public void reportWorkerFailure(String workerId, String reason) {
        call(() -> {
            delegate.reportWorkerFailure(workerId, reason);
            return null;
        }, false);
    }

    @Override
    public void registerWorker(WorkerRegistration registration) { delegate.registerWorker(registration); }

    @Override
    public HeartbeatAck receiveHeartbeat(WorkerHeartbeat heartbeat) { return delegate.receiveHeartbeat(heartbeat); }

    @Override
    public void unregisterWorker(String workerId) { delegate.unregisterWorker(workerId); }

    private <T> T call(Supplier<T> op, boolean idempotent) {
        for (int attempt = 0; ; attempt++) {
            try {
                return breaker.executeSupplier(op);
            } catch (CallNotPermittedException open) {
                throw new LlmsvcException(ErrorCode.UNAVAILABLE, "calls to the controller are paused after repeated failures;"
                        + " the next attempt is within " + OPEN_FOR.toSeconds() + "s");
            } catch (PeerUnreachableException e) {
                if (attempt >= BACKOFF.size() || !(idempotent || notSent(e))) throw e;
                sleep(BACKOFF.get(attempt));
            }
        }
    }

    /** The connection was never made, so the controller did not see the request. */
    private static boolean notSent(PeerUnreachableException e) {
        return e.getCause() instanceof ConnectException || e.getCause() instanceof HttpConnectTimeoutException;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmsvcException(ErrorCode.UNAVAILABLE, "interrupted while waiting to retry the controller");
        }
    }
}
