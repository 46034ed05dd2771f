package com.acme.pulse;

import io.pulse.spi.Health;
import io.pulse.spi.publish.LivePublisher;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.SampleBatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Appends each sample as one line, {@code [prefix ]stat tags value}, to its file. The kernel calls
 * {@link #publish} from one thread at a time, so no locking is needed.
 */
final class AcmePublisher implements LivePublisher {

    private final Path file;
    private final String prefix;
    private final String format;
    private volatile String lastError = "";

    AcmePublisher(Path file, String prefix, int decimals) {
        this.file = file;
        this.prefix = prefix.isEmpty() ? "" : prefix + " ";
        this.format = "%." + decimals + "f";
    }

    @Override
    public void start() throws IOException {
        // I/O starts here, not in the factory: create the file so that an operator sees where samples will go.
        Files.createDirectories(file.getParent());
        Files.writeString(file, "", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        System.getLogger("com.acme.pulse").log(System.Logger.Level.INFO, "appending samples to " + file);
    }

    @Override
    public Health health() {
        String error = lastError;
        return error.isEmpty() ? Health.up(file.toString()) : Health.down(error);
    }

    @Override
    public void publish(SampleBatch batch) throws IOException {
        StringBuilder lines = new StringBuilder();
        for (Sample sample : batch.samples()) {
            lines.append(prefix).append(sample.stat()).append(' ')
                .append(sample.tags()).append(' ').append(String.format(Locale.ROOT, format, sample.value()))
                .append('\n');
        }
        try {
            Files.writeString(file, lines, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            lastError = "";
        } catch (IOException e) {
            lastError = "cannot write " + file + ": " + e.getMessage();
            throw e;
        }
    }

    @Override
    public void close() {
        // nothing held open: every publish opens, appends and closes
    }
}
