package io.llmsvc.worker.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.Context;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import com.hubspot.jinjava.tree.Node;
import com.hubspot.jinjava.tree.TreeParser;
import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Map;
import jinjava.javax.el.CompositeELResolver;

/**
 * A Jinjava set up to behave like the Jinja environment Hugging Face renders chat templates in: {@code trim_blocks},
 * {@code lstrip_blocks}, expression whitespace control ({@link JinjaSource}), {@code raise_exception},
 * {@code strftime_now}, a {@code json.dumps}-style {@code tojson} and the Python string methods templates call.
 * Parsed templates are immutable {@link Node} trees, so one environment and one tree serve any number of threads.
 */
final class JinjaEnvironment {

    static final JinjaEnvironment DEFAULT = new JinjaEnvironment(Clock.systemDefaultZone());

    private final Jinjava jinjava;

    JinjaEnvironment(Clock clock) {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PyStringMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                // Message text must never be rendered as a template (Jinjava would, by default).
                .withNestedInterpretationEnabled(false)
                .withElResolver(resolver)
                .withDateTimeProvider(clock::millis)
                .withTimeZone(clock.getZone())
                .withMaxOutputSize(64L * 1024 * 1024)
                .build();
        jinjava = new Jinjava(config);
        Context globals = jinjava.getGlobalContext();
        globals.registerFunction(new ELFunctionDefinition("", "raise_exception", JinjaEnvironment.class,
                "raiseException", String.class));
        globals.registerFunction(new ELFunctionDefinition("", "strftime_now", JinjaEnvironment.class,
                "strftimeNow", String.class));
        globals.registerFilter(new PyJson.ToJsonFilter());
    }

    /**
     * Parses a template once.
     *
     * @throws InvalidTemplateException when Jinjava reports any problem (unknown tag, missing end tag, unclosed token)
     */
    Node parse(String source) {
        String text = JinjaSource.normalize(source);
        JinjavaInterpreter interpreter = jinjava.newInterpreter();
        Node root;
        try (var ignored = JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
            root = new TreeParser(interpreter, text).buildTree();
        } catch (RuntimeException e) {
            throw new InvalidTemplateException(e.getMessage());
        }
        if (!interpreter.getErrors().isEmpty()) {
            throw new InvalidTemplateException(interpreter.getErrors().getFirst().getMessage());
        }
        return root;
    }

    /**
     * Renders a parsed template.
     *
     * @throws TemplateRenderException INVALID_REQUEST with the template's own message when it calls
     *                                 {@code raise_exception}, or with Jinjava's message on any other fatal error
     */
    String render(Node root, Map<String, ?> bindings) {
        // the global context is only read while rendering (functions and filters are registered once, above), so
        // it can be the shared parent; copying it per render cost ~0.5 ms
        Context context = new Context(jinjava.getGlobalContext(), bindings, jinjava.getGlobalConfig().getDisabled());
        JinjavaInterpreter interpreter = new JinjavaInterpreter(jinjava, context, jinjava.getGlobalConfig());
        String output;
        try (var ignored = JinjavaInterpreter.closeablePushCurrent(interpreter).get()) {
            output = interpreter.render(root, true);
        } catch (RuntimeException e) {
            throw failure(e, e.getMessage());
        }
        // Jinjava keeps rendering after a fatal error; a deliberate raise_exception wins over later fallout.
        TemplateRenderException first = null;
        for (TemplateError error : interpreter.getErrors()) {
            if (error.getSeverity() != TemplateError.ErrorType.FATAL) continue;
            TemplateRenderException f = failure(error.getException(), error.getMessage());
            if (f.raisedByTemplate()) throw f;
            if (first == null) first = f;
        }
        if (first != null) throw first;
        return output;
    }

    private static TemplateRenderException failure(Throwable exception, String fallbackMessage) {
        // Jinjava wraps the function's exception: TemplateSyntaxException -> ELException -> RaisedByTemplate.
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof RaisedByTemplate raised) {
                return new TemplateRenderException(raised.getMessage(), true);
            }
        }
        String message = fallbackMessage == null || fallbackMessage.isBlank() ? "chat template failed" : fallbackMessage;
        return new TemplateRenderException("chat template error: " + message, false);
    }

    /** {@code raise_exception(msg)}: what Hugging Face templates call to reject a conversation. */
    public static String raiseException(String message) {
        throw new RaisedByTemplate(message == null ? "chat template rejected the conversation" : message);
    }

    /** {@code strftime_now(format)}: the current local time in Python {@code strftime} format. */
    public static String strftimeNow(String format) {
        JinjavaConfig config = JinjavaInterpreter.getCurrent().getConfig();
        Instant now = Instant.ofEpochMilli(config.getDateTimeProvider().getCurrentTimeMillis());
        return PyStrftime.format(format, ZonedDateTime.ofInstant(now, config.getTimeZone()));
    }

    /** Thrown by {@code raise_exception}; recognised in Jinjava's cause chain. */
    static final class RaisedByTemplate extends RuntimeException {
        RaisedByTemplate(String message) {
            super(message, null, false, false);
        }
    }

    /** A template Jinjava cannot parse. */
    static final class InvalidTemplateException extends RuntimeException {
        InvalidTemplateException(String message) {
            super(message);
        }
    }

    /** A render failure; {@code raisedByTemplate} tells a deliberate rejection from a template that cannot run. */
    static final class TemplateRenderException extends LlmsvcException {
        private final boolean raisedByTemplate;

        TemplateRenderException(String message, boolean raisedByTemplate) {
            super(ErrorCode.INVALID_REQUEST, message);
            this.raisedByTemplate = raisedByTemplate;
        }

        boolean raisedByTemplate() { return raisedByTemplate; }
    }
}
