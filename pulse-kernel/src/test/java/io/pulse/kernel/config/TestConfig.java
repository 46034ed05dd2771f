package io.pulse.kernel.config;

import io.pulse.kernel.cli.CommandLine;
import io.pulse.kernel.cli.CommandLineParser;
import io.pulse.spi.option.HostPort;
import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionType;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration built the way the launcher builds it - strict command line, environment, config file, resolved
 * against a registry and parsed - from injected sources.
 *
 * <p>Besides the kernel's options it offers two test owners whose options stand for the original's flags that now
 * belong to plugins, so the kernel's tests do not depend on the real plugins: front end {@link #API} (the original's
 * {@code -H}, {@code -t}, {@code -I}, {@code -C}) and storage {@link #INFLUX} ({@code -i} plus two options without a
 * flag alias, which live in its section only).
 *
 * @param registry the options
 * @param config   what the sources set, with origins
 * @param options  every owner's parsed values
 */
public record TestConfig(OptionRegistry registry, ResolvedConfig config, ParsedOptions options) {

    /** The kernel's options of an installation without {@code pulse.home}. */
    public static final KernelOptions KERNEL = KernelOptions.forHome(Optional.empty());

    /** A front end owning the original's HTTP flags. */
    public static final OptionOwner API = new OptionOwner("api", "front-end 'api'", "test sources");
    public static final Option<HostPort> HTTP_LISTEN_ADDRESS = Option.builder("listen-address", OptionType.hostPort())
        .defaultValue(new HostPort("127.0.0.1", 8080)).flag("http-listen-address", 'H')
        .description("HTTP listen address").build();
    public static final Option<String> TOKEN = Option.builder("token", OptionType.string())
        .defaultValue("secret").secret().flag("token", 't').description("API token").build();
    public static final Option<Boolean> INSECURE = Option.builder("insecure", OptionType.bool())
        .defaultValue(true).flag("insecure", 'I').description("Disable token authentication").build();
    public static final Option<String> CORS_ALLOW = Option.builder("cors-allow", OptionType.string())
        .defaultValue("*").flag("cors-allow", 'C').description("Allowed CORS origins").build();

    /** A storage owning the original's {@code -i}, with an extra environment name, and two section-only options. */
    public static final OptionOwner INFLUX = new OptionOwner("influxdb", "storage 'influxdb'", "test sources");
    public static final Option<URI> INFLUX_ADDRESS = Option.builder("address", OptionType.httpUrl())
        .defaultValue(URI.create("http://127.0.0.1:8086")).flag("influx-address", 'i').env("INFLUX_URL")
        .description("InfluxDB address").build();
    public static final Option<Integer> BATCH_SIZE = Option.builder("batch-size", OptionType.integer(1, 100_000))
        .defaultValue(5000).description("Points per write").build();
    public static final Option<String> DATABASE = Option.builder("database", OptionType.string())
        .defaultValue("pulse").description("Database name").build();

    /** The kernel's options and the two test owners'. */
    public static OptionRegistry withPlugins() {
        return OptionRegistry.builder().addKernel(KERNEL)
            .add(API, List.of(HTTP_LISTEN_ADDRESS, TOKEN, INSECURE, CORS_ALLOW))
            .add(INFLUX, List.of(INFLUX_ADDRESS, BATCH_SIZE, DATABASE))
            .build();
    }

    /** The kernel's options only. */
    public static OptionRegistry kernelOnly() {
        return OptionRegistry.kernelOnly(KERNEL);
    }

    /**
     * Resolves and parses the sources against {@code registry}, checking the file's keys.
     *
     * @throws io.pulse.spi.ConfigException          for an invalid value or file key
     * @throws io.pulse.kernel.cli.UsageException for a bad command line
     */
    public static TestConfig resolve(OptionRegistry registry, List<String> args, Map<String, String> env,
                                     Optional<Path> file) {
        CommandLine line = CommandLineParser.strict(registry).parse(args.toArray(String[]::new));
        ResolvedConfig config = new ConfigSources(line, EnvironmentSettings.of(env), file.map(ConfigFile::load))
            .resolve(registry, true);
        return new TestConfig(registry, config, ParsedOptions.parse(registry, config));
    }

    /** Flags only, against the kernel's and the test owners' options. */
    public static TestConfig flags(String... args) {
        return resolve(withPlugins(), List.of(args), Map.of(), Optional.empty());
    }

    /** The kernel's settings from flags only. */
    public static KernelSettings settings(String... args) {
        return flags(args).settings();
    }

    /** The kernel's settings. */
    public KernelSettings settings() {
        return KernelSettings.from(KERNEL, options.of(OptionOwner.KERNEL), config);
    }

    /**
     * A config template ({@link ConfigTemplate}) with every setting uncommented - what an operator gets by uncommenting
     * every line that shows a key - leaving descriptions and headings commented.
     */
    public static String uncommentSettings(String template) {
        // Lines with a <placeholder> (options without a default) stay commented: uncommented unedited they are errors.
        return template.replaceAll("(?m)^# ( *[a-z][a-z0-9-]*(\\.[a-z0-9-]+)*:( [^<].*)?)$", "$1");
    }

    /** The value of one owner's option. */
    public <T> T value(OptionOwner owner, Option<T> option) {
        return options.of(owner).get(option);
    }
}
