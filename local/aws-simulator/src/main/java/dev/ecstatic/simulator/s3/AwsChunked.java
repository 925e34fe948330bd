package dev.ecstatic.simulator.s3;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decodes an {@code aws-chunked} body, as the current SDKs and the AWS CLI send uploads with a
 * trailing checksum ("Signature Calculations for the Authorization Header: Transferring Payload in
 * Multiple Chunks", https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html, and
 * "… including trailing headers", https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html):
 * <pre>
 * hex-size[;chunk-signature=…] CRLF data CRLF … 0[;chunk-signature=…] CRLF
 * [x-amz-checksum-crc32:… CRLF] [x-amz-trailer-signature:… CRLF] CRLF
 * </pre>
 * Signatures are not checked (the simulator accepts any credentials).
 */
final class AwsChunked {

    /** The payload and the trailing headers (lower-case names). */
    record Decoded(byte[] data, Map<String, String> trailers) {
    }

    private AwsChunked() {
    }

    static Decoded decode(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length);
        int pos = 0;
        while (true) {
            int eol = lineEnd(body, pos);
            String header = new String(body, pos, eol - pos, StandardCharsets.US_ASCII);
            int semicolon = header.indexOf(';');
            String hex = (semicolon < 0 ? header : header.substring(0, semicolon)).strip();
            long size;
            try {
                size = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw incomplete("a chunk size is not hexadecimal: \"" + abbreviate(header) + "\"");
            }
            pos = eol + 2;
            if (size == 0) {
                break;
            }
            if (size > body.length - pos) {
                throw incomplete("a chunk is longer than the body");
            }
            out.write(body, pos, (int) size);
            pos += (int) size;
            if (pos + 2 > body.length || body[pos] != '\r' || body[pos + 1] != '\n') {
                throw incomplete("a chunk does not end with CRLF");
            }
            pos += 2;
        }
        Map<String, String> trailers = new LinkedHashMap<>();
        while (pos < body.length) {
            int eol = lineEnd(body, pos);
            String line = new String(body, pos, eol - pos, StandardCharsets.US_ASCII);
            pos = eol + 2;
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                throw incomplete("a trailer is not name:value");
            }
            trailers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        return new Decoded(out.toByteArray(), trailers);
    }

    private static int lineEnd(byte[] body, int from) {
        for (int i = from; i + 1 < body.length; i++) {
            if (body[i] == '\r' && body[i + 1] == '\n') {
                return i;
            }
        }
        throw incomplete("a chunk header or trailer is not terminated by CRLF");
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static S3Exception incomplete(String why) {
        return new S3Exception(400, "IncompleteBody", "The request body is not valid aws-chunked encoding: " + why);
    }
}
