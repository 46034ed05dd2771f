package com.acme.pulse;

import io.pulse.spi.ConfigException;
import io.pulse.spi.PluginContext;
import io.pulse.spi.Selection;
import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionType;
import io.pulse.spi.option.OptionValues;
import io.pulse.spi.publish.LivePublisher;
import io.pulse.spi.publish.LivePublisherFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * Declares the publisher's options and when it runs, and creates it. Setting {@code --acme-file} (or {@code -F},
 * {@code PULSE_ACME_FILE}, or {@code acme-file:} in the config file) selects it.
 */
public final class AcmePublisherFactory implements LivePublisherFactory {

    /** The trigger: the file, in the plugin's data directory, that samples are appended to. */
    static final Option<String> FILE = Option.builder("file", OptionType.string())
        .flag("acme-file", 'F')
        .description("file in its data directory to append samples to (setting it selects the publisher)")
        .build();
    /** Written at the start of every line, if set. */
    static final Option<String> PREFIX = Option.builder("prefix", OptionType.string())
        .description("text written at the start of every line")
        .build();
    /** Decimal places of the written values; the kernel checks the range before {@link #create} runs. */
    static final Option<Integer> DECIMALS = Option.builder("decimals", OptionType.integer(0, 9))
        .defaultValue(4)
        .description("decimal places of the written values")
        .build();

    @Override
    public String id() {
        return "acme-publisher";
    }

    @Override
    public String description() {
        return "appends live samples to a file (example plugin)";
    }

    @Override
    public List<Option<?>> options() {
        return List.of(FILE, PREFIX, DECIMALS);
    }

    @Override
    public Selection selection() {
        return Selection.whenSet(FILE);
    }

    @Override
    public LivePublisher create(PluginContext context) {
        OptionValues options = context.options();
        String name = options.find(FILE).orElse("samples.log");
        Path dir = context.dataDir().toAbsolutePath().normalize();
        Path file = dir.resolve(name).normalize();
        if (!file.startsWith(dir) || file.equals(dir)) {
            // Only what spans several values is checked here; this one keeps the file inside the data directory.
            throw new ConfigException("acme-publisher.file: expected a file name inside " + dir + ", got '" + name + "'");
        }
        return new AcmePublisher(file, options.find(PREFIX).orElse(""), options.get(DECIMALS));
    }
}
