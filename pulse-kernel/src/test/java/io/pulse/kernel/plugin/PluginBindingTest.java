package io.pulse.kernel.plugin;

import io.pulse.spi.Component;
import io.pulse.spi.Health;
import io.pulse.spi.alert.AlertBackend;
import io.pulse.spi.alert.AlertOperations;
import io.pulse.spi.frontend.FrontEnd;
import io.pulse.spi.publish.LivePublisher;
import io.pulse.spi.stats.SampleBatch;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.StorageQueries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every call the kernel makes into a plugin runs with the plugin's class loader as the thread context class loader
 * and gives the caller's back afterwards. Structurally: each wrapper overrides every method of its SPI interface,
 * inherited and default methods included (as Trino's {@code assertAllMethodsOverridden} checks its class-loader-safe
 * wrappers), so a method added to the SPI cannot slip past the binding. Behaviourally: every method of every wrapper,
 * called, reaches the plugin bound and restores the caller's loader, also when the plugin throws.
 */
class PluginBindingTest {

    private final ClassLoader pluginLoader = new URLClassLoader("plugin", new URL[0], getClass().getClassLoader());
    private final ClassLoader callerLoader = new URLClassLoader("caller", new URL[0], getClass().getClassLoader());
    private final PluginBinding binding = PluginBinding.of(pluginLoader);
    /** Methods the plugin saw called, in order; and those it saw called without its loader. */
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final List<String> unbound = new CopyOnWriteArrayList<>();
    private ClassLoader original;

    @BeforeEach
    void callFromAThreadWithALoaderOfItsOwn() {
        original = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(callerLoader);
    }

    @AfterEach
    void restore() {
        Thread.currentThread().setContextClassLoader(original);
    }

    // --- structure ---------------------------------------------------------------------------------------------

    @Test
    void everyWrapperOverridesEveryMethodOfItsSpiInterface() {
        Map<Class<?>, Class<?>> wrappers = PluginBinding.wrappers();
        assertEquals(Set.of(Storage.class, AlertBackend.class, LivePublisher.class, FrontEnd.class,
            StorageQueries.class, AlertOperations.class), wrappers.keySet(), "every kind of component and view");
        wrappers.forEach((spi, wrapper) -> {
            assertTrue(spi.isAssignableFrom(wrapper), wrapper + " implements " + spi);
            assertEquals(List.of(), notOverridden(spi, wrapper), wrapper.getName() + " lets these calls of "
                + spi.getSimpleName() + " through unbound");
        });
    }

    @Test
    void theOverrideCheckCatchesAnInheritedOrDefaultMethodAWrapperForgot() {
        assertEquals(List.of("greet()", "start()"), notOverridden(Greeter.class, HalfBoundGreeter.class));
        assertEquals(List.of(), notOverridden(Greeter.class, BoundGreeter.class));
    }

    /** The interface methods (inherited and default ones included) whose implementation in {@code wrapper} is the interface's own. */
    static List<String> notOverridden(Class<?> spi, Class<?> wrapper) {
        Set<String> missing = new TreeSet<>();
        for (Method method : spi.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            Method implementation;
            try {
                implementation = wrapper.getMethod(method.getName(), method.getParameterTypes());
            } catch (NoSuchMethodException e) {
                throw new AssertionError(wrapper + " has no " + method, e);
            }
            if (implementation.getDeclaringClass().isInterface()) {
                missing.add(method.getName() + "(" + String.join(", ", Arrays.stream(method.getParameterTypes())
                    .map(Class::getSimpleName).toList()) + ")");
            }
        }
        return List.copyOf(missing);
    }

    interface Greeter extends Component {
        default String greet() {
            return "hello";
        }
    }

    /** Binds what it must implement, forgets what it inherits a default for. */
    static class HalfBoundGreeter implements Greeter {
        @Override
        public Health health() {
            return Health.up();
        }

        @Override
        public void close() {
        }
    }

    static final class BoundGreeter extends HalfBoundGreeter {
        @Override
        public String greet() {
            return "bound hello";
        }

        @Override
        public void start() {
        }
    }

    // --- behaviour ---------------------------------------------------------------------------------------------

    @Test
    void everyCallThroughEveryWrapperRunsWithThePluginsLoaderAndRestoresTheCallers() throws Exception {
        Map<Class<?>, Function<Object, Object>> wrap = new LinkedHashMap<>();
        wrap.put(Storage.class, delegate -> binding.storage((Storage) delegate));
        wrap.put(AlertBackend.class, delegate -> binding.alerts((AlertBackend) delegate));
        wrap.put(LivePublisher.class, delegate -> binding.publisher((LivePublisher) delegate));
        wrap.put(FrontEnd.class, delegate -> binding.frontEnd((FrontEnd) delegate));
        assertEquals(PluginBinding.wrappers().keySet().stream().filter(c -> Component.class.isAssignableFrom(c))
            .collect(java.util.stream.Collectors.toSet()), wrap.keySet(), "every component wrapper is exercised");

        for (Map.Entry<Class<?>, Function<Object, Object>> kind : wrap.entrySet()) {
            Class<?> spi = kind.getKey();
            Object bound = kind.getValue().apply(recording(spi));
            callEveryMethod(spi, bound);
        }
    }

    @Test
    void theReadOnlyViewsAreBoundAndCannotBeCastToTheComponent() throws Exception {
        StorageQueries queries = PluginBinding.readOnly(binding.storage(recording(Storage.class)));
        AlertOperations operations = PluginBinding.operationsOnly(binding.alerts(recording(AlertBackend.class)));

        assertFalse(queries instanceof Storage, "no write(), maintain() or close() for those handed the queries");
        assertFalse(operations instanceof Component, "no start() or close() for those handed the operations");
        callEveryMethod(StorageQueries.class, queries);
        callEveryMethod(AlertOperations.class, operations);
    }

    @Test
    void theCallersLoaderIsRestoredWhenThePluginThrowsAndTheExceptionIsItsOwn() {
        IOException refused = new IOException("socket closed");
        LivePublisher failing = (LivePublisher) Proxy.newProxyInstance(LivePublisher.class.getClassLoader(),
            new Class<?>[] {LivePublisher.class}, (proxy, method, args) -> {
                throw refused;
            });

        IOException thrown = assertThrows(IOException.class,
            () -> binding.publisher(failing).publish(new SampleBatch("r", 0, List.of())));

        assertSame(refused, thrown, "passed on unwrapped");
        assertSame(callerLoader, Thread.currentThread().getContextClassLoader());
    }

    @Test
    void scheduledTasksAndListenersRunWithThePluginsLoaderOnWhateverThreadRunsThem() throws Exception {
        AtomicReference<ClassLoader> inTask = new AtomicReference<>();
        AtomicReference<ClassLoader> inListener = new AtomicReference<>();
        Runnable task = binding.task(() -> inTask.set(Thread.currentThread().getContextClassLoader()));
        java.util.function.Consumer<String> listener = binding.listener(
            value -> inListener.set(Thread.currentThread().getContextClassLoader()));

        Thread kernelThread = Thread.ofVirtual().unstarted(() -> {
            task.run();
            listener.accept("batch");
        });
        kernelThread.setContextClassLoader(callerLoader);
        kernelThread.start();
        kernelThread.join();

        assertSame(pluginLoader, inTask.get());
        assertSame(pluginLoader, inListener.get());
    }

    @Test
    void aPluginOfTheBootstrapLoaderLeavesTheContextLoaderAlone() {
        AtomicReference<ClassLoader> seen = new AtomicReference<>();
        PluginBinding.of(null).run(() -> seen.set(Thread.currentThread().getContextClassLoader()));
        assertSame(callerLoader, seen.get());
    }

    @Test
    void aFactoryThatReturnsNothingIsNamedAsSuch() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> binding.storage(null));
        assertEquals("its factory returned nothing", e.getMessage());
    }

    /** Calls every method of {@code spi} on {@code bound}, checking the plugin saw each bound and the caller's loader came back. */
    private void callEveryMethod(Class<?> spi, Object bound) throws Exception {
        calls.clear();
        unbound.clear();
        List<String> expected = new ArrayList<>();
        for (Method method : spi.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            Object[] args = Arrays.stream(method.getParameterTypes()).map(PluginBindingTest::argument).toArray();
            try {
                method.invoke(bound, args);
            } catch (InvocationTargetException e) {
                throw new AssertionError(spi.getSimpleName() + "." + method.getName() + " failed", e.getCause());
            }
            expected.add(method.getName());
            assertSame(callerLoader, Thread.currentThread().getContextClassLoader(),
                "the caller's loader is back after " + spi.getSimpleName() + "." + method.getName());
        }
        assertEquals(new TreeSet<>(expected), new TreeSet<>(calls), spi.getSimpleName() + ": every call reached the plugin");
        assertEquals(List.of(), unbound, spi.getSimpleName() + ": calls the plugin saw without its loader");
    }

    /** A component of the plugin that records each call and whether it had the plugin's loader. */
    private <T> T recording(Class<T> spi) {
        return spi.cast(Proxy.newProxyInstance(spi.getClassLoader(), new Class<?>[] {spi}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "toString":
                    if (method.getParameterCount() == 0) {
                        return "recording " + spi.getSimpleName();
                    }
                    break;
                case "hashCode":
                    if (method.getParameterCount() == 0) {
                        return System.identityHashCode(proxy);
                    }
                    break;
                case "equals":
                    if (method.getParameterCount() == 1 && method.getParameterTypes()[0] == Object.class) {
                        return proxy == args[0];
                    }
                    break;
                default:
                    break;
            }
            calls.add(method.getName());
            if (Thread.currentThread().getContextClassLoader() != pluginLoader) {
                unbound.add(method.getName());
            }
            return answer(method.getReturnType());
        }));
    }

    private static Object answer(Class<?> type) {
        if (type == Health.class) {
            return Health.up();
        }
        if (type == List.class) {
            return List.of();
        }
        if (type == Optional.class) {
            return Optional.empty();
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == int.class) {
            return 0;
        }
        return null;
    }

    private static Object argument(Class<?> type) {
        if (type == long.class) {
            return 0L;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == boolean.class) {
            return false;
        }
        return null;
    }
}
