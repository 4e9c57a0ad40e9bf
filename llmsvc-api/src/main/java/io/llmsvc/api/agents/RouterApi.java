package io.llmsvc.api.agents;

import java.util.List;

/** Seed 001's router agent: which intent a message has, with what confidence, and which agent serves it. */
public interface RouterApi {

    /** {@code POST /api/router/analyze}. */
    IntentAnalysis analyzeIntent(String message);

    /** {@code POST /api/router/route}: the analysis plus the target that will serve it. */
    RouteDecision routeMessage(String message);

    /** The intents the router knows (configured as data). */
    List<IntentInfo> listIntents();
}
