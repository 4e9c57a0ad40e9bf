package io.llmsvc.runtime.config;

/** Settings that check themselves at start; {@link #validate()} throws {@link InvalidSettingException}. */
public interface ValidatedSettings {
    void validate();
}
