package io.llmsvc.agents.router.web;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.api.agents.RouterApi;
import io.llmsvc.runtime.internal.InternalJson;
import io.llmsvc.runtime.internal.InternalPaths;
import io.llmsvc.runtime.peers.RouterHttpClient;
import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import io.llmsvc.runtime.web.ApiErrorMapper;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;

/**
 * The router's contract over HTTP for gateways in other processes ({@link RouterHttpClient} is the client). The
 * cluster credential is checked before these run; errors become {@code InternalError} bodies with the same
 * {@link ErrorCode}, so the gateway answers its client as if the router ran in its own process.
 */
@RestController
@ConditionalOnTarget(Target.ROUTER)
class RouterInternalEndpoints {
    private final ObjectProvider<RouterApi> router;

    RouterInternalEndpoints(ObjectProvider<RouterApi> router) {
        this.router = router;
    }

    @PostMapping(InternalPaths.ROUTER_ANALYZE)
    ResponseEntity<byte[]> analyze(@RequestBody(required = false) byte[] body) {
        return json(router().analyzeIntent(message(body)));
    }

    @PostMapping(InternalPaths.ROUTER_ROUTE)
    ResponseEntity<byte[]> route(@RequestBody(required = false) byte[] body) {
        return json(router().routeMessage(message(body)));
    }

    @GetMapping(InternalPaths.ROUTER_INTENTS)
    ResponseEntity<byte[]> intents() {
        return json(router().listIntents());
    }

    private RouterApi router() {
        RouterApi r = router.getIfAvailable();
        if (r == null) throw new LlmsvcException(ErrorCode.UNAVAILABLE, "the router target runs here but has no router");
        return r;
    }

    private static String message(byte[] body) {
        if (body == null || body.length == 0) throw LlmsvcException.invalid(null, "the request body must be a JSON object");
        try {
            RouterHttpClient.MessageBody m = InternalJson.MAPPER.readValue(body, RouterHttpClient.MessageBody.class);
            if (m == null) throw LlmsvcException.invalid(null, "the request body must be a JSON object");
            return m.message();
        } catch (JacksonException e) {
            throw ApiErrorMapper.describeUnreadable(e);
        }
    }

    private static ResponseEntity<byte[]> json(Object value) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(InternalJson.MAPPER.writeValueAsBytes(value));
    }
}
