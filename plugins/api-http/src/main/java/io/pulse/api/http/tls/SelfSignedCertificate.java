package io.pulse.api.http.tls;

import io.pulse.spi.tls.TlsMaterial;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.IDN;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Generates a self-signed X.509 v3 server certificate with the JDK alone: an EC P-256 key pair from
 * {@code java.security}, the certificate's DER built by {@link Der} and signed with SHA256withECDSA, then parsed and
 * verified by the JDK's own {@link CertificateFactory}. The certificate names {@code localhost}, {@code 127.0.0.1},
 * {@code ::1} and the given host as subject alternative names, is valid from a day ago for {@link #VALIDITY}, and may
 * not sign other certificates. Stateless.
 */
public final class SelfSignedCertificate {

    /** How long a generated certificate is valid. */
    public static final Duration VALIDITY = Duration.ofDays(365);

    private static final String ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2";
    private static final String COMMON_NAME = "2.5.4.3";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";
    private static final String KEY_USAGE = "2.5.29.15";
    private static final String EXT_KEY_USAGE = "2.5.29.37";
    private static final String SUBJECT_ALT_NAME = "2.5.29.17";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    /** An IPv4 dotted quad or anything with a colon (IPv6); both resolve without a lookup. */
    private static final Pattern IP_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}|.*:.*");

    private SelfSignedCertificate() {
    }

    /**
     * Generates a key pair and a certificate for it.
     *
     * @param host the host the API listens on (added to the alternative names unless it is a wildcard address)
     * @param now  the current time
     */
    public static TlsMaterial generate(String host, Instant now) throws GeneralSecurityException, UnknownHostException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();

        byte[] algorithm = Der.sequence(Der.oid(ECDSA_WITH_SHA256));
        byte[] name = Der.sequence(Der.set(Der.sequence(Der.oid(COMMON_NAME), Der.utf8String("pulse self-signed"))));
        byte[] serial = Der.integer(new BigInteger(127, new SecureRandom()).setBit(126)); // positive, 16 bytes
        byte[] tbs = Der.sequence(
            Der.explicit(0, Der.integer(BigInteger.TWO)), // v3
            serial,
            algorithm,
            name,
            Der.sequence(Der.time(now.minus(Duration.ofDays(1))), Der.time(now.plus(VALIDITY))),
            name,
            keys.getPublic().getEncoded(), // SubjectPublicKeyInfo, already DER
            Der.explicit(3, Der.sequence(
                extension(BASIC_CONSTRAINTS, true, Der.sequence()), // cA false
                extension(KEY_USAGE, true, Der.bitString(7, new byte[] {(byte) 0x80})), // digitalSignature
                extension(EXT_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH))),
                extension(SUBJECT_ALT_NAME, false, Der.sequence(alternativeNames(host))))));

        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(tbs);
        byte[] der = Der.sequence(tbs, algorithm, Der.bitString(0, signer.sign()));

        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(der));
        certificate.verify(keys.getPublic());
        return new TlsMaterial(keys.getPrivate(), List.of(certificate));
    }

    private static byte[] extension(String oid, boolean critical, byte[] value) {
        return critical
            ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octetString(value))
            : Der.sequence(Der.oid(oid), Der.octetString(value));
    }

    /** {@code dNSName [2]} and {@code iPAddress [7]} entries. */
    private static byte[][] alternativeNames(String host) throws UnknownHostException {
        Set<String> dns = new LinkedHashSet<>(List.of("localhost"));
        Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1", "::1"));
        String h = host.strip();
        if (IP_LITERAL.matcher(h).matches()) {
            ips.add(h);
        } else if (!h.isEmpty()) {
            try {
                dns.add(IDN.toASCII(h));
            } catch (IllegalArgumentException notAHostName) {
                // leave it out: clients reach the API by another name or address then
            }
        }
        List<byte[]> names = new ArrayList<>();
        dns.forEach(d -> names.add(Der.implicitPrimitive(2, d.getBytes(StandardCharsets.US_ASCII))));
        for (String ip : ips) {
            InetAddress address = InetAddress.getByName(ip); // a literal: no lookup
            if (!address.isAnyLocalAddress()) {
                names.add(Der.implicitPrimitive(7, address.getAddress()));
            }
        }
        return names.toArray(byte[][]::new);
    }
}
