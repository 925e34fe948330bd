package dev.ecstatic.simulator.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The checksum algorithms against their published check values, and aws-chunked decoding. */
class ChecksumsAndChunksTest {

    private static final byte[] CHECK = "123456789".getBytes(StandardCharsets.US_ASCII);

    private static String hex(Checksums c, byte[] data) {
        return HexFormat.of().formatHex(c.digest(data));
    }

    @Test
    void crcs_matchTheirCatalogueCheckValues() {
        // Check values from the CRC catalogue (reveng.sourceforge.io): CRC-32/ISO-HDLC, CRC-32/ISCSI, CRC-64/NVME.
        assertThat(hex(Checksums.CRC32, CHECK)).isEqualTo("cbf43926");
        assertThat(hex(Checksums.CRC32C, CHECK)).isEqualTo("e3069283");
        assertThat(hex(Checksums.CRC64NVME, CHECK)).isEqualTo("ae8b14860a799888");
        assertThat(hex(Checksums.CRC64NVME, new byte[0])).isEqualTo("0000000000000000");
        assertThat(Checksums.CRC32.base64("hello, world".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Base64.getEncoder().encodeToString(HexFormat.of().parseHex("ffab723a")));
    }

    @Test
    void headersAndXmlNames_areS3s() {
        assertThat(Checksums.CRC64NVME.header()).isEqualTo("x-amz-checksum-crc64nvme");
        assertThat(Checksums.CRC32C.xmlName()).isEqualTo("ChecksumCRC32C");
        assertThat(Checksums.fromHeader("X-Amz-Checksum-Sha256")).isEqualTo(Checksums.SHA256);
        assertThat(Checksums.fromName("crc32")).isEqualTo(Checksums.CRC32);
    }

    @Test
    void awsChunked_signedChunksWithATrailer_decodeToThePayloadAndTheTrailer() {
        String body = "5;chunk-signature=aaaa\r\nhello\r\n"
                + "7;chunk-signature=bbbb\r\n, world\r\n"
                + "0;chunk-signature=cccc\r\n"
                + "x-amz-checksum-crc32:/6tyOg==\r\n"
                + "x-amz-trailer-signature:dddd\r\n\r\n";
        AwsChunked.Decoded d = AwsChunked.decode(body.getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(d.data(), StandardCharsets.US_ASCII)).isEqualTo("hello, world");
        assertThat(d.trailers()).containsEntry("x-amz-checksum-crc32", "/6tyOg==");
    }

    @Test
    void awsChunked_unsignedWithoutTrailer_decodes() {
        AwsChunked.Decoded d = AwsChunked.decode("3\r\nabc\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(d.data()).containsExactly('a', 'b', 'c');
        assertThat(d.trailers()).isEmpty();
    }

    @Test
    void awsChunked_malformedBodies_areIncompleteBodyErrors() {
        assertThatThrownBy(() -> AwsChunked.decode("zz\r\nabc\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(S3Exception.class).hasMessageContaining("not hexadecimal");
        assertThatThrownBy(() -> AwsChunked.decode("10\r\nabc\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(S3Exception.class).hasMessageContaining("longer than the body");
        assertThatThrownBy(() -> AwsChunked.decode("3\r\nabcX\r\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(S3Exception.class).satisfies(e -> assertThat(((S3Exception) e).code()).isEqualTo("IncompleteBody"));
    }

    @Test
    void ranges_followS3sRules() {
        assertThat(ObjectActions.range("bytes=0-0", 10)).containsExactly(0, 0);
        assertThat(ObjectActions.range("bytes=-20", 10)).containsExactly(0, 9);
        assertThat(ObjectActions.range("bytes=5-2", 10)).isNull();
        assertThat(ObjectActions.range("bytes=0-1,3-4", 10)).isNull();
        assertThat(ObjectActions.range("items=0-1", 10)).isNull();
        assertThatThrownBy(() -> ObjectActions.range("bytes=10-", 10)).isInstanceOf(S3Exception.class);
        assertThatThrownBy(() -> ObjectActions.range("bytes=0-", 0)).isInstanceOf(S3Exception.class);
    }
}
