package dev.ecstatic.cli.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One line for what went wrong talking to AWS, instead of the SDK's message (which, for a missing
 * credential or region, lists every provider of the default chain and why each one failed).
 */
public final class AwsProblems {

    static final String NO_CREDENTIALS = "no AWS credentials: set AWS_PROFILE (or run aws configure / aws sso login), "
            + "or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY";
    static final String NO_REGION = "no AWS region: set AWS_REGION, or a region in your AWS profile (~/.aws/config)";

    private AwsProblems() {}

    /** What {@code e} means for the person at the command line, in one line. */
    public static String explain(SdkException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
            String code = service.awsErrorDetails().errorCode();
            String text = service.awsErrorDetails().errorMessage();
            return (code == null ? "AWS error " + service.statusCode() : code) + (text == null ? "" : ": " + text);
        }
        if (message.contains("Unable to load credentials")) {
            return NO_CREDENTIALS;
        }
        if (message.contains("Unable to load region")) {
            return NO_REGION;
        }
        String firstLine = message.lines().findFirst().orElse(e.getClass().getSimpleName());
        return "cannot reach AWS: " + firstLine;
    }
}
