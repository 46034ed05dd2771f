package io.pulse.kernel.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The Pulse version and the commit it was built from, read from {@code version.properties}, a resource the
 * build filters (the Maven project version, and the short git hash captured by the build; {@code unknown} when
 * the build ran outside a git checkout).
 *
 * @param version e.g. {@code 0.1.0-SNAPSHOT}
 * @param commit  e.g. {@code 3f2a1bc}, or {@code unknown}
 */
public record VersionInfo(String version, String commit) {

    private static final String RESOURCE = "/io/pulse/kernel/version.properties";

    /** Reads the built-in version resource. */
    public static VersionInfo current() {
        Properties properties = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the kernel module: the build is broken");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new VersionInfo(clean(properties.getProperty("version")), clean(properties.getProperty("commit")));
    }

    /** What {@code pulse -v} prints: {@code pulse <version> (<commit>)}. */
    public String banner() {
        return "pulse " + version + " (" + commit + ")";
    }

    /** An unset or unfiltered value (a build without git leaves the placeholder) reads as {@code unknown}. */
    private static String clean(String value) {
        if (value == null || value.isBlank() || value.contains("${")) {
            return "unknown";
        }
        return value.strip();
    }
}
