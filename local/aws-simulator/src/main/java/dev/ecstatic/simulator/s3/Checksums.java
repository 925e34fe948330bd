package dev.ecstatic.simulator.s3;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/**
 * The checksum algorithms S3 accepts and returns ("Checking object integrity in Amazon S3",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html): CRC32,
 * CRC32C, CRC64NVME, SHA1 and SHA256, and the newer SHA512 and MD5, each sent base64-encoded in an
 * {@code x-amz-checksum-<alg>} header or trailer. An object uploaded without one gets a CRC64NVME,
 * as S3 adds by default. The XXHASH algorithms are not implemented (see {@link #UNSUPPORTED}).
 */
enum Checksums {
    CRC32, CRC32C, CRC64NVME, SHA1, SHA256, SHA512, MD5;

    /** Algorithms S3 accepts that the simulator answers with NotImplemented rather than leave unchecked. */
    static final java.util.Set<String> UNSUPPORTED = java.util.Set.of("xxhash64", "xxhash3", "xxhash128");

    /** The header (or trailer) carrying this checksum, e.g. {@code x-amz-checksum-crc32}. */
    String header() {
        return "x-amz-checksum-" + name().toLowerCase(Locale.ROOT);
    }

    /** The member name in XML responses, e.g. {@code ChecksumCRC32}. */
    String xmlName() {
        return "Checksum" + name();
    }

    static Checksums fromName(String name) {
        for (Checksums c : values()) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }

    static Checksums fromHeader(String header) {
        String h = header.toLowerCase(Locale.ROOT);
        for (Checksums c : values()) {
            if (c.header().equals(h)) {
                return c;
            }
        }
        return null;
    }

    byte[] digest(byte[] data) {
        return switch (this) {
            case CRC32 -> {
                CRC32 crc = new CRC32();
                crc.update(data);
                yield ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
            }
            case CRC32C -> {
                CRC32C crc = new CRC32C();
                crc.update(data);
                yield ByteBuffer.allocate(4).putInt((int) crc.getValue()).array();
            }
            case CRC64NVME -> ByteBuffer.allocate(8).putLong(crc64nvme(data)).array();
            case SHA1 -> messageDigest("SHA-1", data);
            case SHA256 -> messageDigest("SHA-256", data);
            case SHA512 -> messageDigest("SHA-512", data);
            case MD5 -> messageDigest("MD5", data);
        };
    }

    String base64(byte[] data) {
        return Base64.getEncoder().encodeToString(digest(data));
    }

    static byte[] md5(byte[] data) {
        return messageDigest("MD5", data);
    }

    private static byte[] messageDigest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is always available", e);
        }
    }

    /**
     * CRC-64/NVME: the reflected polynomial 0x9A6C9329AC4BC9B5 (0xAD93D23594C93659 unreflected), all
     * ones initial value and final XOR; its check value, of "123456789", is 0xAE8B14860A799888.
     */
    private static final long[] CRC64_TABLE = crc64Table();

    private static long[] crc64Table() {
        long[] table = new long[256];
        for (int i = 0; i < 256; i++) {
            long crc = i;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0x9A6C9329AC4BC9B5L : crc >>> 1;
            }
            table[i] = crc;
        }
        return table;
    }

    static long crc64nvme(byte[] data) {
        long crc = -1L;
        for (byte b : data) {
            crc = CRC64_TABLE[(int) ((crc ^ b) & 0xFF)] ^ (crc >>> 8);
        }
        return ~crc;
    }
}
