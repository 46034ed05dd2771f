package io.pulse.storage.influxdb;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One real {@code influxd} for a whole test class, handed to the tests as parameters:
 *
 * <ul>
 *   <li>{@link InfluxdServer}: the class's server, started before the class's {@code @BeforeAll} methods and
 *       closed (stopped, directory deleted) after its {@code @AfterAll} methods. Any constructor, lifecycle or test
 *       method may ask for it.</li>
 *   <li>{@link StorageHarness}: a harness on that server, one per scope that asks for it (the class when a
 *       {@code @BeforeAll} method asks, else each test), closed when that scope ends, so every storage a test
 *       creates is closed after it.</li>
 * </ul>
 *
 * <pre>
 * &#64;RequiresInfluxd
 * &#64;ExtendWith(InfluxdExtension.class)
 * class SomeTest {
 *     &#64;BeforeEach
 *     void setUp(InfluxdServer influxd, StorageHarness harness) { ... }
 * }
 * </pre>
 *
 * <p>Starting goes through {@link InfluxdServer#start()}, so a missing influxd skips the class with the install hint
 * (or fails it under {@code -Dpulse.requireInfluxd=true}); put {@link RequiresInfluxd} on the class as well so the
 * skip shows on every test. Tests that stop, kill or freeze their server start their own instead (see
 * {@link OutageTest}). Resources live in JUnit's extension store, which closes them at the end of their scope.
 */
final class InfluxdExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(InfluxdExtension.class);

    /** The key of the {@link StorageHarness} of one scope (a class or a test). */
    private record HarnessKey(String scopeId) {
    }

    @Override
    public void beforeAll(ExtensionContext classContext) {
        classContext.getStore(NAMESPACE).getOrComputeIfAbsent(InfluxdServer.class, key -> InfluxdServer.start(),
            InfluxdServer.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == InfluxdServer.class || type == StorageHarness.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        InfluxdServer influxd = server(context);
        if (parameter.getParameter().getType() == InfluxdServer.class) {
            return influxd;
        }
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(new HarnessKey(context.getUniqueId()),
            key -> new StorageHarness(influxd), StorageHarness.class);
    }

    /** The class's server; the store looks it up through the enclosing (class) context. */
    private static InfluxdServer server(ExtensionContext context) {
        InfluxdServer influxd = context.getStore(NAMESPACE).get(InfluxdServer.class, InfluxdServer.class);
        if (influxd == null) {
            throw new IllegalStateException("no influxd for " + context.getDisplayName()
                + ": register InfluxdExtension on the test class");
        }
        return influxd;
    }
}
