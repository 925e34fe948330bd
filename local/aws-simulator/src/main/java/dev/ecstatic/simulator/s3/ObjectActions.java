package dev.ecstatic.simulator.s3;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Element;

/**
 * PutObject, GetObject (Range, conditional requests), HeadObject, DeleteObject, DeleteObjects and
 * CopyObject (API reference, https://docs.aws.amazon.com/AmazonS3/latest/API/API_Operations_Amazon_Simple_Storage_Service.html).
 * Bodies are read (and their checksums verified) before the store's lock is taken.
 */
final class ObjectActions {

    /** What S3 stores as Content-Type when a PUT names none. */
    static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";

    /** Representation headers S3 stores with an object and returns on GET and HEAD. */
    private static final List<String> STORED_HEADERS =
            List.of("Cache-Control", "Content-Disposition", "Content-Encoding", "Content-Language", "Expires");
    /**
     * Every object is encrypted with SSE-S3 unless asked otherwise, and S3 says so on PUT, GET and HEAD
     * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html).
     */
    private static final String SSE_HEADER = "x-amz-server-side-encryption";
    private static final String SSE_S3 = "AES256";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private ObjectActions() {
    }

    static S3Response put(S3Store s, S3Request r) throws IOException {
        byte[] body = r.body();
        S3Request.Checksum sent = r.verifiedChecksum();
        Checksums algorithm = sent != null ? sent.algorithm() : Checksums.CRC64NVME;
        String checksum = sent != null ? sent.value() : algorithm.base64(body);
        synchronized (s) {
            Bucket b = s.bucket(r.bucket);
            StoredObject existing = b.objects.get(r.key);
            String ifNoneMatch = r.header("If-None-Match");
            if (ifNoneMatch != null && ifNoneMatch.strip().equals("*") && existing != null) {
                throw S3Exception.preconditionFailed("If-None-Match");
            }
            String ifMatch = r.header("If-Match");
            if (ifMatch != null) {
                if (existing == null) {
                    throw S3Exception.noSuchKey(r.key);
                }
                if (!existing.etagMatches(ifMatch)) {
                    throw S3Exception.preconditionFailed("If-Match");
                }
            }
            StoredObject o = new StoredObject(r.key, body, HexFormat.of().formatHex(Checksums.md5(body)), s.now(),
                    contentType(r), metadata(r), storedHeaders(r), algorithm, checksum, "FULL_OBJECT", 0);
            s.store(b, o);
            S3Response out = S3Response.empty(200);
            out.headers().put("ETag", o.quotedEtag());
            out.headers().put(SSE_HEADER, SSE_S3);
            checksumHeaders(out, o);
            return out;
        }
    }

    static S3Response get(S3Store s, S3Request r, boolean head) {
        if (r.has("partNumber")) {
            throw S3Exception.notImplemented("GetObject and HeadObject by part number");
        }
        rejectVersion(r);
        StoredObject o;
        synchronized (s) {
            o = s.bucket(r.bucket).objects.get(r.key);
        }
        if (o == null) {
            throw S3Exception.noSuchKey(r.key);
        }
        Integer notModified = preconditions(r, o);
        if (notModified != null) {
            S3Response out = S3Response.empty(notModified);
            out.headers().put("ETag", o.quotedEtag());
            out.headers().put("Last-Modified", S3Response.httpDate(o.lastModified()));
            return out;
        }
        byte[] body = o.body();
        int status = 200;
        String contentRange = null;
        String range = r.header("Range");
        if (range != null) {
            long[] span = range(range.strip(), body.length);
            if (span != null) {
                status = 206;
                contentRange = "bytes " + span[0] + "-" + span[1] + "/" + body.length;
                body = Arrays.copyOfRange(body, (int) span[0], (int) span[1] + 1);
            }
        }
        S3Response out = new S3Response(status, new LinkedHashMap<>(), head ? null : body);
        Map<String, String> h = out.headers();
        h.put("Accept-Ranges", "bytes");
        h.put("Content-Type", override(r, "response-content-type", o.contentType()));
        h.put("Content-Length", Long.toString(body.length));
        h.put("ETag", o.quotedEtag());
        h.put("Last-Modified", S3Response.httpDate(o.lastModified()));
        if (contentRange != null) {
            h.put("Content-Range", contentRange);
        }
        for (String name : STORED_HEADERS) {
            String v = override(r, "response-" + name.toLowerCase(Locale.ROOT), o.headers().get(name.toLowerCase(Locale.ROOT)));
            if (v != null) {
                h.put(name, v);
            }
        }
        o.metadata().forEach((k, v) -> h.put("x-amz-meta-" + k, v));
        // Neither x-amz-storage-class nor x-amz-mp-parts-count: S3 "returns this header for all objects
        // except for S3 Standard storage class objects", and the parts count "is only returned if you
        // specify partNumber in your request" (GetObject, HeadObject:
        // https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObject.html), which is refused above.
        h.put(SSE_HEADER, SSE_S3);
        // Whole-object checksums only make sense for a whole-object GET; S3 leaves them out of ranges.
        if ("ENABLED".equalsIgnoreCase(r.header("x-amz-checksum-mode")) && contentRange == null) {
            checksumHeaders(out, o);
        }
        return out;
    }

    /**
     * RFC 7232 as S3 applies it: If-Match / If-Unmodified-Since fail with 412; If-None-Match /
     * If-Modified-Since answer 304 Not Modified. Returns 304, or null to serve the object.
     */
    private static Integer preconditions(S3Request r, StoredObject o) {
        Instant modified = o.lastModified().truncatedTo(ChronoUnit.SECONDS);
        String ifMatch = r.header("If-Match");
        if (ifMatch != null) {
            if (Arrays.stream(ifMatch.split(",")).noneMatch(o::etagMatches)) {
                throw S3Exception.preconditionFailed("If-Match");
            }
        } else {
            Instant since = header(r, "If-Unmodified-Since");
            if (since != null && modified.isAfter(since)) {
                throw S3Exception.preconditionFailed("If-Unmodified-Since");
            }
        }
        String ifNoneMatch = r.header("If-None-Match");
        if (ifNoneMatch != null) {
            if (Arrays.stream(ifNoneMatch.split(",")).anyMatch(o::etagMatches)) {
                return 304;
            }
        } else {
            Instant since = header(r, "If-Modified-Since");
            if (since != null && !modified.isAfter(since)) {
                return 304;
            }
        }
        return null;
    }

    private static Instant header(S3Request r, String name) {
        String v = r.header(name);
        return v == null ? null : S3Response.parseHttpDate(v);
    }

    /**
     * The inclusive byte span of a Range header, or null to serve the whole object (S3 ignores a
     * header it cannot read, and serves one range only); InvalidRange when nothing of it exists.
     */
    static long[] range(String header, long size) {
        Matcher m = RANGE.matcher(header);
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return null;
        }
        long first;
        long last;
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw S3Exception.invalidRange(header, size);
                }
                first = Math.max(0, size - suffix);
                last = size - 1;
            } else {
                first = Long.parseLong(m.group(1));
                last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
                if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
                    return null;
                }
                if (first >= size) {
                    throw S3Exception.invalidRange(header, size);
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return new long[] {first, last};
    }

    static S3Response delete(S3Store s, S3Request r) {
        rejectVersion(r);
        synchronized (s) {
            s.remove(s.bucket(r.bucket), r.key);
        }
        return S3Response.empty(204);
    }

    static S3Response deleteObjects(S3Store s, S3Request r) throws IOException {
        byte[] body = r.body();
        S3Request.Checksum sent = r.verifiedChecksum();
        if (r.header("Content-MD5") == null && sent == null) {
            throw S3Exception.invalidRequest("Missing required header for this request: Content-MD5 OR x-amz-checksum-*");
        }
        Element root = Xml.parse(body, "Delete");
        List<Element> objects = Xml.children(root, "Object");
        if (objects.isEmpty() || objects.size() > 1000) {
            throw S3Exception.malformedXml();
        }
        boolean quiet = "true".equalsIgnoreCase(Xml.text(root, "Quiet"));
        Xml out = Xml.document("DeleteResult");
        synchronized (s) {
            Bucket b = s.bucket(r.bucket);
            for (Element o : objects) {
                String key = Xml.text(o, "Key");
                if (key == null) {
                    throw S3Exception.malformedXml();
                }
                s.remove(b, key);
                if (!quiet) {
                    out.open("Deleted").element("Key", key).close("Deleted");
                }
            }
        }
        return S3Response.xml(out.end("DeleteResult"));
    }

    static S3Response copy(S3Store s, S3Request r) throws IOException {
        r.body();
        String source = r.header("x-amz-copy-source");
        String path = source.startsWith("/") ? source.substring(1) : source;
        int q = path.indexOf('?');
        if (q >= 0) {
            String params = path.substring(q + 1);
            path = path.substring(0, q);
            if (params.startsWith("versionId=") && !params.equals("versionId=null")) {
                throw S3Exception.notImplemented("object versions (x-amz-copy-source with a versionId)");
            }
        }
        int slash = path.indexOf('/');
        if (slash <= 0 || slash == path.length() - 1) {
            throw S3Exception.invalidArgument("Invalid copy source object key", "x-amz-copy-source", source);
        }
        String sourceBucket = S3Request.decode(path.substring(0, slash));
        String sourceKey = S3Request.decode(path.substring(slash + 1));
        String directive = r.header("x-amz-metadata-directive");
        directive = directive == null ? "COPY" : directive.strip().toUpperCase(Locale.ROOT);
        if (!directive.equals("COPY") && !directive.equals("REPLACE")) {
            throw S3Exception.invalidArgument("Unknown metadata directive.", "x-amz-metadata-directive", directive);
        }
        String requestedAlgorithm = r.header("x-amz-checksum-algorithm");
        synchronized (s) {
            Bucket from = s.bucket(sourceBucket);
            StoredObject src = from.objects.get(sourceKey);
            if (src == null) {
                throw S3Exception.noSuchKey(sourceKey);
            }
            Bucket to = s.bucket(r.bucket);
            String ifMatch = r.header("x-amz-copy-source-if-match");
            if (ifMatch != null && !src.etagMatches(ifMatch)) {
                throw S3Exception.preconditionFailed("x-amz-copy-source-If-Match");
            }
            String ifNoneMatch = r.header("x-amz-copy-source-if-none-match");
            if (ifNoneMatch != null && src.etagMatches(ifNoneMatch)) {
                throw S3Exception.preconditionFailed("x-amz-copy-source-If-None-Match");
            }
            if (from == to && sourceKey.equals(r.key) && directive.equals("COPY") && requestedAlgorithm == null
                    && r.header("x-amz-storage-class") == null) {
                throw S3Exception.invalidRequest("This copy request is illegal because it is trying to copy an object to "
                        + "itself without changing the object's metadata, storage class, website redirect location or "
                        + "encryption attributes.");
            }
            Checksums algorithm = requestedAlgorithm != null ? Checksums.fromName(requestedAlgorithm)
                    : src.checksumType().equals("FULL_OBJECT") ? src.checksumAlgorithm() : Checksums.CRC64NVME;
            if (algorithm == null) {
                throw S3Exception.invalidArgument("Invalid checksum algorithm", "x-amz-checksum-algorithm", requestedAlgorithm);
            }
            byte[] body = src.body();
            boolean replace = directive.equals("REPLACE");
            StoredObject copy = new StoredObject(r.key, body, HexFormat.of().formatHex(Checksums.md5(body)), s.now(),
                    replace ? contentType(r) : src.contentType(), replace ? metadata(r) : src.metadata(),
                    replace ? storedHeaders(r) : src.headers(), algorithm, algorithm.base64(body), "FULL_OBJECT", 0);
            s.store(to, copy);
            Xml x = Xml.document("CopyObjectResult")
                    .element("ETag", copy.quotedEtag())
                    .element("LastModified", S3Response.isoDate(copy.lastModified()))
                    .element("ChecksumType", copy.checksumType())
                    .element(algorithm.xmlName(), copy.checksum());
            S3Response out = S3Response.xml(x.end("CopyObjectResult"));
            out.headers().put("x-amz-copy-source-version-id", "null");
            return out;
        }
    }

    private static void rejectVersion(S3Request r) {
        String version = r.param("versionId");
        if (version != null && !version.equals("null")) {
            throw S3Exception.notImplemented("object versions (versionId)");
        }
    }

    private static String override(S3Request r, String param, String stored) {
        String v = r.param(param);
        return v != null ? v : stored;
    }

    static void checksumHeaders(S3Response out, StoredObject o) {
        out.headers().put(o.checksumAlgorithm().header(), o.checksum());
        out.headers().put("x-amz-checksum-type", o.checksumType());
    }

    static String contentType(S3Request r) {
        String ct = r.header("Content-Type");
        return ct == null || ct.isBlank() ? DEFAULT_CONTENT_TYPE : ct;
    }

    /** {@code x-amz-meta-*} headers, names lower-cased as S3 returns them. */
    static Map<String, String> metadata(S3Request r) {
        Map<String, String> out = new LinkedHashMap<>();
        r.headers.forEach((name, values) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.startsWith("x-amz-meta-") && !values.isEmpty()) {
                out.put(n.substring("x-amz-meta-".length()), values.getFirst());
            }
        });
        return out;
    }

    /** The representation headers S3 keeps; aws-chunked is a transfer detail and is not kept. */
    static Map<String, String> storedHeaders(S3Request r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : STORED_HEADERS) {
            String v = r.header(name);
            if (v == null) {
                continue;
            }
            if (name.equals("Content-Encoding")) {
                v = Arrays.stream(v.split(",")).map(String::strip)
                        .filter(e -> !e.equalsIgnoreCase("aws-chunked") && !e.isEmpty())
                        .reduce((a, b) -> a + "," + b).orElse(null);
                if (v == null) {
                    continue;
                }
            }
            out.put(name.toLowerCase(Locale.ROOT), v);
        }
        return out;
    }
}
