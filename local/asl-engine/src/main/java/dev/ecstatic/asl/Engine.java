package dev.ecstatic.asl;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Runs state machines. Build one with {@link #builder()}; it is immutable and may run many
 * executions, concurrently too.
 *
 * <pre>{@code
 * Engine engine = Engine.builder()
 *     .taskInvoker(request -> "{\"Payload\": 42}")
 *     .clock(new SimulatedClock(Instant.parse("2025-01-01T00:00:00Z")))
 *     .build();
 * Execution e = engine.run(StateMachine.parse(json), "run-1", "{}");
 * }</pre>
 */
public final class Engine {
  final TaskInvoker taskInvoker;
  final EngineClock clock;
  final ExecutionListener listener;
  final Map<String, List<MockConfig.Response>> mocks;
  final String region;
  final String accountId;
  final String stateMachineName;

  private Engine(Builder b) {
    this.taskInvoker = b.taskInvoker;
    this.clock = b.clock;
    this.listener = b.listener;
    this.mocks = b.mocks == null ? Map.of() : b.mocks;
    this.region = b.region;
    this.accountId = b.accountId;
    this.stateMachineName = b.stateMachineName;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs one execution to its end and returns it.
   *
   * @param executionName the execution's name (part of its ARN and of {@code $states.context})
   * @param inputJson the execution input (JSON text)
   * @throws IllegalArgumentException when the input is not JSON or is larger than 256 KiB, as
   *     StartExecution would refuse it
   */
  public Execution run(StateMachine stateMachine, String executionName, String inputJson) {
    Objects.requireNonNull(stateMachine, "stateMachine");
    Objects.requireNonNull(executionName, "executionName");
    Object input = Json.parse(inputJson == null ? "{}" : inputJson);
    return new Interpreter(this, stateMachine).runTop(executionName, input);
  }

  /** Settings for an {@link Engine}. */
  public static final class Builder {
    private TaskInvoker taskInvoker;
    private EngineClock clock = EngineClock.system();
    private ExecutionListener listener;
    private Map<String, List<MockConfig.Response>> mocks;
    private String region = "us-east-1";
    private String accountId = "123456789012";
    private String stateMachineName = "StateMachine";

    private Builder() {}

    /** Calls Task resources; states named by a mock config's test case are mocked instead. */
    public Builder taskInvoker(TaskInvoker invoker) {
      this.taskInvoker = invoker;
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

    /** The state machine's name, for ARNs and {@code $states.context.StateMachine.Name}. */
    public Builder stateMachineName(String name) {
      this.stateMachineName = Objects.requireNonNull(name);
      return this;
    }

    public Engine build() {
      return new Engine(this);
    }
  }
}
