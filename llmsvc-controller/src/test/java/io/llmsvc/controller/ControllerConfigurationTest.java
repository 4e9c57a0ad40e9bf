package io.llmsvc.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.llmsvc.api.controller.ControllerApi;
import io.llmsvc.controller.registry.WorkerRegistry;
import io.llmsvc.runtime.config.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ControllerConfigurationTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(ControllerConfiguration.class);

    @Test
    void theControllerRunsWhenItsTargetIsSelected() {
        runner.withPropertyValues("llmsvc.target=controller", "llmsvc.controller.policy=round-robin").run(ctx -> {
            assertThat(ctx).hasSingleBean(ControllerApi.class).hasSingleBean(WorkerRegistry.class);
            assertThat(ctx.getBean(ControllerApi.class)).isInstanceOf(LocalController.class);
            assertThat(ctx.getBean(WorkerRegistry.class).policy().name()).isEqualTo("round-robin");
        });
        runner.run(ctx -> assertThat(ctx).as("target defaults to all").hasSingleBean(ControllerApi.class));
    }

    @Test
    void otherTargetsHaveNoController() {
        runner.withPropertyValues("llmsvc.target=worker,gateway").run(ctx -> {
            assertThat(ctx).doesNotHaveBean(ControllerApi.class).doesNotHaveBean(WorkerRegistry.class);
        });
    }

    @Test
    void aWrongSettingStopsTheStartNamingIt() {
        runner.withPropertyValues("llmsvc.target=controller", "llmsvc.controller.policy=fastest").run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(ctx.getStartupFailure()).rootCause().isInstanceOf(InvalidSettingException.class)
                    .hasMessageContaining("llmsvc.controller.policy");
        });
    }
}
