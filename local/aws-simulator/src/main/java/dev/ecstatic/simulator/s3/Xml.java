package dev.ecstatic.simulator.s3;

import dev.ecstatic.simulator.XmlText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** S3's XML: a small writer for responses and a hardened DOM reader for request bodies. */
final class Xml {

    static final String NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

    private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");

    /** Starts a document whose root element carries S3's namespace. */
    static Xml document(String root) {
        Xml x = new Xml();
        x.out.append('<').append(root).append(" xmlns=\"").append(NAMESPACE).append("\">");
        return x;
    }

    /** Starts a document whose root element has no namespace (S3's error bodies). */
    static Xml plain(String root) {
        Xml x = new Xml();
        x.out.append('<').append(root).append('>');
        return x;
    }

    Xml open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    Xml close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /** An element with text; nothing when the value is null. */
    Xml element(String name, Object value) {
        if (value != null) {
            out.append('<').append(name).append('>').append(XmlText.escape(value.toString())).append("</").append(name).append('>');
        }
        return this;
    }

    byte[] end(String root) {
        out.append("</").append(root).append('>');
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Parses a request body; MalformedXML for anything that is not well-formed XML with the expected root. */
    static Element parse(byte[] body, String root) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            Document d = b.parse(new ByteArrayInputStream(body));
            Element e = d.getDocumentElement();
            if (!e.getLocalName().equals(root)) {
                throw S3Exception.malformedXml();
            }
            return e;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be configured securely", e);
        } catch (SAXException | IOException e) {
            throw S3Exception.malformedXml();
        }
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getLocalName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The text of the first child element with this name, or null. */
    static String text(Element parent, String name) {
        List<Element> c = children(parent, name);
        return c.isEmpty() ? null : c.getFirst().getTextContent();
    }
}
