package io.pulse.relay.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the Linux proc filesystem is mounted ({@code /proc} normally; a folder of fixture copies in tests).
 *
 * @param root the proc mount point
 */
record ProcFs(Path root) {

    /** The real one. */
    static ProcFs system() {
        return new ProcFs(Path.of("/proc"));
    }

    /**
     * Reads a proc file whole (they are small and generated on each read).
     *
     * @param relative e.g. {@code stat} or {@code net/dev}
     * @throws UncheckedIOException if it cannot be read (collectors run as suppliers; the relay logs the failure and
     *                              skips the values)
     */
    String read(String relative) {
        Path file = root.resolve(relative);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
