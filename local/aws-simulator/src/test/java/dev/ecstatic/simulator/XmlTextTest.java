package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class XmlTextTest {

    @ParameterizedTest
    @ValueSource(strings = {"plain", "<script>&amp;\"quoted\" 'single'", "line\r\nbreak\tand tab", "bell\u0007 and nul-less \u001f",
            "ünïcödé ✓"})
    void escapedText_readsBackExactly_throughAnXmlParser(String value) throws Exception {
        String xml = "<a>" + XmlText.escape(value) + "</a>";

        // XML 1.0 cannot carry most control characters even as references; parse as 1.1, as the SDKs' parsers accept.
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(("<?xml version=\"1.1\"?>" + xml).getBytes(StandardCharsets.UTF_8)));

        assertThat(doc.getDocumentElement().getTextContent()).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {"<|&lt;", ">|&gt;", "&|&amp;", "\"|&quot;", "'|&apos;"})
    void markup_isAnEntity(String c, String entity) {
        assertThat(XmlText.escape("a" + c + "b")).isEqualTo("a" + entity + "b");
    }

    @Test
    void carriageReturnAndControls_areCharacterReferences_newlineAndTabStay() {
        assertThat(XmlText.escape("a\rb\u0001c\nd\te")).isEqualTo("a&#13;b&#1;c\nd\te");
    }
}
