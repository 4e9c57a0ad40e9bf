package io.llmsvc.controller.dispatch;

import java.util.List;
import java.util.random.RandomGenerator;

/** The dispatch policies by setting name ({@code llmsvc.controller.policy}). */
public final class DispatchPolicies {
    public static final String SHORTEST_QUEUE = "shortest-queue";
    public static final String LOTTERY = "lottery";
    public static final String ROUND_ROBIN = "round-robin";
    public static final List<String> NAMES = List.of(SHORTEST_QUEUE, LOTTERY, ROUND_ROBIN);

    /** The policy named {@code name}, drawing lottery tickets from the calling thread's random generator. */
    public static DispatchPolicy of(String name) {
        return of(name, null);
    }

    /**
     * @param random lottery draws come from it (a seeded one makes tests repeatable); {@code null} for
     *               {@link java.util.concurrent.ThreadLocalRandom}
     * @throws IllegalArgumentException for an unknown name
     */
    public static DispatchPolicy of(String name, RandomGenerator random) {
        return switch (name) {
            case SHORTEST_QUEUE -> new ShortestQueuePolicy();
            case LOTTERY -> new LotteryPolicy(random);
            case ROUND_ROBIN -> new RoundRobinPolicy();
            default -> throw new IllegalArgumentException("unknown dispatch policy '" + name + "' (expected one of "
                    + String.join(", ", NAMES) + ")");
        };
    }

    private DispatchPolicies() {}
}
