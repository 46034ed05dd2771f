package io.pulse.kernel.config;

import io.pulse.kernel.plugin.PluginLoadException;
import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Every option indexed by every name it goes by - canonical key, long and short flag, environment variables, top-level
 * file key - and no name claimed twice: a clash stops start-up naming both owners.
 */
class OptionRegistryTest {

    private static final OptionOwner ALPHA = new OptionOwner("alpha", "front-end 'alpha'", "plugins/alpha");
    private static final OptionOwner BETA = new OptionOwner("beta", "publisher 'beta'", "plugins/beta");

    private static Option.Builder<String> text(String key) {
        return Option.builder(key, OptionType.string()).description(key);
    }

    private static String clash(List<Option<?>> alpha, List<Option<?>> beta) {
        return assertThrows(PluginLoadException.class, () -> OptionRegistry.builder().addKernel(TestConfig.KERNEL)
            .add(ALPHA, alpha).add(BETA, beta).build()).getMessage();
    }

    @Test
    void everyNameLeadsToItsOption() {
        OptionRegistry registry = TestConfig.withPlugins();
        DeclaredOption address = registry.byKey("influxdb.address").orElseThrow();

        assertEquals(address, registry.byLongName("influx-address").orElseThrow());
        assertEquals(address, registry.byLongName("influxdb.address").orElseThrow());
        assertEquals(address, registry.byShortName('i').orElseThrow());
        assertEquals(address, registry.byVariable("PULSE_INFLUX_ADDRESS").orElseThrow());
        assertEquals(address, registry.byVariable("PULSE_INFLUXDB_ADDRESS").orElseThrow());
        assertEquals(address, registry.byVariable("INFLUX_URL").orElseThrow());
        assertEquals(address, registry.byTopLevelKey("influx-address").orElseThrow());
        assertEquals(List.of("influxdb.address", "influx-address"), address.longNames());
        assertEquals("--influx-address (-i)", address.displayName());

        DeclaredOption batch = registry.byKey("influxdb.batch-size").orElseThrow();
        assertEquals(List.of("PULSE_INFLUXDB_BATCH_SIZE"), batch.environmentNames());
        assertEquals(java.util.Optional.empty(), registry.byTopLevelKey("batch-size"), "only in its section");
        assertEquals(batch, registry.section("influxdb").get("batch-size"));
        assertEquals(registry.byKey("poll-interval"), registry.byTopLevelKey("poll-interval"));
        assertEquals(Set.of("api", "influxdb"), registry.sections());
    }

    @Test
    void ownersKeepTheirOptionsInDeclarationOrderAfterTheKernel() {
        OptionRegistry registry = TestConfig.withPlugins();
        assertEquals(List.of(OptionOwner.KERNEL, TestConfig.API, TestConfig.INFLUX), List.copyOf(registry.byOwner().keySet()));
        assertEquals(List.of("influxdb.address", "influxdb.batch-size", "influxdb.database"),
            registry.byOwner().get(TestConfig.INFLUX).stream().map(DeclaredOption::key).toList());
        List<Boolean> kernelFirst = registry.all().stream().map(o -> o.owner().isKernel()).toList();
        assertEquals(TestConfig.KERNEL.all().size(), kernelFirst.lastIndexOf(true) + 1);
        assertEquals(TestConfig.KERNEL.all().size(), kernelFirst.indexOf(false), "the kernel's options come first");
    }

    @Test
    void twoPluginsClaimingOneLongFlag() {
        assertEquals("the flag --shared is claimed twice: declared by front-end 'alpha' (plugins/alpha) and by"
            + " publisher 'beta' (plugins/beta); remove one of the plugins, or ask its vendor to rename the option",
            clash(List.of(text("a").flag("shared").build()), List.of(text("b").flag("shared").build())));
    }

    @Test
    void twoPluginsClaimingOneShortFlag() {
        assertEquals("the flag -Q is claimed twice: declared by front-end 'alpha' (plugins/alpha) and by publisher"
            + " 'beta' (plugins/beta); remove one of the plugins, or ask its vendor to rename the option",
            clash(List.of(text("a").flag("alpha-q", 'Q').build()), List.of(text("b").flag("beta-q", 'Q').build())));
    }

    @Test
    void twoPluginsClaimingOneEnvironmentVariable() {
        assertEquals("the environment variable SHARED_TOKEN is claimed twice: declared by front-end 'alpha'"
            + " (plugins/alpha) and by publisher 'beta' (plugins/beta); remove one of the plugins, or ask its vendor to"
            + " rename the option",
            clash(List.of(text("a").env("SHARED_TOKEN").build()), List.of(text("b").env("SHARED_TOKEN").build())));
        assertEquals("the environment variable PULSE_ALPHA_A is claimed twice: declared by front-end 'alpha'"
            + " (plugins/alpha) and by publisher 'beta' (plugins/beta); remove one of the plugins, or ask its vendor to"
            + " rename the option", clash(List.of(text("a").build()), List.of(text("b").env("PULSE_ALPHA_A").build())),
            "an extra name may not take another option's PULSE_ name");
    }

    @Test
    void aPluginCannotTakeAKernelFlag() {
        assertEquals("the flag --poll-interval is claimed twice: declared by server and by front-end 'alpha'"
            + " (plugins/alpha); remove one of the plugins, or ask its vendor to rename the option",
            clash(List.of(text("a").flag("poll-interval").build()), List.of()));
        assertEquals("the flag -p is claimed twice: declared by server and by front-end 'alpha' (plugins/alpha);"
            + " remove one of the plugins, or ask its vendor to rename the option",
            clash(List.of(text("a").flag("alpha-p", 'p').build()), List.of()));
    }

    @Test
    void aFlagAndAPluginIdCannotShareATopLevelKey() {
        assertEquals("the flag --beta of front-end 'alpha' (plugins/alpha) is claimed twice: the plugin id 'beta';"
            + " rename one of them", assertThrows(PluginLoadException.class, () -> OptionRegistry.builder()
            .addKernel(TestConfig.KERNEL).add(BETA, List.of()).add(ALPHA, List.of(text("a").flag("beta").build()))
            .build()).getMessage());
        assertEquals("the id 'beta' of publisher 'beta' (plugins/beta) is claimed twice: the option --beta of"
            + " front-end 'alpha' (plugins/alpha); choose another id", clash(List.of(text("a").flag("beta").build()),
            List.of()));
    }

    @Test
    void theSameOptionObjectInTwoOwnersIsTwoOptions() {
        // Stack plugins share one Option constant among their factories: each owner gets its own key and names.
        Option<String> shared = text("events-file").build();
        OptionRegistry registry = OptionRegistry.builder().addKernel(TestConfig.KERNEL).add(ALPHA, List.of(shared))
            .add(BETA, List.of(shared)).build();
        assertEquals(Map.of("events-file", registry.byKey("alpha.events-file").orElseThrow()), registry.section("alpha"));
        assertEquals("beta.events-file", registry.byVariable("PULSE_BETA_EVENTS_FILE").orElseThrow().key());
    }
}
