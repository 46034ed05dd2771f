package io.pulse.api.http;

import io.pulse.spi.option.OptionValues;

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

    /**
     * A server on 127.0.0.1 with an ephemeral port and the test token, and the given options (key to text, as in the
     * {@code http} section; they win over those two).
     */
    static ApiServer start(FakeServer server, Map<String, String> options, Clock clock) throws Exception {
        Map<String, String> values = new HashMap<>();
        values.put("listen-address", "127.0.0.1:0");
        values.put("token", TOKEN);
        values.putAll(options);
        HttpApiFrontEnd frontEnd = create(server, values, clock);
        frontEnd.start();
        return new ApiServer(frontEnd, server, Boolean.parseBoolean(values.getOrDefault("insecure", "true"))
            ? "http" : "https");
    }

    static ApiServer start(FakeServer server) throws Exception {
        return start(server, Map.of(), Clock.systemUTC());
    }

    /** A plain-HTTP server with the test token that allows CORS from {@link #CORS_ORIGIN}. */
    static ApiServer startAllowingCors(FakeServer server) throws Exception {
        return start(server, Map.of("cors-allow", CORS_ORIGIN), Clock.systemUTC());
    }

    /**
     * Creates (without starting) a front end as the kernel does: the options parsed the kernel's way, then the
     * plugin's factory called with a context and the server.
     *
     * @throws io.pulse.spi.ConfigException for a bad option, from the parsing or from the factory
     */
    static HttpApiFrontEnd create(FakeServer server, Map<String, String> options, Clock clock) {
        HttpApiFactory factory = new HttpApiFactory();
        OptionValues values = OptionValues.parse(factory.id(), factory.options(), options);
        return (HttpApiFrontEnd) factory.create(new TestPluginContext(values, clock, server), server);
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
