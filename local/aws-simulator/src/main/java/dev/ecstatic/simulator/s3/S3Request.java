package dev.ecstatic.simulator.s3;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One S3 request: its bucket and key (path style {@code /<bucket>/<key>}, or virtual-hosted style
 * with {@code Host: <bucket>.localhost[:port]}, as the SDK v2 addresses a host-name endpoint unless
 * {@code forcePathStyle} is set), its query parameters, its headers, and its body with any
 * {@code aws-chunked} encoding removed and its checksums verified.
 */
final class S3Request {

    /** The largest body the simulator holds in memory (objects live in memory). */
    private static final int MAX_BODY_BYTES = Integer.MAX_VALUE - 1024;
    private static final String VIRTUAL_HOST_SUFFIX = ".localhost";

    final String method;
    final String bucket;
    final String key;
    final Map<String, String> query;
    final Headers headers;
    final String host;
    private final HttpExchange exchange;
    private byte[] body;
    private Map<String, String> trailers = Map.of();

    private S3Request(HttpExchange exchange, String bucket, String key, Map<String, String> query, String host) {
        this.exchange = exchange;
        this.method = exchange.getRequestMethod();
        this.headers = exchange.getRequestHeaders();
        this.bucket = bucket;
        this.key = key;
        this.query = query;
        this.host = host;
    }

    static S3Request of(HttpExchange exchange) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        host = host == null ? "" : host;
        String hostName = host.contains(":") ? host.substring(0, host.lastIndexOf(':')) : host;
        String rawPath = exchange.getRequestURI().getRawPath();
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        String bucket;
        String key;
        if (hostName.toLowerCase(Locale.ROOT).endsWith(VIRTUAL_HOST_SUFFIX)
                && hostName.length() > VIRTUAL_HOST_SUFFIX.length()) {
            bucket = hostName.substring(0, hostName.length() - VIRTUAL_HOST_SUFFIX.length());
            key = path.length() > 1 ? decode(path.substring(1)) : null;
        } else {
            String rest = path.substring(1);
            int slash = rest.indexOf('/');
            if (rest.isEmpty()) {
                bucket = null;
                key = null;
            } else if (slash < 0) {
                bucket = decode(rest);
                key = null;
            } else {
                bucket = decode(rest.substring(0, slash));
                String k = rest.substring(slash + 1);
                key = k.isEmpty() ? null : decode(k);
            }
        }
        return new S3Request(exchange, bucket, key, query(exchange.getRequestURI().getRawQuery()), host);
    }

    String header(String name) {
        return headers.getFirst(name);
    }

    boolean has(String param) {
        return query.containsKey(param);
    }

    String param(String name) {
        return query.get(name);
    }

    /** The trailing headers of an aws-chunked body (lower-case names), once {@link #body()} has been read. */
    Map<String, String> trailers() {
        return trailers;
    }

    /** The payload, aws-chunked decoding done, Content-MD5 and x-amz-content-sha256 checked. */
    byte[] body() throws IOException {
        if (body != null) {
            return body;
        }
        byte[] raw = readAll(exchange.getRequestBody());
        String sha = header("x-amz-content-sha256");
        String encoding = header("Content-Encoding");
        boolean chunked = (sha != null && sha.startsWith("STREAMING-"))
                || (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("aws-chunked"));
        if (chunked) {
            AwsChunked.Decoded d = AwsChunked.decode(raw);
            raw = d.data();
            trailers = d.trailers();
            String declared = header("x-amz-decoded-content-length");
            if (declared != null && !declared.equals(Long.toString(raw.length))) {
                throw new S3Exception(400, "IncompleteBody", "You did not provide the number of bytes specified by the "
                        + "x-amz-decoded-content-length HTTP header");
            }
        } else if (sha != null && sha.length() == 64 && HexFormat.isHexDigit(sha.charAt(0))) {
            String actual = HexFormat.of().formatHex(digest("SHA-256", raw));
            if (!actual.equalsIgnoreCase(sha)) {
                throw new S3Exception(400, "XAmzContentSHA256Mismatch",
                        "The provided 'x-amz-content-sha256' header does not match what was computed.");
            }
        }
        String md5 = header("Content-MD5");
        if (md5 != null) {
            byte[] expected;
            try {
                expected = Base64.getDecoder().decode(md5.strip());
            } catch (IllegalArgumentException e) {
                throw new S3Exception(400, "InvalidDigest", "The Content-MD5 you specified was invalid.");
            }
            if (expected.length != 16) {
                throw new S3Exception(400, "InvalidDigest", "The Content-MD5 you specified was invalid.");
            }
            if (!MessageDigest.isEqual(expected, Checksums.md5(raw))) {
                throw new S3Exception(400, "BadDigest", "The Content-MD5 you specified did not match what we received.");
            }
        }
        body = raw;
        return body;
    }

    /**
     * The checksum the client sent for the body (header or trailer), verified; null when none.
     * BadDigest when it does not match, as S3 answers.
     */
    Checksum verifiedChecksum() throws IOException {
        byte[] data = body();
        for (String name : Checksums.UNSUPPORTED) {
            if (headers.getFirst("x-amz-checksum-" + name) != null || trailers.containsKey("x-amz-checksum-" + name)) {
                throw S3Exception.notImplemented("the " + name.toUpperCase(Locale.ROOT) + " checksum algorithm");
            }
        }
        Checksum found = null;
        for (Checksums c : Checksums.values()) {
            String v = headers.getFirst(c.header());
            if (v == null) {
                v = trailers.get(c.header());
            }
            if (v != null) {
                if (found != null) {
                    throw S3Exception.invalidRequest("Expecting a single x-amz-checksum- header. Multiple checksum Types "
                            + "are not allowed.");
                }
                found = new Checksum(c, v.strip());
            }
        }
        if (found != null && !found.value().equals(found.algorithm().base64(data))) {
            throw S3Exception.badDigest(found.algorithm().name());
        }
        return found;
    }

    record Checksum(Checksums algorithm, String value) {
    }

    /** Reads the whole body (HTTP chunked transfer encoding is already undone by the server). */
    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > MAX_BODY_BYTES) {
                throw new S3Exception(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size "
                        + "the simulator holds in memory.");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is always available", e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String part : raw.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = decode(eq < 0 ? part : part.substring(0, eq));
            String v = eq < 0 ? "" : decode(part.substring(eq + 1));
            out.putIfAbsent(k, v);
        }
        return out;
    }

    /** Percent-decoding as S3 does for paths and query values: UTF-8, and '+' stays '+'. */
    static String decode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '%' && isHex(s, i + 1) && isHex(s, i + 2)) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 3;
            } else {
                int cp = s.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(String s, int i) {
        return i < s.length() && Character.digit(s.charAt(i), 16) >= 0;
    }
}
