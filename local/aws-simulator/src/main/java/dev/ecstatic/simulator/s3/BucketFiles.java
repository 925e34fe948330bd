package dev.ecstatic.simulator.s3;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ecstatic.simulator.StateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Buckets on disk under {@code <state>/s3/}: one directory per bucket holding {@code bucket.json} and
 * {@code objects/<sha256 of the key>.obj}, each object one file (a JSON line with its key, ETag,
 * dates, headers and checksum, a newline, then the body's bytes), replaced atomically
 * ({@link StateFiles}). Multipart uploads in progress are kept in memory only.
 */
final class BucketFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    private final Path root;

    BucketFiles(Path stateDir) {
        this.root = StateFiles.directory(stateDir, "s3");
    }

    /**
     * The buckets on disk.
     *
     * @throws UncheckedIOException naming the directory or file that cannot be read
     * @throws IllegalStateException naming the file that is damaged, and what is wrong with it
     */
    TreeMap<String, Bucket> load() {
        TreeMap<String, Bucket> buckets = new TreeMap<>();
        if (!Files.isDirectory(root)) {
            return buckets;
        }
        StateFiles.removeLeftovers(root);
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
            for (Path dir : dirs) {
                Path meta = dir.resolve("bucket.json");
                if (!Files.isRegularFile(meta)) {
                    StateFiles.deleteTree(dir);
                    continue;
                }
                Bucket b = bucket(meta);
                Path objects = dir.resolve("objects");
                StateFiles.removeLeftovers(objects);
                if (Files.isDirectory(objects)) {
                    try (DirectoryStream<Path> files = Files.newDirectoryStream(objects, "*.obj")) {
                        for (Path f : files) {
                            StoredObject o = object(Files.readAllBytes(f), f);
                            b.objects.put(o.key(), o);
                        }
                    }
                }
                buckets.put(b.name, b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the S3 state in " + root + ": " + e.getMessage(), e);
        }
        return buckets;
    }

    void saveBucket(Bucket b) {
        ObjectNode m = JSON.createObjectNode();
        m.put("format", FORMAT);
        m.put("Name", b.name);
        m.put("Region", b.region);
        m.put("CreationDate", b.created.toString());
        StateFiles.write(root.resolve(b.name).resolve("bucket.json"), bytes(m));
    }

    void deleteBucket(String name) {
        StateFiles.deleteTree(root.resolve(name));
    }

    void saveObject(String bucket, StoredObject o) {
        ObjectNode h = JSON.createObjectNode();
        h.put("Key", o.key());
        h.put("ETag", o.etag());
        h.put("LastModified", o.lastModified().toString());
        h.put("ContentType", o.contentType());
        h.set("Metadata", JSON.valueToTree(o.metadata()));
        h.set("Headers", JSON.valueToTree(o.headers()));
        h.put("ChecksumAlgorithm", o.checksumAlgorithm().name());
        h.put("Checksum", o.checksum());
        h.put("ChecksumType", o.checksumType());
        h.put("PartsCount", o.partsCount());
        byte[] header = bytes(h);
        StateFiles.write(objectFile(bucket, o.key()), header, new byte[] {'\n'}, o.body());
    }

    void deleteObject(String bucket, String key) {
        StateFiles.delete(objectFile(bucket, key));
    }

    private Path objectFile(String bucket, String key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return root.resolve(bucket).resolve("objects").resolve(HexFormat.of().formatHex(d) + ".obj");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    private static Bucket bucket(Path file) throws IOException {
        JsonNode m = json(Files.readAllBytes(file), file);
        if (m.path("format").asInt() != FORMAT) {
            throw damaged(file, "unknown format " + m.path("format"));
        }
        return new Bucket(text(m, "Name", file), text(m, "Region", file), instant(m, "CreationDate", file));
    }

    private static StoredObject object(byte[] file, Path where) {
        int nl = 0;
        while (nl < file.length && file[nl] != '\n') {
            nl++;
        }
        if (nl == file.length) {
            throw damaged(where, "not an object file (no header line)");
        }
        JsonNode h = json(Arrays.copyOfRange(file, 0, nl), where);
        // Checked in the order saveObject writes the fields.
        String key = text(h, "Key", where);
        String etag = text(h, "ETag", where);
        Instant lastModified = instant(h, "LastModified", where);
        String contentType = text(h, "ContentType", where);
        Checksums algorithm;
        try {
            algorithm = Checksums.valueOf(text(h, "ChecksumAlgorithm", where));
        } catch (IllegalArgumentException e) {
            throw damaged(where, "unknown ChecksumAlgorithm " + h.get("ChecksumAlgorithm"));
        }
        return new StoredObject(key, Arrays.copyOfRange(file, nl + 1, file.length), etag, lastModified, contentType,
                strings(h.get("Metadata")), strings(h.get("Headers")), algorithm, text(h, "Checksum", where),
                text(h, "ChecksumType", where), h.path("PartsCount").asInt());
    }

    private static JsonNode json(byte[] bytes, Path file) {
        try {
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw damaged(file, "not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw damaged(file, "not JSON: " + (e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage()));
        }
    }

    private static String text(JsonNode o, String field, Path file) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw damaged(file, field + " is missing or not a string");
        }
        return v.asText();
    }

    private static Instant instant(JsonNode o, String field, Path file) {
        try {
            return Instant.parse(text(o, field, file));
        } catch (DateTimeParseException e) {
            throw damaged(file, field + ": " + e.getMessage());
        }
    }

    private static IllegalStateException damaged(Path file, String problem) {
        return new IllegalStateException("the S3 state file " + file + " is damaged: " + problem);
    }

    private static Map<String, String> strings(JsonNode o) {
        Map<String, String> out = new LinkedHashMap<>();
        if (o != null) {
            o.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
