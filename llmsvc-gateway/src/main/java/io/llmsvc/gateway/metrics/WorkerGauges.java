package io.llmsvc.gateway.metrics;

import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.api.controller.WorkerState;
import io.llmsvc.api.worker.ModelCard;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Worker gauges from the controller's worker list, polled in the background every {@link #INTERVAL} (never on the
 * request path, never on a scrape): workers by state, and per worker its queue length, active requests and decode
 * speed. {@code llmsvc_controller_up} says whether the last poll reached the controller; while it does not, the
 * worker gauges keep their last values.
 */
final class WorkerGauges implements AutoCloseable {
    static final Duration INTERVAL = Duration.ofSeconds(5);

    private final ControllerApi controller;
    private final KnownModels models;
    private final AtomicInteger controllerUp = new AtomicInteger();
    private final MultiGauge workers;
    private final MultiGauge queueLength;
    private final MultiGauge active;
    private final MultiGauge speed;
    private ScheduledExecutorService timer;

    WorkerGauges(ControllerApi controller, KnownModels models, MeterRegistry registry) {
        this.controller = controller;
        this.models = models;
        Gauge.builder("llmsvc.controller.up", controllerUp, AtomicInteger::get)
                .description("1 when the last poll of the controller succeeded").register(registry);
        workers = MultiGauge.builder("llmsvc.workers").description("Workers known to the controller, by state").register(registry);
        queueLength = MultiGauge.builder("llmsvc.worker.queue.length").description("Requests waiting for a slot, per worker").register(registry);
        active = MultiGauge.builder("llmsvc.worker.active.requests").description("Requests being generated, per worker").register(registry);
        speed = MultiGauge.builder("llmsvc.worker.tokens.per.second").description("Decode speed reported by each worker").register(registry);
    }

    void start() {
        timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("llmsvc-worker-gauges").factory());
        timer.scheduleWithFixedDelay(this::poll, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    void poll() {
        List<WorkerState> list;
        try {
            list = controller.listWorkers();
        } catch (LlmsvcException | IllegalStateException e) {
            controllerUp.set(0);
            return;
        }
        controllerUp.set(1);
        Map<String, Integer> byState = new TreeMap<>(Map.of("ready", 0, "cooldown", 0, "expired", 0));
        List<MultiGauge.Row<?>> q = new ArrayList<>(), a = new ArrayList<>(), s = new ArrayList<>();
        for (WorkerState w : list) {
            byState.merge(w.state(), 1, Integer::sum);
            Tags t = Tags.of("worker", w.workerId());
            q.add(MultiGauge.Row.of(t, w.queueLength()));
            a.add(MultiGauge.Row.of(t, w.activeRequests()));
            s.add(MultiGauge.Row.of(t, w.tokensPerSecond()));
            if (!"expired".equals(w.state())) {
                for (ModelCard m : w.models()) models.seen(m.id());
            }
        }
        List<MultiGauge.Row<?>> st = new ArrayList<>();
        byState.forEach((state, n) -> st.add(MultiGauge.Row.of(Tags.of("state", state), n)));
        workers.register(st, true);
        queueLength.register(q, true);
        active.register(a, true);
        speed.register(s, true);
    }

    @Override
    public void close() {
        if (timer != null) timer.shutdownNow();
    }
}
