package io.pulse.storage.tck;

import io.pulse.spi.ConfigException;
import io.pulse.spi.PluginContext;
import io.pulse.spi.ServerSettings;
import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionType;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.StorageFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The test context gives a storage factory what the kernel would, parsed and checked the kernel's way. */
class TckPluginContextTest {

    static final Option<Integer> BATCH = Option.builder("batch", OptionType.integer(1, 10))
        .defaultValue(5).description("samples per write").build();
    static final Option<Duration> FLUSH = Option.builder("flush", OptionType.duration(Duration.ofSeconds(1),
        Duration.ofMinutes(1))).description("flush interval; none means never").build();

    /** A storage factory with two options, creating the reference store. */
    static final StorageFactory FACTORY = new StorageFactory() {
        @Override
        public String id() {
            return "demo";
        }

        @Override
        public List<Option<?>> options() {
            return List.of(BATCH, FLUSH);
        }

        @Override
        public Storage create(PluginContext context) {
            return new ReferenceStorage(context.server());
        }
    };

    @TempDir
    Path serverDir;

    @Test
    void optionsAreParsedFromTextAndUnsetOnesKeepTheirDefault() {
        TckPluginContext context = TckPluginContext.builder(FACTORY, serverDir).options(Map.of("flush", "30s")).build();
        assertEquals(5, context.options().get(BATCH));
        assertFalse(context.options().isSet(BATCH));
        assertEquals(Duration.ofSeconds(30), context.options().get(FLUSH));
        assertEquals(Optional.empty(), TckPluginContext.builder(FACTORY, serverDir).build().options().find(FLUSH),
            "an option without a default is simply not set");
    }

    @Test
    void aBadValueOrAnUnknownKeyIsAConfigExceptionNamingIt() {
        ConfigException bad = assertThrows(ConfigException.class,
            () -> TckPluginContext.builder(FACTORY, serverDir).options(Map.of("batch", "11")).build());
        assertEquals("demo.batch: expected a whole number from 1 to 10, got '11'", bad.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class,
            () -> TckPluginContext.builder(FACTORY, serverDir).options(Map.of("bacth", "2")).build());
        assertTrue(unknown.getMessage().startsWith("demo.bacth: unknown key"), unknown.getMessage());
    }

    @Test
    void theFactoryGetsItsOwnDataDirectoryAndTheOriginalsSettings() {
        TckPluginContext context = TckPluginContext.builder(FACTORY, serverDir).build();
        assertEquals("demo", context.id());
        assertEquals(serverDir.resolve("demo"), context.dataDir());
        assertTrue(Files.isDirectory(context.dataDir()));
        ServerSettings s = context.server();
        assertEquals(List.of(Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofMinutes(15), Duration.ofDays(7),
            Duration.ofHours(8)), List.of(s.pollInterval(), s.beatInterval(), s.aggregateInterval(), s.retention(),
            s.rawRetention()));
        assertTrue(context.scheduler() instanceof ManualScheduler);
    }

    @Test
    void storageQueriesAreNotOfferedToAStorageFactory() {
        TckPluginContext context = TckPluginContext.builder(FACTORY, serverDir).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, context::storage);
        assertTrue(e.getMessage().startsWith("demo is a storage factory"), e.getMessage());
    }

    @Test
    void theSampleFeedDeliversWhatTheTestPublishes() {
        TckPluginContext context = TckPluginContext.builder(FACTORY, serverDir).build();
        List<SampleBatch> seen = new ArrayList<>();
        context.samples().subscribe("probe", 2, seen::add);
        SampleBatch batch = new SampleBatch("web1", 1_000, List.of());
        context.samples().publish(batch);
        context.samples().deliver();
        assertEquals(List.of(batch), seen);
    }

    @Test
    void toBuilderDerivesAContextWithTheSameEverythingButWhatIsChanged() {
        SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
        TckPluginContext first = TckPluginContext.builder(FACTORY, serverDir).options(Map.of("batch", "3")).build();
        TckPluginContext second = first.toBuilder().clock(clock).build();
        assertEquals(3, second.options().get(BATCH));
        assertEquals(first.dataDir(), second.dataDir());
        assertSame(first.scheduler(), second.scheduler());
        assertSame(first.samples(), second.samples());
        assertSame(clock, second.clock());
    }
}
