package io.llmsvc.controller.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.Secret;
import io.llmsvc.api.controller.LeaseRequest;
import io.llmsvc.api.controller.WorkerHeartbeat;
import io.llmsvc.api.controller.WorkerLease;
import io.llmsvc.api.controller.WorkerRegistration;
import io.llmsvc.api.controller.WorkerState;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.controller.ControllerTestApp;
import io.llmsvc.controller.LocalController;
import io.llmsvc.runtime.internal.ClusterCredential;
import io.llmsvc.runtime.internal.InternalHttp;
import io.llmsvc.runtime.internal.InternalPaths;
import io.llmsvc.runtime.peers.ControllerHttpClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The controller's internal API over real HTTP, driven by the client the other targets use. */
@SpringBootTest(classes = ControllerTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"llmsvc.target=controller", "llmsvc.cluster-token=" + ControllerEndpointsTest.TOKEN})
class ControllerEndpointsTest {
    static final String TOKEN = "test-cluster-token-0123456789";
    private static final HttpClient RAW = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry r) {
        r.add("llmsvc.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    LocalController local;

    private ControllerHttpClient client(String token) {
        String base = "http://127.0.0.1:" + port;
        return new ControllerHttpClient(new InternalHttp(base, new ClusterCredential(Secret.of(token)), Duration.ofSeconds(10)));
    }

    private static WorkerRegistration registration(String id, String... models) {
        return new WorkerRegistration(id, "http://127.0.0.1:1" + id.length(), List.of(models).stream()
                .map(m -> new ModelCard(m, "llamacpp", 2048, Set.of(ModelCard.CHAT))).toList(), 2);
    }

    private static Consumer<Throwable> code(ErrorCode expected) {
        return t -> assertThat(((LlmsvcException) t).code()).isEqualTo(expected);
    }

    @BeforeEach
    void forgetAllWorkers() {
        local.listWorkers().forEach(w -> local.unregisterWorker(w.workerId()));
    }

    @Test
    void registerHeartbeatLeaseFailAndUnregisterOverHttp() {
        ControllerHttpClient c = client(TOKEN);
        c.registerWorker(registration("w-1", "tiny", "small"));
        assertThat(c.receiveHeartbeat(new WorkerHeartbeat("w-1", 2, 1, 14.5)).known()).isTrue();

        WorkerState s = c.listWorkers().getFirst();
        assertThat(s.workerId()).isEqualTo("w-1");
        assertThat(s.state()).isEqualTo("ready");
        assertThat(s.queueLength()).isEqualTo(2);
        assertThat(s.activeRequests()).isEqualTo(1);
        assertThat(s.tokensPerSecond()).isEqualTo(14.5);
        assertThat(s.models()).extracting(ModelCard::id).containsExactly("tiny", "small");
        assertThat(s.lastHeartbeat()).isNotNull();
        assertThat(c.listModels()).extracting(ModelCard::id).containsExactly("small", "tiny");

        assertThat(c.leaseWorker(new LeaseRequest("tiny", Set.of()))).isEqualTo(new WorkerLease("w-1", "http://127.0.0.1:13", "tiny"));
        assertThatThrownBy(() -> c.leaseWorker(new LeaseRequest("huge", Set.of())))
                .satisfies(code(ErrorCode.MODEL_NOT_FOUND)).hasMessageContaining("available: small, tiny");
        assertThatThrownBy(() -> c.leaseWorker(new LeaseRequest("tiny", Set.of("w-1")))).satisfies(code(ErrorCode.NO_WORKER));

        c.reportWorkerFailure("w-1", "connection refused");
        assertThat(c.listWorkers().getFirst()).extracting(WorkerState::state, WorkerState::consecutiveFailures)
                .containsExactly("cooldown", 1);
        assertThatThrownBy(() -> c.leaseWorker(new LeaseRequest("tiny", null))).satisfies(code(ErrorCode.NO_WORKER));

        c.unregisterWorker("w-1");
        assertThat(c.listWorkers()).isEmpty();
        assertThat(c.receiveHeartbeat(new WorkerHeartbeat("w-1", 0, 0, 0)).known()).isFalse();
    }

    @Test
    void idsWithReservedUrlCharactersTravelInPaths() {
        ControllerHttpClient c = client(TOKEN);
        c.registerWorker(registration("host.example:8081@gpu-0", "m"));
        c.reportWorkerFailure("host.example:8081@gpu-0", null);
        assertThat(local.listWorkers().getFirst().state()).isEqualTo("cooldown");
        c.unregisterWorker("host.example:8081@gpu-0");
        assertThat(local.listWorkers()).isEmpty();
    }

    @Test
    void withoutTheClusterCredentialEveryCallIs401AndChangesNothing() throws Exception {
        local.registerWorker(registration("victim", "m"));
        ControllerHttpClient wrong = client("not-the-cluster-token-at-all");
        assertThatThrownBy(() -> wrong.registerWorker(registration("hijack", "m"))).satisfies(code(ErrorCode.UNAUTHORIZED));
        assertThatThrownBy(() -> wrong.registerWorker(new WorkerRegistration("hijack", "http://evil:80", registration("x", "m").models(), 1)))
                .satisfies(code(ErrorCode.UNAUTHORIZED));
        assertThatThrownBy(() -> wrong.receiveHeartbeat(new WorkerHeartbeat("victim", 0, 0, 0))).satisfies(code(ErrorCode.UNAUTHORIZED));
        assertThatThrownBy(() -> wrong.reportWorkerFailure("victim", "x")).satisfies(code(ErrorCode.UNAUTHORIZED));
        assertThatThrownBy(() -> wrong.unregisterWorker("victim")).satisfies(code(ErrorCode.UNAUTHORIZED));
        assertThatThrownBy(() -> wrong.leaseWorker(new LeaseRequest("m", null))).satisfies(code(ErrorCode.UNAUTHORIZED));
        assertThatThrownBy(wrong::listWorkers).satisfies(code(ErrorCode.UNAUTHORIZED));
        assertThatThrownBy(wrong::listModels).satisfies(code(ErrorCode.UNAUTHORIZED));

        String body = "{\"worker_id\":\"hijack\",\"address\":\"http://evil:80\",\"models\":[" + CARD + "],\"slots\":64}";
        for (String auth : new String[] {null, "Bearer ", "Basic " + TOKEN, "Bearer " + TOKEN + "x", TOKEN}) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + InternalPaths.CONTROLLER_WORKERS))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
            if (auth != null) b.header("Authorization", auth);
            HttpResponse<String> res = RAW.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(res.statusCode()).as("Authorization: %s", auth).isEqualTo(401);
            assertThat(res.body()).contains("\"code\":\"invalid_api_key\"").doesNotContain(TOKEN);
        }

        assertThat(local.listWorkers()).extracting(WorkerState::workerId, WorkerState::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("victim", "ready"));
        assertThat(local.leaseWorker(new LeaseRequest("m", null)).address()).isEqualTo("http://127.0.0.1:16");
    }

    private static final String CARD = "{\"id\":\"m\",\"engine\":\"llamacpp\",\"context_length\":0,\"capabilities\":[]}";

    private HttpResponse<String> post(String path, String body) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return RAW.send(req, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void malformedOrInvalidBodiesAre400WithAClearMessage() throws Exception {
        String w = InternalPaths.CONTROLLER_WORKERS;
        String[][] cases = {
                {w, "{", "malformed JSON"},
                {w, "", "JSON object"},
                {w, "null", "JSON object"},
                {w, "[1,2]", "JSON object"},
                {w, "{\"worker_id\":\"w\",\"address\":\"http://h:1\",\"models\":[" + CARD + "],\"slots\":\"many\"}", "'slots'"},
                {w, "{\"worker_id\":\"w\",\"address\":\"http://h:1\",\"models\":[],\"slots\":1}", "'models'"},
                {w, "{\"worker_id\":\"w\",\"address\":\"http://h:1\",\"models\":[" + CARD + "]}", "'slots'"},
                {w, "{\"worker_id\":\"w\",\"address\":\"gopher://h:1\",\"models\":[" + CARD + "],\"slots\":1}", "'address'"},
                {w, "{\"worker_id\":\"w\",\"address\":\"http://h:1\",\"models\":[{\"id\":\"m\"}],\"slots\":1}", "'models[0].context_length'"},
                {w, "{\"address\":\"http://h:1\",\"models\":[" + CARD + "],\"slots\":1}", "'worker_id'"},
                {w, "{\"worker_id\":\"w\",\"address\":\"http://h:1\",\"models\":\"m\",\"slots\":1}", "'models'"},
                {InternalPaths.CONTROLLER_HEARTBEAT, "{\"worker_id\":\"w\",\"queue_length\":-3,\"active_requests\":0,\"tokens_per_second\":0}", "'queue_length'"},
                {InternalPaths.CONTROLLER_HEARTBEAT, "\"hello\"", "JSON object"},
                {InternalPaths.CONTROLLER_LEASE, "{}", "'model'"},
                {InternalPaths.CONTROLLER_LEASE, "{\"model\":\"m\",\"exclude\":5}", "'exclude'"},
                {w + "/w/failures", "{\"reason\":", "malformed JSON"},
        };
        for (String[] c : cases) {
            HttpResponse<String> res = post(c[0], c[1]);
            assertThat(res.statusCode()).as("%s %s -> %s", c[0], c[1], res.body()).isEqualTo(400);
            assertThat(res.body()).as(c[1]).contains("\"code\":\"invalid_request\"").contains(c[2]);
        }
        assertThat(local.listWorkers()).isEmpty();

        // a failure report needs no body; an unknown worker is ignored
        assertThat(post(w + "/nobody/failures", "").statusCode()).isEqualTo(204);
        assertThatThrownBy(() -> client(TOKEN).registerWorker(new WorkerRegistration("w", "http://h:1", List.of(), 1)))
                .isInstanceOfSatisfying(LlmsvcException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.param()).isEqualTo("models");
                });
    }
}
