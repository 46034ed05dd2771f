package io.pulse.api.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * A tiny HTTP client for the tests, on {@link HttpURLConnection} (java.base, which the module reads): real requests
 * over real sockets, answers read whole, whatever the status.
 */
final class Http {

    /** An answer. */
    record Response(int status, Map<String, List<String>> headers, String body) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
                    return String.join(",", e.getValue());
                }
            }
            return null;
        }
    }

    private final String base;
    private final SSLContext ssl;

    Http(String base) {
        this(base, null);
    }

    Http(String base, SSLContext ssl) {
        this.base = base;
        this.ssl = ssl;
    }

    Response get(String pathAndQuery, String token) throws IOException {
        return send("GET", pathAndQuery, token == null ? Map.of() : Map.of("X-AUTH-TOKEN", token), null);
    }

    Response send(String method, String pathAndQuery, Map<String, String> headers, String body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(base + pathAndQuery).toURL().openConnection();
        if (ssl != null) {
            ((HttpsURLConnection) c).setSSLSocketFactory(ssl.getSocketFactory());
        }
        c.setRequestMethod(method);
        c.setConnectTimeout(5000);
        c.setReadTimeout(10000);
        c.setUseCaches(false);
        headers.forEach(c::setRequestProperty);
        if (body != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            c.setFixedLengthStreamingMode(bytes.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(bytes);
            }
        }
        int status = c.getResponseCode();
        InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
        String text = "";
        if (in != null) {
            try (in) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                in.transferTo(out);
                text = out.toString(StandardCharsets.UTF_8);
            }
        }
        Map<String, List<String>> h = new LinkedHashMap<>(c.getHeaderFields());
        c.disconnect();
        return new Response(status, h, text);
    }
}
