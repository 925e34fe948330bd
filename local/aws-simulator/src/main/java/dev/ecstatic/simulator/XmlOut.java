package dev.ecstatic.simulator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.function.Consumer;

/**
 * A small XML writer for the AWS Query protocol's answers (EC2, Auto Scaling): elements are closed in
 * order, text is escaped, and absent (null) values are left out, as AWS leaves out unset members.
 */
final class XmlOut {

    /** EC2's and Auto Scaling's timestamps: ISO 8601 in UTC with milliseconds, e.g. 2026-01-01T00:00:00.000Z. */
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private final Deque<String> open = new ArrayDeque<>();

    /** A document whose root element has the namespace (none when null). */
    XmlOut(String root, String namespace) {
        out.append('<').append(root);
        if (namespace != null) {
            out.append(" xmlns=\"").append(namespace).append('"');
        }
        out.append('>');
        open.push(root);
    }

    XmlOut open(String name) {
        out.append('<').append(name).append('>');
        open.push(name);
        return this;
    }

    XmlOut close() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** An element with text; nothing when the value is null. */
    XmlOut element(String name, Object value) {
        if (value != null) {
            String text = value instanceof Instant t ? TIME.format(t) : value.toString();
            out.append('<').append(name).append('>').append(XmlText.escape(text)).append("</").append(name).append('>');
        }
        return this;
    }

    /** An element holding one {@code item} (EC2) or {@code member} (Query) element per value. */
    <T> XmlOut list(String name, String itemName, Collection<T> values, Consumer<T> writeItem) {
        open(name);
        for (T v : values) {
            open(itemName);
            writeItem.accept(v);
            close();
        }
        return close();
    }

    /** A list of plain text members: {@code <name><member>a</member>…</name>}. */
    XmlOut texts(String name, String itemName, Collection<String> values) {
        open(name);
        values.forEach(v -> element(itemName, v));
        return close();
    }

    byte[] end() {
        while (!open.isEmpty()) {
            close();
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
