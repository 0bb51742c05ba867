package com.leadignite.auth.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import io.nayuki.qrcodegen.QrCode;
import java.io.StringReader;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The enrolment's QR code: no decoder is at hand, so its structure is checked against the encoder's own
 * modules: a well-formed SVG, a viewBox of the size plus the quiet zone, exactly the dark modules drawn,
 * and nothing of the URI's text (names, issuer) in the markup.
 */
class TotpQrCodeTest {

    static final String SECRET_A = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    static final String SECRET_B = "KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU";

    static Document parse(String dataUri) throws Exception {
        assertThat(dataUri).startsWith("data:image/svg+xml;utf-8,<svg ");
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(dataUri.substring(TotpQrCode.PREFIX.length()))));
    }

    /** The modules the path draws, as "x,y" without the quiet zone. */
    static Set<String> drawn(Document svg) {
        NodeList paths = svg.getElementsByTagName("path");
        assertThat(paths.getLength()).isEqualTo(1);
        String d = ((Element) paths.item(0)).getAttribute("d");
        assertThat(d).isNotEmpty();
        assertThat(d.replaceAll("M\\d+,\\d+h1v1h-1z", "")).as("unit squares only").isEmpty();
        Set<String> out = new HashSet<>();
        Matcher m = Pattern.compile("M(\\d+),(\\d+)").matcher(d);
        while (m.find()) {
            out.add((Integer.parseInt(m.group(1)) - TotpQrCode.BORDER) + "," + (Integer.parseInt(m.group(2)) - TotpQrCode.BORDER));
        }
        return out;
    }

    static Set<String> dark(QrCode qr) {
        Set<String> out = new HashSet<>();
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    out.add(x + "," + y);
                }
            }
        }
        return out;
    }

    @Test
    void theSvgDrawsExactlyTheEncodersDarkModulesInsideAQuietZone() throws Exception {
        String uri = MfaService.uri("Lead Ignite", "ada@example.test", SECRET_A);
        QrCode qr = QrCode.encodeText(uri, QrCode.Ecc.MEDIUM);
        Document svg = parse(TotpQrCode.dataUri(uri));

        Element root = svg.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        int dim = qr.size + 2 * TotpQrCode.BORDER;
        assertThat(root.getAttribute("viewBox")).isEqualTo("0 0 " + dim + " " + dim);
        assertThat(drawn(svg)).isEqualTo(dark(qr)).hasSizeGreaterThan(qr.size);
        assertThat(svg.getElementsByTagName("*").getLength()).as("svg, rect, path only").isEqualTo(3);
    }

    @Test
    void anotherSecretGivesAnotherCode() throws Exception {
        String a = TotpQrCode.dataUri(MfaService.uri("Lead Ignite", "ada@example.test", SECRET_A));
        String b = TotpQrCode.dataUri(MfaService.uri("Lead Ignite", "ada@example.test", SECRET_B));
        assertThat(drawn(parse(a))).isNotEqualTo(drawn(parse(b)));
        assertThat(drawn(parse(b))).isEqualTo(dark(QrCode.encodeText(
                MfaService.uri("Lead Ignite", "ada@example.test", SECRET_B), QrCode.Ecc.MEDIUM)));
    }

    @Test
    void noTextOfTheUriReachesTheMarkup() throws Exception {
        String uri = MfaService.uri("\"><script>alert('x')</script><svg onload=\"x\"", "ada\"<b>@example.test", SECRET_A);
        String dataUri = TotpQrCode.dataUri(uri);
        parse(dataUri);
        String svg = dataUri.substring(TotpQrCode.PREFIX.length());
        assertThat(svg).doesNotContainIgnoringCase("script").doesNotContain("onload").doesNotContain("'")
                .doesNotContain(SECRET_A).doesNotContain("ada");
        // '#' would end the data URI and '%' start an escape.
        assertThat(dataUri).doesNotContain("#").doesNotContain("%");
        // Only the fixed markup and the path's coordinates.
        int dim = QrCode.encodeText(uri, QrCode.Ecc.MEDIUM).size + 2 * TotpQrCode.BORDER;
        assertThat(svg.replaceAll("M\\d+,\\d+h1v1h-1z", "")).isEqualTo("<svg xmlns=\"http://www.w3.org/2000/svg\""
                + " version=\"1.1\" viewBox=\"0 0 " + dim + " " + dim + "\" stroke=\"none\"><rect width=\"" + dim + "\""
                + " height=\"" + dim + "\" fill=\"white\"/><path d=\"\" fill=\"black\"/></svg>");
    }
}
