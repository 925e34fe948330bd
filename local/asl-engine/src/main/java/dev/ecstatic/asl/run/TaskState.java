package dev.ecstatic.asl.run;

import dev.ecstatic.asl.Json;
import dev.ecstatic.asl.Json.JsonText;
import dev.ecstatic.asl.definition.State;
import java.util.Map;

/**
 * The Task state: calls its resource through an integration (or a mocked response) with its
 * resolved arguments, within TimeoutSeconds, and makes its output from the result; Retry and Catch
 * apply to each attempt.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/state-task.html">Task state</a>
 */
final class TaskState {
    private TaskState() {}

    static Outcome execute(State.Task task, StateRun run) {
        TaskResource resource = TaskResource.of(task.resource());
        return RetryAndCatch.run(run, task.errorHandling(), retryCount -> {
            Map<String, Object> context = run.context(retryCount);
            Object arguments = InputOutput.arguments(run, task.dataFlow(), context);
            JsonText argumentsText = run.checked(arguments, "input");
            Object input = run.input.value();
            Long timeout = task.timeoutSeconds() == null ? null
                    : FieldValues.integer(run, task.timeoutSeconds(), context, input, 1, "TimeoutSeconds must be positive.");
            Long heartbeat = task.heartbeatSeconds() == null ? null
                    : FieldValues.integer(run, task.heartbeatSeconds(), context, input, 1,
                            "HeartbeatSeconds must be positive.");
            run.history().taskScheduled(run.branch, resource, run.interpreter.settings().region(), argumentsText, timeout,
                    heartbeat);
            String resultJson;
            try {
                resultJson = TaskInvocation.invoke(run, task, argumentsText, context, timeout, retryCount);
            } catch (Failure failure) {
                if (failure.kind() == Failure.Kind.NORMAL) {
                    run.history().taskFailed(run.branch, resource, failure.error(), failure.cause());
                }
                throw failure;
            }
            Object result;
            try {
                result = Json.parse(resultJson);
            } catch (IllegalArgumentException e) {
                throw new Failure("States.Runtime", "The task result of state '" + task.name() + "' is not JSON: "
                        + e.getMessage());
            }
            JsonText resultText = run.checked(result, "result");
            run.history().taskSucceeded(run.branch, resource, resultText);
            return InputOutput.fromResult(run, task.dataFlow(), context, result, task.next());
        }, null);
    }
}
