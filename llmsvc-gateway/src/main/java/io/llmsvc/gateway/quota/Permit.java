package io.llmsvc.gateway.quota;

/**
 * One admitted request. {@link #settle(int)} replaces the reservation with the tokens really used; {@link #close()}
 * ends the request (freeing its concurrency slot) and, when it was never settled, returns the reservation.
 * Both are idempotent.
 */
public interface Permit extends AutoCloseable {
    Permit NONE = new Permit() {
        @Override
        public void settle(int actualTokens) {}

        @Override
        public void close() {}
    };

    void settle(int actualTokens);

    @Override
    void close();
}
