package dev.ecstatic.simulator;

/**
 * An error answered the AWS JSON 1.1 way: HTTP status and {@code {"__type": ..., "message": ...}}.
 * The SDKs map {@code __type} to their modelled exception classes (e.g. {@code ClusterNotFoundException}).
 */
final class AwsError extends RuntimeException {

    private final String type;
    private final int status;

    AwsError(String type, int status, String message) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
    }

    String type() {
        return type;
    }

    int status() {
        return status;
    }

    static AwsError client(String message) {
        return new AwsError("ClientException", 400, message);
    }

    static AwsError invalidParameter(String message) {
        return new AwsError("InvalidParameterException", 400, message);
    }

    static AwsError clusterNotFound() {
        // The message ECS gives, e.g. `aws ecs list-container-instances --cluster nope`.
        return new AwsError("ClusterNotFoundException", 400, "Cluster not found.");
    }

    static AwsError serialization(String message) {
        return new AwsError("SerializationException", 400, message);
    }

    static AwsError unknownOperation(String message) {
        return new AwsError("UnknownOperationException", 400, message);
    }

    /** What IAM answers for a denied action; ECS returns it as a 400 AccessDeniedException. */
    static AwsError accessDenied(String account, String action, String resource) {
        return new AwsError("AccessDeniedException", 400, "User: arn:aws:sts::" + account
                + ":assumed-role/ecstatic/simulated is not authorized to perform: ecs:" + action + " on resource: "
                + resource + " with an explicit deny in an identity-based policy");
    }

    static AwsError throttling() {
        return new AwsError("ThrottlingException", 400, "Rate exceeded");
    }

    static AwsError server(String message) {
        return new AwsError("ServerException", 500, message);
    }
}
