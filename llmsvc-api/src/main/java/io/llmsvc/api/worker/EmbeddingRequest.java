package io.llmsvc.api.worker;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.llmsvc.api.Secret;
import java.util.List;

/** Texts to embed with one model. */
public record EmbeddingRequest(String model, List<String> input, @JsonProperty("provider_key") Secret providerKey) {}
