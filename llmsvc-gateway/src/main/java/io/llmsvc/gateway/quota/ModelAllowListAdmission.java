package io.llmsvc.gateway.quota;

import io.llmsvc.api.ErrorCode;
import io.llmsvc.api.LlmsvcException;
import io.llmsvc.gateway.auth.Principal;

/**
 * Admission by the key's model allow-list alone: the behaviour for keys without counters, and the fallback when
 * no counting admission is configured.
 */
public final class ModelAllowListAdmission implements Admission {
    @Override
    public Permit admit(Principal principal, String model, int estimatedTokens) {
        if (principal.key() != null && !principal.key().limits().allowsModel(model)) {
            throw new LlmsvcException(ErrorCode.FORBIDDEN, "this API key may not use model '" + model + "'", "model");
        }
        return Permit.NONE;
    }
}
