package dev.ecstatic.simulator.s3;

import dev.ecstatic.simulator.XmlText;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.NavigableMap;
import org.w3c.dom.Element;

/**
 * CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation, ListBuckets, ListObjectsV2 and
 * ListObjects (v1). Listing follows S3: keys in UTF-8 binary order; with a delimiter, keys sharing
 * the text up to the first delimiter after the prefix roll up into one CommonPrefixes entry, which
 * counts once towards max-keys (ListObjectsV2, https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListObjectsV2.html).
 */
final class BucketActions {

    private static final int MAX_KEYS = 1000;

    private BucketActions() {
    }

    /**
     * In us-east-1, re-creating a bucket you own answers 200 (S3's legacy behaviour there); in any
     * other region it is BucketAlreadyOwnedByYou ("Error responses", CreateBucket). A location
     * constraint must name the simulator's region.
     */
    static S3Response create(S3Store s, S3Request r) throws IOException {
        byte[] body = r.body();
        String constraint = null;
        if (body.length > 0) {
            Element root = Xml.parse(body, "CreateBucketConfiguration");
            constraint = Xml.text(root, "LocationConstraint");
        }
        S3Store.checkBucketName(r.bucket);
        synchronized (s) {
            boolean usEast1 = s.region().equals("us-east-1");
            if (s.buckets().containsKey(r.bucket)) {
                if (!usEast1) {
                    throw S3Exception.bucketAlreadyOwnedByYou(r.bucket);
                }
            } else {
                boolean unspecified = constraint == null || constraint.isEmpty();
                if (unspecified ? !usEast1 : !constraint.equals(s.region())) {
                    throw new S3Exception(400, "IllegalLocationConstraintException", "The "
                            + (unspecified ? "unspecified" : constraint) + " location constraint is incompatible for the "
                            + "region specific endpoint this request was sent to.");
                }
                s.addBucket(new Bucket(r.bucket, s.region(), s.now()));
            }
        }
        S3Response out = S3Response.empty(200);
        out.headers().put("Location", "/" + r.bucket);
        return out;
    }

    static S3Response head(S3Store s, S3Request r) {
        synchronized (s) {
            Bucket b = s.bucket(r.bucket);
            S3Response out = S3Response.empty(200);
            out.headers().put("x-amz-bucket-region", b.region);
            out.headers().put("x-amz-access-point-alias", "false");
            return out;
        }
    }

    static S3Response delete(S3Store s, S3Request r) {
        synchronized (s) {
            Bucket b = s.bucket(r.bucket);
            if (!b.objects.isEmpty()) {
                throw S3Exception.bucketNotEmpty(r.bucket);
            }
            s.removeBucket(r.bucket);
        }
        return S3Response.empty(204);
    }

    static S3Response location(S3Store s, S3Request r) {
        String region;
        synchronized (s) {
            region = s.bucket(r.bucket).region;
        }
        // us-east-1 is the empty LocationConstraint, for historical reasons.
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<LocationConstraint xmlns=\"" + Xml.NAMESPACE + "\">"
                + (region.equals("us-east-1") ? "" : XmlText.escape(region)) + "</LocationConstraint>";
        return S3Response.xml(body.getBytes(StandardCharsets.UTF_8));
    }

    static S3Response listBuckets(S3Store s, S3Request r) {
        String prefix = r.param("prefix");
        int max = intParam(r, "max-buckets", 10_000, 1, 10_000);
        String after = token(r.param("continuation-token"), "continuation-token");
        List<Bucket> page = new ArrayList<>();
        boolean more = false;
        synchronized (s) {
            for (Bucket b : (after == null ? s.buckets() : s.buckets().tailMap(after, false)).values()) {
                if (prefix != null && !b.name.startsWith(prefix)) {
                    continue;
                }
                if (page.size() == max) {
                    more = true;
                    break;
                }
                page.add(b);
            }
        }
        Xml x = Xml.document("ListAllMyBucketsResult")
                .open("Owner").element("ID", owner(s)).element("DisplayName", "simulator").close("Owner")
                .open("Buckets");
        for (Bucket b : page) {
            x.open("Bucket").element("Name", b.name).element("CreationDate", S3Response.isoDate(b.created))
                    .element("BucketRegion", b.region).close("Bucket");
        }
        x.close("Buckets");
        if (more) {
            x.element("ContinuationToken", encodeToken(page.getLast().name));
        }
        x.element("Prefix", prefix);
        return S3Response.xml(x.end("ListAllMyBucketsResult"));
    }

    /** ListObjectsV2 ({@code list-type=2}) and ListObjects (v1) share the walk; they differ in paging members. */
    static S3Response listObjects(S3Store s, S3Request r, boolean v2) {
        String prefix = r.param("prefix") == null ? "" : r.param("prefix");
        String delimiter = r.param("delimiter");
        delimiter = delimiter == null || delimiter.isEmpty() ? null : delimiter;
        String encoding = r.param("encoding-type");
        if (encoding != null && !encoding.equals("url")) {
            throw S3Exception.invalidArgument("Invalid Encoding Method specified in Request", "encoding-type", encoding);
        }
        boolean url = encoding != null;
        int max = intParam(r, "max-keys", MAX_KEYS, 0, Integer.MAX_VALUE);
        max = Math.min(max, MAX_KEYS);
        String startAfter = v2 ? r.param("start-after") : r.param("marker");
        String token = v2 ? token(r.param("continuation-token"), "continuation-token") : null;
        String after = token != null ? token : startAfter;
        List<StoredObject> contents = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        boolean truncated = false;
        String lastReturned = null;
        synchronized (s) {
            Bucket b = s.bucket(r.bucket);
            NavigableMap<String, StoredObject> keys = after == null || after.isEmpty() ? b.objects
                    : b.objects.tailMap(after, false);
            for (StoredObject o : keys.values()) {
                String key = o.key();
                if (!key.startsWith(prefix)) {
                    if (Bucket.KEY_ORDER.compare(key, prefix) > 0) {
                        break;
                    }
                    continue;
                }
                String common = null;
                if (delimiter != null) {
                    int at = key.indexOf(delimiter, prefix.length());
                    if (at >= 0) {
                        common = key.substring(0, at + delimiter.length());
                    }
                }
                if (common != null && common.equals(prefixes.isEmpty() ? null : prefixes.getLast())) {
                    continue;
                }
                if (common != null && common.equals(after)) {
                    // Resuming after a common prefix: its remaining keys were rolled up already.
                    continue;
                }
                if (contents.size() + prefixes.size() >= max) {
                    // max-keys=0 asks for no keys, not for a page to follow (a paginator would loop).
                    truncated = max > 0;
                    break;
                }
                if (common != null) {
                    prefixes.add(common);
                    lastReturned = common;
                } else {
                    contents.add(o);
                    lastReturned = key;
                }
            }
        }
        String root = "ListBucketResult";
        Xml x = Xml.document(root).element("Name", r.bucket).element("Prefix", enc(prefix, url));
        if (v2) {
            x.element("StartAfter", startAfter == null ? null : enc(startAfter, url))
                    .element("ContinuationToken", r.param("continuation-token"))
                    .element("KeyCount", contents.size() + prefixes.size());
        } else {
            x.element("Marker", startAfter == null ? "" : enc(startAfter, url));
        }
        x.element("MaxKeys", max).element("Delimiter", delimiter == null ? null : enc(delimiter, url))
                .element("EncodingType", encoding).element("IsTruncated", truncated);
        if (truncated && v2) {
            x.element("NextContinuationToken", encodeToken(lastReturned));
        }
        if (truncated && !v2 && delimiter != null) {
            x.element("NextMarker", enc(lastReturned, url));
        }
        String ownerId = owner(s);
        for (StoredObject o : contents) {
            x.open("Contents").element("Key", enc(o.key(), url))
                    .element("LastModified", S3Response.isoDate(o.lastModified()))
                    .element("ETag", o.quotedEtag())
                    .element("ChecksumAlgorithm", o.checksumAlgorithm().name())
                    .element("ChecksumType", o.checksumType())
                    .element("Size", o.body().length);
            if (!v2 || "true".equals(r.param("fetch-owner"))) {
                x.open("Owner").element("ID", ownerId).element("DisplayName", "simulator").close("Owner");
            }
            x.element("StorageClass", "STANDARD").close("Contents");
        }
        for (String p : prefixes) {
            x.open("CommonPrefixes").element("Prefix", enc(p, url)).close("CommonPrefixes");
        }
        return S3Response.xml(x.end(root));
    }

    /** {@code encoding-type=url}: keys percent-encoded (UTF-8), '/' kept, space as %20. */
    private static String enc(String s, boolean url) {
        if (!url) {
            return s;
        }
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("%2F", "/")
                .replace("*", "%2A").replace("%7E", "~");
    }

    private static String owner(S3Store s) {
        return Checksums.SHA256.base64(s.accountId().getBytes(StandardCharsets.UTF_8)).replaceAll("[^A-Za-z0-9]", "")
                .toLowerCase(java.util.Locale.ROOT);
    }

    /** Continuation tokens are opaque to clients: the last key (or common prefix) returned, encoded. */
    private static String encodeToken(String last) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("k:" + last).getBytes(StandardCharsets.UTF_8));
    }

    private static String token(String token, String name) {
        if (token == null) {
            return null;
        }
        try {
            String t = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (t.startsWith("k:")) {
                return t.substring(2);
            }
        } catch (IllegalArgumentException e) {
            // Falls through to S3's error.
        }
        throw S3Exception.invalidArgument("The continuation token provided is incorrect", name, token);
    }

    private static int intParam(S3Request r, String name, int dflt, int min, int max) {
        String v = r.param(name);
        if (v == null) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw S3Exception.invalidArgument("Argument " + name + " must be an integer between " + min + " and "
                        + max, name, v);
            }
            return n;
        } catch (NumberFormatException e) {
            throw S3Exception.invalidArgument("Provided " + name + " not an integer or within integer range", name, v);
        }
    }
}
