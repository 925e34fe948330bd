package dev.ecstatic.asl;

import dev.ecstatic.asl.definition.Definition;
import dev.ecstatic.asl.run.EngineSettings;
import dev.ecstatic.asl.run.Interpreter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Runs state machines. Build one with {@link #builder()}; it is immutable and may run many
 * executions, concurrently too.
 *
 * <pre>{@code
 * Engine engine = Engine.builder()
 *     .integration(myLambdaIntegration)
 *     .clock(new SimulatedClock(Instant.parse("2025-01-01T00:00:00Z")))
 *     .build();
 * Execution execution = engine.run(engine.parse(json), "run-1", "{}");
 * }</pre>
 */
public final class Engine {
    private final EngineSettings settings;

    private Engine(EngineSettings settings) {
        this.settings = settings;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses and validates a definition as CreateStateMachine would with this engine's integrations:
     * besides {@link StateMachine#parse}'s checks, every Task resource must be one an integration
     * supports (or a mocked state's) and that integration must not refuse it.
     *
     * @throws DefinitionException listing every problem, each naming the state and the field
     */
    public StateMachine parse(String json) throws DefinitionException {
        StateMachine stateMachine = StateMachine.parse(json);
        validate(stateMachine);
        return stateMachine;
    }

    /**
     * Checks that this engine can call every Task resource of {@code stateMachine}.
     *
     * @throws DefinitionException naming each state whose resource no integration supports or an
     *     integration refuses
     */
    public void validate(StateMachine stateMachine) throws DefinitionException {
        List<String> problems = new ArrayList<>();
        for (Definition.TaskResource task : stateMachine.parsed().taskResources()) {
            if (settings.mocks().containsKey(task.state())) {
                continue;
            }
            Integration integration = settings.integrationFor(task.resource());
            Optional<String> refusal = integration == null
                    ? Optional.of("The resource provided " + task.resource() + " is not recognized. The value is not a "
                            + "valid resource ARN, or the resource is not available in this region.")
                    : integration.refusal(task.resource());
            refusal.ifPresent(problem -> problems.add("State \"" + task.state() + "\": field \"Resource\": " + problem));
        }
        if (settings.objectStore() == null) {
            for (Definition.StateField user : stateMachine.parsed().s3Users()) {
                problems.add("State \"" + user.state() + "\": field \"" + user.field() + "\": reads or writes S3 "
                        + "objects, but this engine has no object store (Engine.Builder.objectStore)");
            }
        }
        if (!problems.isEmpty()) {
            throw new DefinitionException(problems);
        }
    }

    /**
     * Runs one execution to its end and returns it.
     *
     * @param executionName the execution's name (part of its ARN and of the context object)
     * @param inputJson the execution input (JSON text)
     * @throws IllegalArgumentException when the input is not JSON or is larger than 256 KiB, as
     *     StartExecution would refuse it
     */
    public Execution run(StateMachine stateMachine, String executionName, String inputJson) {
        Objects.requireNonNull(stateMachine, "stateMachine");
        Objects.requireNonNull(executionName, "executionName");
        Object input = Json.parse(inputJson == null ? "{}" : inputJson);
        return new Interpreter(settings, stateMachine.parsed()).run(executionName, input);
    }

    /** Settings for an {@link Engine}. */
    public static final class Builder {
        private final List<Integration> integrations = new ArrayList<>();
        private TaskInvoker taskInvoker;
        private ObjectStore objectStore;
        private EngineClock clock = EngineClock.system();
        private ExecutionListener listener;
        private Map<String, List<MockConfig.Response>> mocks = Map.of();
        private String region = "us-east-1";
        private String accountId = "123456789012";
        private String stateMachineName = "StateMachine";

        private Builder() {}

        /**
         * Adds an integration; for a resource several support, the first added wins. States named by
         * a mock config's test case are mocked instead.
         */
        public Builder integration(Integration integration) {
            integrations.add(Objects.requireNonNull(integration));
            return this;
        }

        /** Calls every resource no {@link #integration} supports through {@code invoker}. */
        public Builder taskInvoker(TaskInvoker invoker) {
            this.taskInvoker = invoker;
            return this;
        }

        /** Where Distributed Maps read their ItemReader's objects and write their ResultWriter's. */
        public Builder objectStore(ObjectStore objectStore) {
            this.objectStore = objectStore;
            return this;
        }

        /** Real time by default; pass a {@link SimulatedClock} for virtual time. */
        public Builder clock(EngineClock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        public Builder listener(ExecutionListener listener) {
            this.listener = listener;
            return this;
        }

        /**
         * Mocks the Task states named by one test case of a MockConfigFile.
         *
         * @throws IllegalArgumentException when the file has no such state machine or test case
         */
        public Builder mockConfig(MockConfig config, String stateMachineName, String testCaseName) {
            this.mocks = config.testCase(stateMachineName, testCaseName);
            this.stateMachineName = stateMachineName;
            return this;
        }

        public Builder region(String region) {
            this.region = Objects.requireNonNull(region);
            return this;
        }

        public Builder accountId(String accountId) {
            this.accountId = Objects.requireNonNull(accountId);
            return this;
        }

        /** The state machine's name, for ARNs and the context object's StateMachine.Name. */
        public Builder stateMachineName(String name) {
            this.stateMachineName = Objects.requireNonNull(name);
            return this;
        }

        public Engine build() {
            List<Integration> all = new ArrayList<>(integrations);
            if (taskInvoker != null) {
                all.add(Integration.forEveryResource(taskInvoker));
            }
            return new Engine(new EngineSettings(clock, listener, all, mocks, objectStore, region, accountId,
                    stateMachineName));
        }
    }
}
