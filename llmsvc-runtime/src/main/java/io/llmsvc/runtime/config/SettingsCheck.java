package io.llmsvc.runtime.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Binds every settings class before the application context starts and validates it, so a wrong value stops the
 * process at once with one line ({@link InvalidSettingException}) instead of a stack trace later.
 */
public final class SettingsCheck {
    private final Map<String, Class<? extends ValidatedSettings>> sections = new LinkedHashMap<>();

    public SettingsCheck add(String prefix, Class<? extends ValidatedSettings> type) {
        sections.put(prefix, type);
        return this;
    }

    public void check(Environment env) {
        Binder binder = Binder.get(env);
        for (var e : sections.entrySet()) {
            ValidatedSettings s;
            try {
                s = binder.bindOrCreate(e.getKey(), e.getValue());
            } catch (BindException ex) {
                String name = ex.getName() == null ? e.getKey() : ex.getName().toString();
                Throwable root = ex;
                while (root.getCause() != null) root = root.getCause();
                Object value = ex.getProperty() == null ? null : ex.getProperty().getValue();
                throw new InvalidSettingException(name, "cannot use '" + value + "' (" + shortReason(root) + ")");
            }
            s.validate();
        }
    }

    private static String shortReason(Throwable t) {
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }
}
