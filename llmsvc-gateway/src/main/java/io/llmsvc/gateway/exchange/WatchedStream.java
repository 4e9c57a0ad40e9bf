package io.llmsvc.gateway.exchange;

import io.llmsvc.api.worker.GenerationEvent;
import io.llmsvc.api.worker.TokenStream;

/**
 * A worker's stream as the exchange sees it: time blocked waiting for events counts as worker time (not gateway
 * overhead), the first text marks time to first token, the final event's usage is recorded.
 */
public final class WatchedStream implements TokenStream {
    private final TokenStream inner;
    private final Exchange exchange;

    public WatchedStream(TokenStream inner, Exchange exchange) {
        this.inner = inner;
        this.exchange = exchange;
    }

    @Override
    public boolean hasNext() {
        long t = System.nanoTime();
        try {
            return inner.hasNext();
        } finally {
            exchange.waited(System.nanoTime() - t);
        }
    }

    @Override
    public GenerationEvent next() {
        GenerationEvent e = inner.next();
        switch (e) {
            case GenerationEvent.Delta d -> exchange.firstToken();
            case GenerationEvent.Done d -> exchange.usage(d.usage());
            case GenerationEvent.Failed f -> exchange.errorCode(f.code());
        }
        return e;
    }

    @Override
    public void cancel() { inner.cancel(); }
}
