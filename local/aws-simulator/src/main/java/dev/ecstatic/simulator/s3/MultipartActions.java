package dev.ecstatic.simulator.s3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * Multipart upload: CreateMultipartUpload, UploadPart, CompleteMultipartUpload, AbortMultipartUpload
 * and ListParts, as the AWS CLI uses them for large files ("Uploading and copying objects using
 * multipart upload", https://docs.aws.amazon.com/AmazonS3/latest/userguide/mpuoverview.html).
 * Parts are numbered 1 to 10,000; every part but the last must be at least 5 MiB. The object's
 * ETag is the MD5 of the concatenated binary MD5s of its parts, a dash and the part count. Its
 * checksum follows the upload's algorithm and type: COMPOSITE is the algorithm over the parts'
 * checksums plus {@code -N}, FULL_OBJECT is the algorithm over the whole object; an upload
 * created without an algorithm gets a full-object CRC64NVME, as S3 adds by default.
 */
final class MultipartActions {

    static final long MIN_PART_BYTES = 5L * 1024 * 1024;
    private static final int MAX_PART_NUMBER = 10_000;

    private MultipartActions() {
    }

    static S3Response create(S3Store s, S3Request r) throws IOException {
        r.body();
        String algorithmName = r.header("x-amz-checksum-algorithm");
        Checksums algorithm = null;
        if (algorithmName != null) {
            algorithm = Checksums.fromName(algorithmName);
            if (algorithm == null) {
                throw S3Exception.invalidArgument("Checksum algorithm provided is unsupported.", "x-amz-checksum-algorithm",
                        algorithmName);
            }
        }
        String type = r.header("x-amz-checksum-type");
        if (type != null) {
            type = type.toUpperCase(Locale.ROOT);
            if (algorithm == null || !(type.equals("COMPOSITE") || type.equals("FULL_OBJECT"))) {
                throw S3Exception.invalidRequest("The x-amz-checksum-type header can only be used with the "
                        + "x-amz-checksum-algorithm header, and must be COMPOSITE or FULL_OBJECT.");
            }
            boolean crc = algorithm == Checksums.CRC32 || algorithm == Checksums.CRC32C || algorithm == Checksums.CRC64NVME;
            if (type.equals("FULL_OBJECT") && !crc || type.equals("COMPOSITE") && algorithm == Checksums.CRC64NVME) {
                throw S3Exception.invalidRequest("The " + algorithm.name() + " checksum algorithm does not support the "
                        + type + " checksum type.");
            }
        } else if (algorithm != null) {
            type = algorithm == Checksums.CRC64NVME ? "FULL_OBJECT" : "COMPOSITE";
        }
        String id;
        synchronized (s) {
            Bucket b = s.bucket(r.bucket);
            id = s.newUploadId();
            b.uploads.put(id, new Bucket.Upload(id, r.key, s.now(), ObjectActions.contentType(r),
                    ObjectActions.metadata(r), ObjectActions.storedHeaders(r), algorithm, type));
        }
        Xml x = Xml.document("InitiateMultipartUploadResult").element("Bucket", r.bucket).element("Key", r.key)
                .element("UploadId", id);
        S3Response out = S3Response.xml(x.end("InitiateMultipartUploadResult"));
        if (algorithm != null) {
            out.headers().put("x-amz-checksum-algorithm", algorithm.name());
            out.headers().put("x-amz-checksum-type", type);
        }
        return out;
    }

    static S3Response uploadPart(S3Store s, S3Request r) throws IOException {
        int number = partNumber(r.param("partNumber"));
        String id = r.param("uploadId");
        byte[] body = r.body();
        S3Request.Checksum sent = r.verifiedChecksum();
        synchronized (s) {
            Bucket.Upload u = upload(s, r, id);
            String partChecksum = null;
            if (u.algorithm != null) {
                if (sent != null && sent.algorithm() != u.algorithm) {
                    throw S3Exception.invalidRequest("Checksum Type mismatch occurred, expected checksum Type: "
                            + u.algorithm.name().toLowerCase(Locale.ROOT) + ", actual checksum Type: "
                            + sent.algorithm().name().toLowerCase(Locale.ROOT));
                }
                partChecksum = sent != null ? sent.value() : u.algorithm.base64(body);
            }
            String etag = HexFormat.of().formatHex(Checksums.md5(body));
            u.parts.put(number, new Bucket.Part(number, body, etag, s.now(), partChecksum));
            S3Response out = S3Response.empty(200);
            out.headers().put("ETag", "\"" + etag + "\"");
            if (partChecksum != null) {
                out.headers().put(u.algorithm.header(), partChecksum);
            } else if (sent != null) {
                out.headers().put(sent.algorithm().header(), sent.value());
            }
            return out;
        }
    }

    static S3Response complete(S3Store s, S3Request r) throws IOException {
        String id = r.param("uploadId");
        Element root = Xml.parse(r.body(), "CompleteMultipartUpload");
        List<Element> listed = Xml.children(root, "Part");
        if (listed.isEmpty()) {
            throw S3Exception.malformedXml();
        }
        synchronized (s) {
            Bucket b = s.bucket(r.bucket);
            Bucket.Upload u = upload(s, r, id);
            List<Bucket.Part> parts = new ArrayList<>();
            int previous = 0;
            for (Element p : listed) {
                int number;
                try {
                    number = Integer.parseInt(String.valueOf(Xml.text(p, "PartNumber")).strip());
                } catch (NumberFormatException e) {
                    throw S3Exception.malformedXml();
                }
                if (number <= previous) {
                    throw new S3Exception(400, "InvalidPartOrder", "The list of parts was not in ascending order. "
                            + "The parts list must be specified in order by part number.");
                }
                previous = number;
                Bucket.Part part = u.parts.get(number);
                String etag = Xml.text(p, "ETag");
                String etagBare = etag == null ? null : etag.strip().replace("\"", "");
                if (part == null || etagBare == null || !etagBare.equals(part.etag())) {
                    throw new S3Exception(400, "InvalidPart", "One or more of the specified parts could not be found.  "
                            + "The part may not have been uploaded, or the specified entity tag may not match the part's "
                            + "entity tag.", Map.of("UploadId", id, "PartNumber", Integer.toString(number),
                            "ETag", String.valueOf(etag)));
                }
                if (u.algorithm != null && u.checksumType.equals("COMPOSITE")) {
                    String given = Xml.text(p, u.algorithm.xmlName());
                    if (given != null && !given.strip().equals(part.checksum())) {
                        throw new S3Exception(400, "InvalidPart", "The " + u.algorithm.name() + " checksum of part "
                                + number + " does not match the part's checksum.");
                    }
                }
                parts.add(part);
            }
            for (int i = 0; i < parts.size() - 1; i++) {
                if (parts.get(i).body().length < MIN_PART_BYTES) {
                    throw new S3Exception(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum "
                            + "allowed object size.", Map.of("ProposedSize", Integer.toString(parts.get(i).body().length),
                            "MinSizeAllowed", Long.toString(MIN_PART_BYTES), "PartNumber",
                            Integer.toString(parts.get(i).number()), "ETag", parts.get(i).etag()));
                }
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            ByteArrayOutputStream md5s = new ByteArrayOutputStream();
            ByteArrayOutputStream checksums = new ByteArrayOutputStream();
            for (Bucket.Part p : parts) {
                body.writeBytes(p.body());
                md5s.writeBytes(Checksums.md5(p.body()));
                if (p.checksum() != null) {
                    checksums.writeBytes(java.util.Base64.getDecoder().decode(p.checksum()));
                }
            }
            byte[] data = body.toByteArray();
            String etag = HexFormat.of().formatHex(Checksums.md5(md5s.toByteArray())) + "-" + parts.size();
            Checksums algorithm = u.algorithm != null ? u.algorithm : Checksums.CRC64NVME;
            String type = u.algorithm != null ? u.checksumType : "FULL_OBJECT";
            String checksum = type.equals("COMPOSITE")
                    ? algorithm.base64(checksums.toByteArray()) + "-" + parts.size()
                    : algorithm.base64(data);
            StoredObject o = new StoredObject(u.key, data, etag, s.now(), u.contentType, u.metadata, u.headers,
                    algorithm, checksum, type, parts.size());
            s.store(b, o);
            b.uploads.remove(id);
            Xml x = Xml.document("CompleteMultipartUploadResult")
                    .element("Location", "http://" + r.host + "/" + r.bucket + "/" + r.key)
                    .element("Bucket", r.bucket).element("Key", r.key).element("ETag", o.quotedEtag())
                    .element(algorithm.xmlName(), checksum).element("ChecksumType", type);
            return S3Response.xml(x.end("CompleteMultipartUploadResult"));
        }
    }

    static S3Response abort(S3Store s, S3Request r) {
        String id = r.param("uploadId");
        synchronized (s) {
            upload(s, r, id);
            s.bucket(r.bucket).uploads.remove(id);
        }
        return S3Response.empty(204);
    }

    static S3Response listParts(S3Store s, S3Request r) {
        String id = r.param("uploadId");
        int max = 1000;
        int marker = 0;
        try {
            if (r.param("max-parts") != null) {
                max = Math.max(0, Math.min(1000, Integer.parseInt(r.param("max-parts"))));
            }
            if (r.param("part-number-marker") != null) {
                marker = Integer.parseInt(r.param("part-number-marker"));
            }
        } catch (NumberFormatException e) {
            throw S3Exception.invalidArgument("Provided max-parts or part-number-marker not an integer", "max-parts",
                    r.param("max-parts"));
        }
        synchronized (s) {
            Bucket.Upload u = upload(s, r, id);
            List<Bucket.Part> page = new ArrayList<>(u.parts.tailMap(marker, false).values());
            boolean truncated = page.size() > max;
            if (truncated) {
                page = page.subList(0, max);
            }
            Xml x = Xml.document("ListPartsResult").element("Bucket", r.bucket).element("Key", r.key)
                    .element("UploadId", id).element("PartNumberMarker", marker)
                    .element("NextPartNumberMarker", page.isEmpty() ? marker : page.getLast().number())
                    .element("MaxParts", max).element("IsTruncated", truncated);
            for (Bucket.Part p : page) {
                x.open("Part").element("PartNumber", p.number())
                        .element("LastModified", S3Response.isoDate(p.lastModified()))
                        .element("ETag", "\"" + p.etag() + "\"").element("Size", p.body().length);
                if (p.checksum() != null) {
                    x.element(u.algorithm.xmlName(), p.checksum());
                }
                x.close("Part");
            }
            x.open("Initiator").element("ID", s.accountId()).element("DisplayName", "simulator").close("Initiator")
                    .open("Owner").element("ID", s.accountId()).element("DisplayName", "simulator").close("Owner")
                    .element("StorageClass", "STANDARD");
            if (u.algorithm != null) {
                x.element("ChecksumAlgorithm", u.algorithm.name()).element("ChecksumType", u.checksumType);
            }
            return S3Response.xml(x.end("ListPartsResult"));
        }
    }

    private static Bucket.Upload upload(S3Store s, S3Request r, String id) {
        Bucket b = s.bucket(r.bucket);
        Bucket.Upload u = id == null ? null : b.uploads.get(id);
        if (u == null || !u.key.equals(r.key)) {
            throw S3Exception.noSuchUpload(String.valueOf(id));
        }
        return u;
    }

    private static int partNumber(String v) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= MAX_PART_NUMBER) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Falls through to S3's error.
        }
        throw S3Exception.invalidArgument("Part number must be an integer between 1 and 10000, inclusive", "partNumber",
                String.valueOf(v));
    }
}
