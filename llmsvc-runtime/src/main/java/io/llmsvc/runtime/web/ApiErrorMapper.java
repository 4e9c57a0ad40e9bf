package io.llmsvc.runtime.web;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestNotUsableException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * The one error mapper: every exception becomes the route's error body ({@link ErrorBodies}) with the right
 * status. Unknown failures are logged here with their stack trace and reach the client as a plain 500 message.
 */
@RestControllerAdvice
public class ApiErrorMapper {
    private static final Logger log = LoggerFactory.getLogger(ApiErrorMapper.class);

    @ExceptionHandler(LlmsvcException.class)
    public ResponseEntity<Object> known(LlmsvcException e, HttpServletRequest req) {
        return respond(req, e);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<Object> unreadable(HttpMessageNotReadableException e, HttpServletRequest req) {
        return respond(req, describeUnreadable(e));
    }

    /** Turns a body parse failure into a message that names the field and what was expected. */
    public static LlmsvcException describeUnreadable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof LlmsvcException le) return le;
            if (t instanceof UnrecognizedPropertyException u) {
                return LlmsvcException.invalid(u.getPropertyName(), "unknown field '" + u.getPropertyName() + "'");
            }
            if (t instanceof MismatchedInputException m) {
                String field = JsonErrors.path(m);
                String expected = m.getTargetType() == null ? "another type" : JsonErrors.typeName(m.getTargetType());
                return LlmsvcException.invalid(field.isEmpty() ? null : field,
                        field.isEmpty() ? "the request body must be a JSON object" : "field '" + field + "' must be " + expected);
            }
            if (t instanceof JacksonException j && JsonErrors.duplicateField(j) != null) {
                // inside a nested object the path says where: messages[0].role
                String name = JsonErrors.duplicateField(j), at = JsonErrors.path(j);
                String field = at.isEmpty() || at.equals(name) || at.endsWith("." + name) ? (at.isEmpty() ? name : at) : at + "." + name;
                return LlmsvcException.invalid(field, "duplicate field '" + field + "'");
            }
            if (t instanceof JacksonException j) {
                return LlmsvcException.invalid(null, "malformed JSON: " + JsonErrors.firstLine(j.getOriginalMessage()));
            }
        }
        return LlmsvcException.invalid(null, "the request body is missing or not valid JSON");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<Object> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest req) {
        return respond(req, new LlmsvcException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                "unsupported Content-Type " + e.getContentType() + "; send application/json"));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    public ResponseEntity<Object> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest req) {
        return respond(req, LlmsvcException.invalid(null, "cannot produce the requested Accept type"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<Object> method(HttpRequestMethodNotSupportedException e, HttpServletRequest req) {
        return respond(req, new LlmsvcException(ErrorCode.METHOD_NOT_ALLOWED, "method " + e.getMethod() + " is not allowed here"));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<Object> notFound(NoResourceFoundException e, HttpServletRequest req) {
        return respond(req, new LlmsvcException(ErrorCode.NOT_FOUND, "no such route: " + req.getRequestURI()));
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    public ResponseEntity<Object> badParam(Exception e, HttpServletRequest req) {
        String name = e instanceof MissingServletRequestParameterException m ? m.getParameterName()
                : ((MethodArgumentTypeMismatchException) e).getName();
        return respond(req, LlmsvcException.invalid(name, "parameter '" + name + "' is missing or has the wrong type"));
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    public ResponseEntity<Object> tooLarge(MaxUploadSizeExceededException e, HttpServletRequest req) {
        return respond(req, new LlmsvcException(ErrorCode.PAYLOAD_TOO_LARGE, "the upload is larger than allowed"));
    }

    /** A multipart body the container could not parse (truncated, no boundary, too many parts). */
    @ExceptionHandler(org.springframework.web.multipart.MultipartException.class)
    public ResponseEntity<Object> badMultipart(org.springframework.web.multipart.MultipartException e, HttpServletRequest req) {
        return respond(req, LlmsvcException.invalid(null, "the multipart/form-data body could not be read"));
    }

    @ExceptionHandler(AsyncRequestNotUsableException.class)
    public void clientGone() {
        // the client disconnected; nothing to answer
    }

    @ExceptionHandler(Exception.class)
    public ResponseEntity<Object> unknown(Exception e, HttpServletRequest req) {
        log.error("unhandled error on {} {}", req.getMethod(), req.getRequestURI(), e);
        return respond(req, new LlmsvcException(ErrorCode.INTERNAL, "internal error; the server log has the details"));
    }

    private static ResponseEntity<Object> respond(HttpServletRequest req, LlmsvcException e) {
        req.setAttribute(ErrorBodies.ERROR_CODE_ATTRIBUTE, e.code().code());
        var builder = ResponseEntity.status(e.code().status());
        if (e instanceof io.llmsvc.api.RateLimitedException r) builder.header("Retry-After", Long.toString(r.retryAfterSeconds()));
        return builder
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(ErrorBodies.bodyFor(req.getRequestURI(), e));
    }
}
