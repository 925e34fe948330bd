package dev.ecstatic.functions;

import java.io.IOException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;

import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.ecs.model.ServerException;

/** Which AWS failures the state machine should retry; everything else keeps its own type and message. */
final class AwsErrors {
    private AwsErrors() {
    }

    /**
     * Throttling (ECS answers 400 ThrottlingException; the SDK knows the codes), ECS ServerException,
     * any 5xx, and client-side I/O failures and timeouts are transient. Other client-side failures
     * (no region, no credentials) are configuration errors: retrying them only delays the alert.
     */
    static boolean isTransient(SdkException e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return true;
        }
        if (e instanceof SdkClientException) {
            return e.getCause() instanceof IOException;
        }
        if (e instanceof SdkServiceException s) {
            return s.isThrottlingException() || s instanceof ServerException || s.statusCode() >= 500;
        }
        return false;
    }

    /** ECS's own words for the error (the SDK's message adds service, status and request id). */
    static String message(software.amazon.awssdk.awscore.exception.AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? e.awsErrorDetails().errorMessage() : String.valueOf(e.getMessage());
    }

    /** The exception to throw for a failed call: a TransientAwsException, or the original. */
    static RuntimeException translate(SdkException e, String call) {
        if (isTransient(e)) {
            return new TransientAwsException(call + " failed, worth retrying: " + e.getMessage(), e);
        }
        return e;
    }
}
