package io.llmsvc.api.agents;

import java.util.List;

/** @param mode the search mode that produced the results */
public record SearchResponse(List<SearchHit> results, String mode) {}
