package io.llmsvc.runtime.config;

/** A setting with a wrong or missing value; the process stops with one line naming it. */
public class InvalidSettingException extends RuntimeException {
    private final String setting;

    public InvalidSettingException(String setting, String expectation) {
        super("invalid setting " + setting + ": " + expectation);
        this.setting = setting;
    }

    public String setting() { return setting; }
}
