package dev.ecstatic.asl;

import java.util.Optional;

/**
 * A service a Task state can call, chosen by the Task's Resource: Step Functions' optimized
 * integrations ({@code arn:aws:states:::lambda:invoke}, {@code arn:aws:states:::dynamodb:getItem})
 * and its AWS SDK integrations ({@code arn:aws:states:::aws-sdk:s3:getObject}). The engine knows no
 * service: its users plug integrations in ({@link Engine.Builder#integration}), and the engine
 * refuses at validation a Task whose resource none of them supports, as CreateStateMachine does.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/integrate-services.html">Integrating services with Step Functions</a>
 */
public interface Integration extends TaskInvoker {

    /** Whether this integration calls {@code resource} (a Task's Resource, as written). */
    boolean supports(String resource);

    /**
     * Why a Task with {@code resource}, which {@link #supports} it, cannot be created, in AWS's
     * words; empty when it can. AWS refuses some resources in CreateStateMachine (e.g. a DynamoDB
     * action the optimized integration does not offer): the integration decides.
     */
    default Optional<String> refusal(String resource) {
        return Optional.empty();
    }

    /**
     * Calls the resource with the Task's resolved arguments ({@link TaskRequest#argumentsJson()})
     * and returns its result as JSON text.
     *
     * @throws TaskFailedException with the error name Step Functions reports (e.g.
     *     {@code DynamoDB.ConditionalCheckFailedException}) and its cause
     */
    @Override
    String invoke(TaskRequest request) throws TaskFailedException;

    /** An integration that calls every resource through {@code invoker} (tests, mocks, one-service tools). */
    static Integration forEveryResource(TaskInvoker invoker) {
        return new Integration() {
            @Override
            public boolean supports(String resource) {
                return true;
            }

            @Override
            public String invoke(TaskRequest request) throws TaskFailedException {
                return invoker.invoke(request);
            }
        };
    }
}
