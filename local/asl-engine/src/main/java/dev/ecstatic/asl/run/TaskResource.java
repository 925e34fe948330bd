package dev.ecstatic.asl.run;

/**
 * A Task's Resource as history events name it: {@code arn:aws:states:::lambda:invoke} is resource
 * type "lambda", resource "invoke"; a Lambda function's own ARN (the integration before
 * lambda:invoke) records LambdaFunction* events instead of Task* events, as AWS does.
 *
 * @param arn the Resource as written
 * @param type e.g. "lambda", "dynamodb", "aws-sdk:s3"
 * @param name e.g. "invoke", "getItem"
 * @param legacyLambda whether the Resource is a Lambda function ARN
 */
record TaskResource(String arn, String type, String name, boolean legacyLambda) {
    private static final String SERVICE_PREFIX = "arn:aws:states:::";

    static TaskResource of(String arn) {
        String rest = arn.startsWith(SERVICE_PREFIX) ? arn.substring(SERVICE_PREFIX.length()) : null;
        if (rest != null && rest.lastIndexOf(':') > 0) {
            int colon = rest.lastIndexOf(':');
            return new TaskResource(arn, rest.substring(0, colon), rest.substring(colon + 1), false);
        }
        boolean lambda = arn.startsWith("arn:aws:lambda:");
        return new TaskResource(arn, lambda ? "lambda" : "activity", arn, lambda);
    }
}
