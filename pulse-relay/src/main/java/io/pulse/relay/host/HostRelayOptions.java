package io.pulse.relay.host;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code pulse-relay}.
 *
 * @param server server relay address, {@code host:port}
 * @param id     relay id
 * @param tags   tags for every collector
 * @param proc   where the proc filesystem is mounted
 * @param help   {@code --help} was given (nothing else matters then)
 */
record HostRelayOptions(String server, String id, List<String> tags, Path proc, boolean help) {

    static final String USAGE = """
            Usage: pulse-relay --server HOST:PORT --id ID [--tags TAG,...] [--proc DIR]

            Exposes this host's stats to a Pulse server (or an original nanopack/pulse server): connects to the
            server's relay listener, announces the collectors below and answers its polls until stopped (SIGTERM or
            Ctrl-C), reconnecting by itself when the connection drops.

            Options:
              --server HOST:PORT  the server's relay listener, e.g. 127.0.0.1:3000 (required)
              --id ID             this relay's id, usually the host name; stats are tagged host:ID (required)
              --tags TAG,...      tags for every stat, key:value, comma-separated (default: none)
              --proc DIR          where the proc filesystem is mounted (default: /proc)
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
        String server = null;
        String id = null;
        List<String> tags = List.of();
        Path proc = Path.of("/proc");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return new HostRelayOptions(null, null, List.of(), proc, true);
            }
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            switch (name) {
                case "--server", "--id", "--tags", "--proc" -> {
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
                default -> {
                    if (value.isBlank()) {
                        throw new UsageException("--proc needs a directory");
                    }
                    proc = Path.of(value);
                }
            }
        }
        if (server == null || server.isBlank()) {
            throw new UsageException("--server HOST:PORT is required");
        }
        if (id == null || id.isBlank()) {
            throw new UsageException("--id ID is required");
        }
        return new HostRelayOptions(server, id, tags, proc, false);
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
