package dev.ecstatic.asl.run;

import dev.ecstatic.asl.Integration;
import dev.ecstatic.asl.Json;
import dev.ecstatic.asl.Json.JsonText;
import dev.ecstatic.asl.MockConfig;
import dev.ecstatic.asl.TaskFailedException;
import dev.ecstatic.asl.TaskRequest;
import dev.ecstatic.asl.definition.State;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * One call of a Task's resource: a mocked response when the state is mocked, else the integration
 * that supports the resource, within TimeoutSeconds.
 */
final class TaskInvocation {
    private TaskInvocation() {}

    /** The result as JSON text; a failure as the task's Failure (or the abort). */
    static String invoke(StateRun run, State.Task task, JsonText arguments, Map<String, Object> context, Long timeout,
            int attempt) {
        run.branch.execution.invoked(task.resource());
        List<MockConfig.Response> mocked = run.interpreter.settings().mocks().get(task.name());
        if (mocked != null) {
            return mocked(run, task, mocked);
        }
        Integration integration = run.interpreter.settings().integrationFor(task.resource());
        if (integration == null) {
            throw new Failure("States.Runtime", "no integration supports the resource " + task.resource() + " (state '"
                    + task.name() + "') and the state is not mocked");
        }
        TaskRequest request = new TaskRequest(task.resource(), arguments.text(), task.name(), () -> Json.write(context),
                run.branch.execution.name, attempt);
        Cancellation cancellation = run.branch.cancellation;
        if (timeout == null) {
            return call(integration, request, cancellation);
        }
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread thread = run.interpreter.clock().startThread("task-" + task.name(), () -> {
            try {
                result.complete(call(integration, request, cancellation));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return run.interpreter.clock().await(result, Duration.ofSeconds(timeout));
        } catch (TimeoutException e) {
            run.interpreter.clock().interrupt(thread);
            throw new Failure("States.Timeout", "The task did not complete within " + timeout + " seconds (TimeoutSeconds).");
        } catch (InterruptedException e) {
            run.interpreter.clock().interrupt(thread);
            throw Failure.aborted();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Failure failure) {
                throw failure;
            }
            throw new IllegalStateException("the task thread of state '" + task.name() + "' failed", e.getCause());
        }
    }

    /** The mocked response of this invocation; past the last numbered response, the last one repeats. */
    private static String mocked(StateRun run, State.Task task, List<MockConfig.Response> responses) {
        int invocation = run.interpreter.nextMockInvocation(run.branch.execution.arn, task.name());
        MockConfig.Response response = null;
        for (int i = Math.min(invocation, responses.size() - 1); i >= 0 && response == null; i--) {
            response = responses.get(i);
        }
        if (response == null) {
            throw new Failure("States.Runtime", "no mocked response for invocation " + invocation + " of state '"
                    + task.name() + "'");
        }
        if (response.isThrow()) {
            throw new Failure(response.error(), response.cause());
        }
        return response.returnJson();
    }

    /**
     * Calls the integration. A {@link TaskFailedException} is the task's failure (catchable). Whatever
     * the integration throws once the branch is cancelled or this thread interrupted (an abort, a
     * fail-fast sibling, a TimeoutSeconds) is the abort's doing: the abort. Any other exception is a
     * fault of the integration, not a simulated AWS error: the execution fails with States.Runtime
     * (neither retried nor caught, as on AWS), the exception's class and message in the cause.
     */
    private static String call(Integration integration, TaskRequest request, Cancellation cancellation) {
        try {
            return integration.invoke(request);
        } catch (TaskFailedException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted() || cancellation.isSet()) {
                throw Failure.aborted();
            }
            if (e instanceof TaskFailedException failed) {
                throw new Failure(failed.error(), failed.cause());
            }
            throw new Failure("States.Runtime", "The task invoker failed for state '" + request.stateName() + "': " + e,
                    Failure.Kind.TERMINAL);
        }
    }
}
