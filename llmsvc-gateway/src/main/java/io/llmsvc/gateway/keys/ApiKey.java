package io.llmsvc.gateway.keys;

import io.llmsvc.gateway.auth.KeyLimits;
import java.time.Instant;

/** A stored API key (never the key itself: only its prefix). */
record ApiKey(String id, String userId, String name, String prefix, Instant createdAt, Instant expiresAt,
              Instant revokedAt, KeyLimits limits, Instant lastUsedAt) {

    boolean expired(Instant now) { return expiresAt != null && !now.isBefore(expiresAt); }

    String status(Instant now) {
        return revokedAt != null ? "revoked" : expired(now) ? "expired" : "active";
    }
}
