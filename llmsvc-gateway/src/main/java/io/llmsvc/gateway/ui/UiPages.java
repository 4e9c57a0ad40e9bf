package io.llmsvc.gateway.ui;

import io.llmsvc.runtime.target.ConditionalOnTarget;
import io.llmsvc.runtime.target.Target;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The web UI's pages: static HTML that loads ES modules from {@code /ui/} and libraries from {@code /webjars/}.
 * The pages themselves need no authentication; they call {@code /api/v1/auth/me} and go to {@code /login} on 401,
 * so every piece of data still passes the API's authentication. Other paths are not pages (404).
 */
@Controller
@ConditionalOnTarget(Target.GATEWAY)
class UiPages {
    @GetMapping({"/", "/chat"})
    ResponseEntity<Resource> chat() { return page("chat"); }

    @GetMapping("/login")
    ResponseEntity<Resource> login() { return page("login"); }

    @GetMapping("/signup")
    ResponseEntity<Resource> signup() { return page("signup"); }

    @GetMapping("/admin")
    ResponseEntity<Resource> admin() { return page("admin"); }

    @GetMapping("/documents")
    ResponseEntity<Resource> documents() { return page("documents"); }

    @GetMapping("/files")
    ResponseEntity<Resource> files() { return page("files"); }

    @GetMapping("/jobs")
    ResponseEntity<Resource> jobs() { return page("jobs"); }

    @GetMapping("/me")
    ResponseEntity<Resource> me() { return page("me"); }

    private static ResponseEntity<Resource> page(String name) {
        // no-cache: a new deployment's page (and the module URLs in it) is picked up at once
        return ResponseEntity.ok().cacheControl(CacheControl.noCache())
                .contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
                .body(new ClassPathResource("static/ui/pages/" + name + ".html"));
    }
}
