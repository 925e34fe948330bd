package dev.ecstatic.functions;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The runs bucket's objects as the functions read and write them: whole JSONL objects, one PutObject
 * each, and objects read line by line. Throttling (503 SlowDown) and 5xx become
 * TransientAwsException (the state machine retries the step); a missing object becomes
 * {@link MissingObjectException}; any other S3 error (AccessDenied, NoSuchBucket) keeps its own type
 * and message.
 */
final class RunsBucket {
    /** JSON Lines' media type. */
    static final String JSONL = "application/x-ndjson";

    private final S3Client s3;

    RunsBucket(S3Client s3) {
        this.s3 = s3;
    }

    /** An object that should be there is not (NoSuchKey). */
    static final class MissingObjectException extends RuntimeException {
        MissingObjectException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** One line per value, each value written by {@link Json#write}, each line ending in a newline. */
    static byte[] jsonl(List<?> values) {
        StringBuilder out = new StringBuilder(values.size() * 160);
        for (Object value : values) {
            out.append(Json.write(value)).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    void putJsonl(String bucket, String key, byte[] body, String what) {
        try {
            s3.putObject(PutObjectRequest.builder().bucket(bucket).key(key).contentType(JSONL).build(),
                    RequestBody.fromBytes(body));
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "writing " + what + " to " + url(bucket, key));
        }
    }

    /**
     * Every non-blank line of the object, each mapped by {@code parse} as it is read (a file of 10,000
     * results is never held as text). A read that fails half-way is retried by the SDK from the start,
     * which is why the lines are collected inside the transformer. A line {@code parse} refuses ends the
     * read; its error is thrown as it is, with the line's number and the object added to its message.
     */
    <T> List<T> lines(String bucket, String key, String what, Function<String, T> parse) {
        Read<T> read;
        try {
            read = s3.getObject(GetObjectRequest.builder().bucket(bucket).key(key).build(), (response, in) -> {
                List<T> parsed = new ArrayList<>();
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    int number = 0;
                    while ((line = reader.readLine()) != null) {
                        number++;
                        if (line.isBlank()) {
                            continue;
                        }
                        try {
                            parsed.add(parse.apply(line));
                        } catch (IllegalArgumentException e) {
                            return new Read<T>(parsed, new IllegalArgumentException(what + " " + url(bucket, key)
                                    + ", line " + number + ": " + e.getMessage(), e));
                        }
                    }
                }
                return new Read<>(parsed, null);
            });
        } catch (NoSuchKeyException e) {
            throw new MissingObjectException(what + " " + url(bucket, key) + " is missing (NoSuchKey)", e);
        } catch (SdkException e) {
            throw AwsErrors.translate(e, "reading " + what + " " + url(bucket, key));
        }
        if (read.refused() != null) {
            throw read.refused();
        }
        return read.values();
    }

    /** What one read of an object gave: its lines, or the error of the first line that could not be read. */
    private record Read<T>(List<T> values, IllegalArgumentException refused) {
    }

    /** The whole object as text (a manifest: a few hundred bytes). */
    String text(String bucket, String key, String what) {
        return String.join("\n", lines(bucket, key, what, Function.identity()));
    }

    static String url(String bucket, String key) {
        return "s3://" + bucket + "/" + key;
    }
}
