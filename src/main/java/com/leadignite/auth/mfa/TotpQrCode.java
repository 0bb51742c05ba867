package com.leadignite.auth.mfa;

import io.nayuki.qrcodegen.QrCode;

/**
 * The enrolment's {@code totp.qr_code} as GoTrue answers it: an SVG of the {@code otpauth://} URI in a
 * {@code data:image/svg+xml;utf-8,} URI. The SVG is built from the modules alone (one path of unit squares,
 * a fixed viewBox with a 4-module quiet zone), so nothing from the URI's text, and no script, reaches the
 * markup; the colours are named and sizes plain numbers, as a {@code #} would end the data URI and a {@code %}
 * start an escape.
 */
public final class TotpQrCode {

    static final String PREFIX = "data:image/svg+xml;utf-8,";
    static final int BORDER = 4;

    private TotpQrCode() {
    }

    public static String dataUri(String otpauthUri) {
        return PREFIX + svg(QrCode.encodeText(otpauthUri, QrCode.Ecc.MEDIUM));
    }

    static String svg(QrCode qr) {
        int dim = qr.size + 2 * BORDER;
        StringBuilder path = new StringBuilder(qr.size * qr.size * 4);
        for (int y = 0; y < qr.size; y++) {
            for (int x = 0; x < qr.size; x++) {
                if (qr.getModule(x, y)) {
                    path.append('M').append(x + BORDER).append(',').append(y + BORDER).append("h1v1h-1z");
                }
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 " + dim + " " + dim
                + "\" stroke=\"none\"><rect width=\"" + dim + "\" height=\"" + dim + "\" fill=\"white\"/><path d=\"" + path
                + "\" fill=\"black\"/></svg>";
    }
}
