package io.pulse.api.http;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts a real {@link HttpApiFrontEnd} through its factory on 127.0.0.1 with an ephemeral port, for one test class
 * or one test. Close it to stop the server.
 */
final class ApiServer implements AutoCloseable {

    static final String TOKEN = "t0ken-for-tests";
    /** The origin {@link #startAllowingCors} lets in: the one {@code AuthAndCorsTest.assertCors} expects. */
    static final String CORS_ORIGIN = "https://dash.example";

    final HttpApiFrontEnd frontEnd;
    final FakeServer server;
    final Http http;

    private ApiServer(HttpApiFrontEnd frontEnd, FakeServer server, String scheme) {
        this.frontEnd = frontEnd;
        this.server = server;
        this.http = new Http(scheme + "://127.0.0.1:" + frontEnd.port());
    }

    /** A plain-HTTP server with the test token and the given extra settings. */
    static ApiServer start(FakeServer server, Map<String, String> serverConfig, Map<String, String> own, Clock clock)
        throws Exception {
        Map<String, String> flags = new HashMap<>();
        flags.put("http-listen-address", "127.0.0.1:0");
        flags.put("token", TOKEN);
        flags.putAll(serverConfig);
        HttpApiFrontEnd frontEnd = create(server, flags, own, clock);
        frontEnd.start();
        return new ApiServer(frontEnd, server, Boolean.parseBoolean(flags.getOrDefault("insecure", "true"))
            ? "http" : "https");
    }

    static ApiServer start(FakeServer server) throws Exception {
        return start(server, Map.of(), Map.of(), Clock.systemUTC());
    }

    /** A plain-HTTP server with the test token that allows CORS from {@link #CORS_ORIGIN}. */
    static ApiServer startAllowingCors(FakeServer server) throws Exception {
        return start(server, Map.of("cors-allow", CORS_ORIGIN), Map.of(), Clock.systemUTC());
    }

    /** Creates (without starting) a front end through the plugin's factory. */
    static HttpApiFrontEnd create(FakeServer server, Map<String, String> flags, Map<String, String> own, Clock clock) {
        var context = new TestPluginContext(flags, own, clock, java.nio.file.Path.of("target"));
        return (HttpApiFrontEnd) new HttpFrontEndFactory().create(context, server);
    }

    String base() {
        return "127.0.0.1:" + frontEnd.port();
    }

    Http.Response get(String pathAndQuery) throws Exception {
        return http.get(pathAndQuery, TOKEN);
    }

    Http.Response send(String method, String pathAndQuery, String body) throws Exception {
        return http.send(method, pathAndQuery, Map.of("X-AUTH-TOKEN", TOKEN), body);
    }

    @Override
    public void close() {
        frontEnd.close();
    }
}
