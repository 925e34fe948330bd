package dev.ecstatic.cli.integrations;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Task Resource of a Step Functions service integration, {@code arn:<partition>:states:::<service>:<action>}
 * (e.g. {@code arn:aws:states:::dynamodb:putItem}, {@code arn:aws:states:::aws-sdk:s3:getObject}),
 * split into its parts.
 *
 * @param service the service part: {@code dynamodb}, {@code aws-sdk:s3}
 * @param action the action, without the integration pattern: {@code putItem}
 * @param pattern the integration pattern after the action's dot ({@code sync}, {@code waitForTaskToken}), or empty
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/connect-to-resource.html">Service integration patterns</a>
 */
record ServiceResource(String service, String action, String pattern) {
    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:states:::(.+):([A-Za-z0-9]+)(?:\\.([A-Za-z0-9:]+))?");

    static Optional<ServiceResource> parse(String resource) {
        Matcher matcher = ARN.matcher(resource);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String pattern = matcher.group(3);
        return Optional.of(new ServiceResource(matcher.group(1), matcher.group(2), pattern == null ? "" : pattern));
    }

    /**
     * CreateStateMachine's words for a resource Step Functions does not offer, e.g. {@code
     * arn:aws:states:::dynamodb:query} (recorded from AWS: the definition is refused with
     * SCHEMA_VALIDATION_FAILED at the state's Resource).
     */
    static String notRecognized(String resource) {
        return "The resource provided " + resource + " is not recognized. The value is not a valid resource ARN, or "
                + "the resource is not available in this region.";
    }
}
