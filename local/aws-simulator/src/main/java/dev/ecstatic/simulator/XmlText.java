package dev.ecstatic.simulator;

/**
 * Text and attribute values escaped for the XML the simulated services answer with (AWS Query
 * protocol and S3's REST XML): the five predefined entities, and character references for a carriage
 * return and the other control characters, so that a value reads back exactly as it was stored.
 */
public final class XmlText {
    private XmlText() {
    }

    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                case '\r' -> b.append("&#13;");
                default -> {
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append("&#").append((int) c).append(';');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
