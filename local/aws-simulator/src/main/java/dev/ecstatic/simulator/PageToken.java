package dev.ecstatic.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * The opaque NextToken of a listing of EC2, Auto Scaling or Organizations: the offset of the next page and a hash of the
 * request that made the listing, so a token is refused by any other listing.
 */
final class PageToken {

    private PageToken() {
    }

    static String encode(String listing, int offset) {
        String raw = offset + "|" + Hashing.hex(listing, 16);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** The offset a token holds; {@code invalid} for a token of another listing or none at all. */
    static int decode(String token, String listing, Supplier<? extends RuntimeException> invalid) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            if (bar < 0 || !raw.substring(bar + 1).equals(Hashing.hex(listing, 16))) {
                throw invalid.get();
            }
            int offset = Integer.parseInt(raw.substring(0, bar));
            if (offset < 0) {
                throw invalid.get();
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw invalid.get();
        }
    }
}
