package io.pulse.relay;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A test certificate authority made with the JDK's {@code keytool} in a temporary directory (nothing committed):
 * its certificate as a PEM file for relays to trust, and server key stores whose certificates it signed.
 */
final class TestCa {

    private static final String PASS = "changeit";

    private final Path dir;
    private final String name;
    final Path caPem;

    private TestCa(Path dir, String name) throws Exception {
        this.dir = dir;
        this.name = name;
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "bc:c", "-validity", "2", "-keystore", store(name).toString());
        caPem = dir.resolve(name + ".pem");
        keytool("-exportcert", "-alias", "ca", "-rfc", "-file", caPem.toString(), "-keystore", store(name).toString());
    }

    /** A new CA named {@code name} in {@code dir}. */
    static TestCa create(Path dir, String name) throws Exception {
        return new TestCa(dir, name);
    }

    /**
     * A server TLS context whose certificate (CN=localhost) this CA signed, for the subject alternative names given
     * in keytool's syntax (e.g. {@code ip:127.0.0.1,dns:localhost}).
     */
    SSLContext server(String serverName, String subjectAlternativeNames) throws Exception {
        Path server = store(serverName);
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
                "CN=localhost", "-validity", "2", "-keystore", server.toString());
        Path csr = dir.resolve(serverName + ".csr");
        Path cer = dir.resolve(serverName + ".cer");
        keytool("-certreq", "-alias", "server", "-file", csr.toString(), "-keystore", server.toString());
        keytool("-gencert", "-alias", "ca", "-infile", csr.toString(), "-outfile", cer.toString(), "-rfc",
                "-ext", "san=" + subjectAlternativeNames, "-validity", "2", "-keystore", store(name).toString());
        keytool("-importcert", "-alias", "ca", "-file", caPem.toString(), "-noprompt", "-keystore", server.toString());
        keytool("-importcert", "-alias", "server", "-file", cer.toString(), "-keystore", server.toString());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(server)) {
            keys.load(in, PASS.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASS.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private Path store(String storeName) {
        return dir.resolve(storeName + ".p12");
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-J-XX:TieredStopAtLevel=1"));
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
