package io.llmsvc.server.cli;

/** A command's failure as one line that says what to do; printed without a stack trace, exit status 1 (2 for usage). */
public final class CliException extends RuntimeException {
    private final int status;

    public CliException(String message) {
        this(message, 1);
    }

    public CliException(String message, int status) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() { return status; }

    /** The innermost cause's first line: what a user can act on. */
    public static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage();
        int nl = m.indexOf('\n');
        return (nl > 0 ? m.substring(0, nl) : m).strip();
    }
}
