package io.pulse.kernel.plugin;

import io.pulse.kernel.config.OptionRegistry;
import io.pulse.kernel.config.TestConfig;
import io.pulse.spi.ComponentFactory;
import io.pulse.spi.ConfigException;
import io.pulse.spi.Plugin;
import io.pulse.spi.PluginContext;
import io.pulse.spi.Selection;
import io.pulse.spi.alert.AlertBackend;
import io.pulse.spi.alert.AlertBackendFactory;
import io.pulse.spi.frontend.FrontEnd;
import io.pulse.spi.frontend.FrontEndContext;
import io.pulse.spi.frontend.FrontEndFactory;
import io.pulse.spi.option.HostPort;
import io.pulse.spi.option.Option;
import io.pulse.spi.option.OptionType;
import io.pulse.spi.publish.LivePublisher;
import io.pulse.spi.publish.LivePublisherFactory;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.StorageFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Which factories a run uses, decided by what the plugins declare ({@link Selection}) and what the operator names:
 * a name given wins, else a factory whose trigger option is set, else the default of its extension point; ambiguous
 * or impossible choices are configuration errors that say what is available and how to choose.
 */
class PluginSelectorTest {

    private static final Path PLUGINS_DIR = Path.of("/opt/pulse/plugins");

    private static final Option<HostPort> REMOTE_ADDRESS = Option.builder("address", OptionType.hostPort())
        .defaultValue(new HostPort("127.0.0.1", 9000)).flag("remote-address", 'R').description("Remote store").build();
    private static final Option<String> CLOUD_URL = Option.builder("url", OptionType.string()).flag("cloud-url")
        .description("Cloud store").build();
    private static final Option<String> HOOK_URL = Option.builder("url", OptionType.string()).flag("hook-url")
        .description("Web hook").build();
    private static final Option<String> RULES_FILE = Option.builder("file", OptionType.string()).flag("rules-file")
        .description("Alert rules").build();

    /** Storages: embedded (default), remote (when -R is set), cloud (when --cloud-url is set). */
    private static final List<StorageFactory> STORAGES = List.of(
        storage("embedded", Selection.byDefault()),
        storage("remote", Selection.whenSet(REMOTE_ADDRESS), REMOTE_ADDRESS),
        storage("cloud", Selection.whenSet(CLOUD_URL), CLOUD_URL));

    private static PluginCatalog catalog(List<StorageFactory> storages) {
        Plugin plugin = new Plugin() {
            @Override
            public List<StorageFactory> storageFactories() {
                return storages;
            }

            @Override
            public List<AlertBackendFactory> alertBackendFactories() {
                return List.of(alerts("rules", Selection.whenSet(RULES_FILE), RULES_FILE),
                    alerts("extra-alerts", Selection.onRequest()));
            }

            @Override
            public List<LivePublisherFactory> livePublisherFactories() {
                return List.of(publisher("auto-pub", Selection.byDefault()),
                    publisher("hook-pub", Selection.whenSet(HOOK_URL), HOOK_URL),
                    publisher("manual-pub", Selection.onRequest()));
            }

            @Override
            public List<FrontEndFactory> frontEndFactories() {
                return List.of(frontEnd("web", Selection.byDefault()), frontEnd("admin", Selection.onRequest()));
            }
        };
        return PluginCatalog.builder().add(plugin, origin()).build();
    }

    private static PluginOrigin origin() {
        return new PluginOrigin("test.plugins", "test sources", PluginBinding.of(PluginSelectorTest.class.getClassLoader()));
    }

    private static PluginSelection select(List<StorageFactory> storages, Map<String, String> env, String... args) {
        PluginCatalog catalog = catalog(storages);
        OptionRegistry registry = catalog.optionRegistry(TestConfig.KERNEL);
        TestConfig config = TestConfig.resolve(registry, List.of(args), env, Optional.empty());
        return new PluginSelector(catalog, registry, config.options(), config.config(), PLUGINS_DIR)
            .select(config.settings());
    }

    private static PluginSelection select(String... args) {
        return select(STORAGES, Map.of(), args);
    }

    private static String error(List<StorageFactory> storages, String... args) {
        return assertThrows(ConfigException.class, () -> select(storages, Map.of(), args)).getMessage();
    }

    private static List<String> ids(List<PluginSelection.Selected> selected) {
        return selected.stream().map(PluginSelection.Selected::id).toList();
    }

    @Test
    void withNothingSetEachExtensionPointGetsItsDefault() {
        PluginSelection selection = select();

        assertEquals("embedded", selection.storage().id());
        assertEquals("it is the default storage (set --storage to choose another)", selection.storage().reason());
        assertEquals(Optional.empty(), selection.alerts(), "no alert plugin is a default");
        assertEquals(List.of("auto-pub"), ids(selection.publishers()));
        assertEquals(List.of("web"), ids(selection.frontEnds()));
        assertEquals(List.of("embedded", "auto-pub", "web"), ids(selection.inStartOrder()));
    }

    @Test
    void settingAFactorysTriggerOptionSelectsItFromAnySource() {
        PluginSelection byFlag = select("-R", "db:9000");
        assertEquals("remote", byFlag.storage().id());
        assertEquals("--remote-address (-R) is set (command line)", byFlag.storage().reason());

        PluginSelection byEnvironment = select(STORAGES, Map.of("PULSE_REMOTE_ADDRESS", "db:9000"));
        assertEquals("remote", byEnvironment.storage().id());
        assertEquals("--remote-address (-R) is set (environment variable PULSE_REMOTE_ADDRESS)",
            byEnvironment.storage().reason());

        assertEquals("remote", select("-R", "127.0.0.1:9000").storage().id(), "set, even when equal to the default");
        assertEquals("rules", select("--rules-file", "/etc/rules").alerts().orElseThrow().id());
    }

    @Test
    void aNameGivenExplicitlyWins() {
        PluginSelection selection = select("--storage", "embedded", "-R", "db:9000", "--alerts", "extra-alerts",
            "--rules-file", "/etc/rules");
        assertEquals("embedded", selection.storage().id());
        assertEquals("--storage is set (command line)", selection.storage().reason());
        assertEquals("extra-alerts", selection.alerts().orElseThrow().id());
    }

    @Test
    void alertsNoneRunsNoAlertPluginEvenATriggeredOne() {
        assertEquals(Optional.empty(), select("--alerts", "none", "--rules-file", "/etc/rules").alerts());
        assertEquals(List.of("embedded", "auto-pub", "web"), ids(select("--alerts", "none").inStartOrder()));
    }

    @Test
    void publishersAndFrontEndsAreEveryTriggeredAndEveryDefaultOneUnlessNamed() {
        assertEquals(List.of("hook-pub", "auto-pub"), ids(select("--hook-url", "http://hook").publishers()));
        assertEquals(List.of("manual-pub"), ids(select("--publishers", "manual-pub", "--hook-url", "x").publishers()));
        assertEquals(List.of(), ids(select("--publishers=").publishers()), "an empty list means none");
        assertEquals(List.of("admin", "web"), ids(select("--front-ends", "admin,web").frontEnds()), "in the order named");
        assertEquals(List.of(), ids(select("--front-ends=").frontEnds()));
    }

    @Test
    void twoTriggeredStoragesAreAmbiguous() {
        assertEquals("several storage plugins are selected: 'cloud' (--cloud-url is set (command line)), 'remote'"
            + " (--remote-address (-R) is set (command line)); choose one with --storage",
            error(STORAGES, "-R", "db:9000", "--cloud-url", "https://cloud"));
    }

    @Test
    void twoDefaultStoragesAreAmbiguous() {
        List<StorageFactory> storages = List.of(storage("alpha", Selection.byDefault()),
            storage("beta", Selection.byDefault()));
        assertEquals("several storage plugins are defaults: 'alpha' (it is the default storage (set --storage to"
            + " choose another)), 'beta' (it is the default storage (set --storage to choose another)); choose one"
            + " with --storage", error(storages));
        assertEquals("beta", select(storages, Map.of(), "--storage", "beta").storage().id(), "naming one resolves it");
    }

    @Test
    void anUnknownIdListsWhatIsAvailable() {
        assertEquals("storage 'cassandra' not found; it was selected because --storage is set (command line)."
            + " Available storage plugins: cloud (test sources), embedded (test sources), remote (test sources)."
            + " Plugins are linked into the image or installed as " + PLUGINS_DIR.resolve("<name>") + "/*.jar",
            error(STORAGES, "--storage", "cassandra"));
        assertEquals("publisher 'mist' not found; it was selected because --publishers is set (command line)."
            + " Available publisher plugins: auto-pub (test sources), hook-pub (test sources), manual-pub (test"
            + " sources). Plugins are linked into the image or installed as " + PLUGINS_DIR.resolve("<name>")
            + "/*.jar", error(STORAGES, "--publishers", "auto-pub,mist"));
    }

    @Test
    void withoutADefaultOrTriggeredStorageNoneIsSelected() {
        List<StorageFactory> storages = List.of(storage("remote", Selection.whenSet(REMOTE_ADDRESS), REMOTE_ADDRESS));
        assertEquals("no storage plugin is selected: none of the installed ones (remote (test sources)) is a default;"
            + " choose one with --storage", error(storages));
    }

    @Test
    void aTriggerTheFactoryDoesNotDeclareIsRefusedWhenThePluginIsLoaded() {
        PluginLoadException e = assertThrows(PluginLoadException.class,
            () -> catalog(List.of(storage("odd", Selection.whenSet(CLOUD_URL)))));
        assertEquals("storage 'odd' of plugin module test.plugins (test sources) is selected when its option 'url' is"
            + " set, but does not declare that option in options()", e.getMessage());
    }

    private static StorageFactory storage(String id, Selection selection, Option<?>... options) {
        return new TestStorageFactory(id, selection, options);
    }

    private static AlertBackendFactory alerts(String id, Selection selection, Option<?>... options) {
        return new TestAlertsFactory(id, selection, options);
    }

    private static LivePublisherFactory publisher(String id, Selection selection, Option<?>... options) {
        return new TestPublisherFactory(id, selection, options);
    }

    private static FrontEndFactory frontEnd(String id, Selection selection) {
        return new TestFrontEndFactory(id, selection);
    }

    /** What the selector reads of a factory: its id, options and selection; nothing here is ever created. */
    private abstract static class SelectionOnlyFactory implements ComponentFactory {
        private final String id;
        private final Selection selection;
        private final List<Option<?>> options;

        SelectionOnlyFactory(String id, Selection selection, Option<?>... options) {
            this.id = id;
            this.selection = selection;
            this.options = List.of(options);
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public List<Option<?>> options() {
            return options;
        }

        @Override
        public Selection selection() {
            return selection;
        }

        static UnsupportedOperationException selectionOnly() {
            return new UnsupportedOperationException("selection only");
        }
    }

    private static final class TestStorageFactory extends SelectionOnlyFactory implements StorageFactory {
        TestStorageFactory(String id, Selection selection, Option<?>... options) {
            super(id, selection, options);
        }

        @Override
        public Storage create(PluginContext context) {
            throw selectionOnly();
        }
    }

    private static final class TestAlertsFactory extends SelectionOnlyFactory implements AlertBackendFactory {
        TestAlertsFactory(String id, Selection selection, Option<?>... options) {
            super(id, selection, options);
        }

        @Override
        public AlertBackend create(PluginContext context) {
            throw selectionOnly();
        }
    }

    private static final class TestPublisherFactory extends SelectionOnlyFactory implements LivePublisherFactory {
        TestPublisherFactory(String id, Selection selection, Option<?>... options) {
            super(id, selection, options);
        }

        @Override
        public LivePublisher create(PluginContext context) {
            throw selectionOnly();
        }
    }

    private static final class TestFrontEndFactory extends SelectionOnlyFactory implements FrontEndFactory {
        TestFrontEndFactory(String id, Selection selection) {
            super(id, selection);
        }

        @Override
        public FrontEnd create(PluginContext context, FrontEndContext server) {
            throw selectionOnly();
        }
    }
}
