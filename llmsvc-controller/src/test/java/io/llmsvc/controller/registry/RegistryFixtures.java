package io.llmsvc.controller.registry;

import io.llmsvc.api.controller.LeaseRequest;
import io.llmsvc.api.controller.WorkerHeartbeat;
import io.llmsvc.api.controller.WorkerRegistration;
import io.llmsvc.api.worker.ModelCard;
import io.llmsvc.controller.ControllerProperties;
import io.llmsvc.controller.dispatch.DispatchPolicies;
import java.util.Arrays;
import java.util.Set;

/** Builders shared by the registry tests. */
final class RegistryFixtures {

    static ModelCard card(String id) {
        return new ModelCard(id, "llamacpp", 2048, Set.of(ModelCard.CHAT, ModelCard.COMPLETION));
    }

    static WorkerRegistration reg(String id, int slots, String... models) {
        return new WorkerRegistration(id, "http://" + id + ":8081", Arrays.stream(models).map(RegistryFixtures::card).toList(), slots);
    }

    static WorkerHeartbeat hb(String id, int queue, int active, double tps) {
        return new WorkerHeartbeat(id, queue, active, tps);
    }

    static LeaseRequest lease(String model, String... exclude) {
        return new LeaseRequest(model, Set.of(exclude));
    }

    static WorkerRegistry registry(String policy, MutableClock clock) {
        return new WorkerRegistry(ControllerProperties.defaults(), DispatchPolicies.of(policy), clock);
    }

    static WorkerRegistry registry(ControllerProperties props, MutableClock clock) {
        return new WorkerRegistry(props, DispatchPolicies.of(props.policy()), clock);
    }

    private RegistryFixtures() {}
}
