package io.llmsvc.gateway.ui;

import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import io.llmsvc.runtime.web.ApiErrorMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * An unknown address that a browser asks for as a page ({@code GET}, {@code Accept: text/html}) answers 404 with
 * the UI's "page not found" page, which links home. API paths ({@code /api/**}, {@code /v1/**}, the internal and
 * actuator routes) and every other client keep the JSON error of {@link ApiErrorMapper}.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
@ConditionalOnTarget(Target.GATEWAY)
class UiNotFound {
    private static final String[] API_PREFIXES = {"/api/", "/v1/", "/internal/", "/actuator/"};
    private final ApiErrorMapper json = new ApiErrorMapper();

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<?> notFound(NoResourceFoundException e, HttpServletRequest req) {
        if (!wantsPage(req)) return json.notFound(e, req);
        return ResponseEntity.status(HttpStatus.NOT_FOUND).cacheControl(CacheControl.noCache())
                .contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
                .body(new ClassPathResource("static/ui/pages/404.html"));
    }

    static boolean wantsPage(HttpServletRequest req) {
        if (!"GET".equals(req.getMethod()) && !"HEAD".equals(req.getMethod())) return false;
        String path = req.getRequestURI();
        if (path.equals("/v1") || path.equals("/api") || path.equals("/health")) return false;
        for (String prefix : API_PREFIXES) if (path.startsWith(prefix)) return false;
        String accept = req.getHeader("Accept");
        return accept != null && accept.toLowerCase(java.util.Locale.ROOT).contains("text/html");
    }
}
