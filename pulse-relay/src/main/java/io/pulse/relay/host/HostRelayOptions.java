package io.pulse.relay.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of {@code pulse-relay}.
 *
 * @param server   server relay address, {@code host:port}, or several separated by commas
 * @param id       relay id
 * @param holdDown with several servers, how long a better-ranked server must stay reachable before the relay moves
 *                 back to it; null for the relay's default (three beats)
 * @param tags   tags for every collector
 * @param proc   where the proc filesystem is mounted
 * @param help   {@code --help} was given (nothing else matters then)
 * @param token  the relay token ({@code --token}, else {@code PULSE_RELAY_TOKEN}), or null for none
 * @param tls    {@code --tls}: connect over TLS and verify the server's certificate
 * @param ca     {@code --ca}: the PEM file of the certificates to trust instead of the system's, or null
 */
record HostRelayOptions(String server, String id, List<String> tags, Path proc, Duration holdDown, boolean help,
                        String token, boolean tls, Path ca) {

    /** The environment variable that gives the servers when {@code --server} is not set. */
    static final String SERVERS_ENV = "PULSE_SERVERS";

    /** The environment variable that gives the token when {@code --token} is not on the command line. */
    static final String TOKEN_ENV = "PULSE_RELAY_TOKEN";

    static final String USAGE = """
            Usage: pulse-relay --server HOST:PORT[,HOST:PORT...] --id ID [--tags TAG,...] [--proc DIR]
                               [--hold-down DURATION] [--token TOKEN] [--tls [--ca PEM]]

            Exposes this host's stats to a Pulse server (or an original nanopack/pulse server): connects to the
            server's relay listener, announces the collectors below and answers its polls until stopped (SIGTERM or
            Ctrl-C), reconnecting by itself when the connection drops.

            Options:
              --server HOST:PORT[,HOST:PORT...]
                                  the server's relay listener, e.g. 127.0.0.1:3000, or several servers'
                                  (a:3000,b:3000,c:3000): the relay ranks them by a hash of its id, connects
                                  to the first that answers and fails over to the next (required, or the
                                  environment variable PULSE_SERVERS)
              --id ID             this relay's id, usually the host name; stats are tagged host:ID (required)
              --tags TAG,...      tags for every stat, key:value, comma-separated (default: none)
              --proc DIR          where the proc filesystem is mounted (default: /proc)
              --hold-down DURATION
                                  with several servers: how long a better-ranked server must stay reachable
                                  before the relay moves back to it, e.g. 2s, 500ms, 1m (default: 3 beats)
              --token TOKEN       the server's relay token (its --relay-token), sent as 'auth TOKEN' before 'id';
                                  prefer the environment variable PULSE_RELAY_TOKEN, which ps does not show
              --tls               connect over TLS 1.2+ and verify the server's certificate and host name
                                  (against the system's trusted CAs unless --ca is given)
              --ca PEM            trust the certificates in this PEM file (the CA of the server's certificate,
                                  or a self-signed server certificate) instead of the system's; needs --tls
              -h, --help          print this help and exit

            Collectors (stat names in parentheses; fractions are 0..1):
              cpu_used            CPU busy time since the previous poll, from /proc/stat
              ram_used            1 - MemAvailable/MemTotal, from /proc/meminfo
              swap_used           used swap fraction, 0 without swap, from /proc/meminfo
              disk                (disk_root_used, disk_<mount>_used) used fraction per mounted filesystem
              load                (load_1, load_5, load_15) load averages, from /proc/loadavg
              net                 (rx_bytes, tx_bytes, rx_bytes_per_second, tx_bytes_per_second) all interfaces
                                  but lo, from /proc/net/dev

            Exit status: 0 after --help, 1 when the server cannot be reached or /proc cannot be read, 2 for bad
            arguments. Stopped by a signal, it first tells the server (remove..., close).
            """;

    /** A command line that cannot be run; the message says why. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /**
     * @throws UsageException for an unknown option, a missing value or a missing required option
     */
    static HostRelayOptions parse(String... args) throws UsageException {
        return parse(System.getenv(), args);
    }

    /**
     * @param env the environment ({@value #SERVERS_ENV} gives the servers when {@code --server} is not set,
     *            {@value #TOKEN_ENV} the token when {@code --token} is absent)
     * @throws UsageException for an unknown option, a missing value or a missing required option
     */
    static HostRelayOptions parse(Map<String, String> env, String... args) throws UsageException {
        String token = null;
        boolean tls = false;
        Path ca = null;
        String server = null;
        Duration holdDown = null;
        String id = null;
        List<String> tags = List.of();
        Path proc = Path.of("/proc");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return new HostRelayOptions(null, null, List.of(), proc, null, true, null, false, null);
            }
            if (arg.equals("--tls")) {
                tls = true;
                continue;
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            switch (name) {
                case "--server", "--id", "--tags", "--proc", "--hold-down", "--token", "--ca" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException(name + " needs a value");
                        }
                        value = args[++i];
                    }
                }
                default -> throw new UsageException("unknown option \"" + arg + "\"");
            }
            switch (name) {
                case "--server" -> server = value;
                case "--id" -> id = value;
                case "--tags" -> tags = splitTags(value);
                case "--hold-down" -> holdDown = duration(name, value);
                case "--token" -> token = value;
                case "--ca" -> {
                    if (value.isBlank()) {
                        throw new UsageException("--ca needs a PEM file");
                    }
                    ca = Path.of(value);
                }
                default -> {
                    if (value.isBlank()) {
                        throw new UsageException("--proc needs a directory");
                    }
                    proc = Path.of(value);
                }
            }
        }
        if (server == null) {
            server = env.get(SERVERS_ENV);
        }
        if (server == null || server.isBlank()) {
            throw new UsageException("--server HOST:PORT is required"); // the usage mentions PULSE_SERVERS
        }
        if (id == null || id.isBlank()) {
            throw new UsageException("--id ID is required");
        }
        if (token == null) {
            token = env.get(TOKEN_ENV);
        }
        if (token != null && (token.isEmpty() || token.indexOf('\n') >= 0 || token.indexOf('\r') >= 0)) {
            throw new UsageException("the relay token must not be empty or contain a line break");
        }
        if (ca != null && !tls) {
            throw new UsageException("--ca needs --tls");
        }
        return new HostRelayOptions(server, id, tags, proc, holdDown, false, token, tls, ca);
    }

    @Override
    public String toString() {
        return "HostRelayOptions[server=" + server + ", id=" + id + ", tags=" + tags + ", proc=" + proc
                + ", holdDown=" + holdDown + ", help=" + help + ", token=" + (token == null ? "none" : "****")
                + ", tls=" + tls + ", ca=" + ca + "]";
    }

    /** A positive duration: a whole number with the unit ms, s, m or h, e.g. {@code 500ms} or {@code 2s}. */
    private static Duration duration(String option, String value) throws UsageException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(ms|s|m|h)").matcher(value.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new UsageException(option + " must be a positive duration such as 500ms, 2s or 1m, got \"" + value
                + "\"");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    private static List<String> splitTags(String value) throws UsageException {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new UsageException("a tag cannot contain a line break");
        }
        List<String> tags = new ArrayList<>();
        for (String tag : value.split(",")) {
            if (tag.isBlank()) {
                continue;
            }
            String stripped = tag.strip();
            // The server keeps key:value tags only (as the original did): a bare word would be silently dropped.
            if (stripped.indexOf(':') <= 0) {
                throw new UsageException("tag \"" + stripped + "\" is not key:value (e.g. env:prod); the server"
                    + " keeps only key:value tags");
            }
            tags.add(stripped);
        }
        return List.copyOf(tags);
    }
}
