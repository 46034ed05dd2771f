package io.pulse.spi.tls;

import io.pulse.spi.Api;
import io.pulse.spi.ConfigException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads an operator's PEM certificate chain (leaf first) and PKCS#8 private key (RSA or EC, unencrypted) with the
 * JDK alone, and checks that the key belongs to the leaf certificate. Every problem is a {@link ConfigException}
 * naming the option (as the caller calls it, e.g. {@code tls-cert} or {@code relay-tls-key}), the file and the fix.
 * Stateless.
 */
@Api(Api.Stability.EXPERIMENTAL)
public final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----",
        Pattern.DOTALL);

    private PemFiles() {
    }

    /**
     * Loads and checks a certificate chain and its key, for options named {@code tls-cert} and {@code tls-key}.
     *
     * @param certFile the PEM certificate chain, server certificate first
     * @param keyFile  the PEM PKCS#8 private key of the first certificate
     * @return the key and the chain
     * @throws ConfigException when a file cannot be read, holds no usable PEM block, or the key does not belong to
     *                         the first certificate; the message names the option and the file
     */
    public static TlsMaterial load(Path certFile, Path keyFile) {
        return load(certFile, "tls-cert", keyFile, "tls-key");
    }

    /**
     * Loads and checks a certificate chain and its key; error messages name the given options.
     *
     * @param certFile   the PEM certificate chain, server certificate first
     * @param certOption the option that named {@code certFile}, for messages (e.g. {@code relay-tls-cert})
     * @param keyFile    the PEM PKCS#8 private key of the first certificate
     * @param keyOption  the option that named {@code keyFile}, for messages (e.g. {@code relay-tls-key})
     * @return the key and the chain
     * @throws ConfigException when a file cannot be read, holds no usable PEM block, or the key does not belong to
     *                         the first certificate; the message names the option and the file
     */
    public static TlsMaterial load(Path certFile, String certOption, Path keyFile, String keyOption) {
        List<X509Certificate> chain = certificates(certOption, certFile);
        PrivateKey key = privateKey(keyOption, keyFile);
        if (!belongTogether(key, chain.get(0))) {
            throw new ConfigException(keyOption + ": the key in " + keyFile + " does not belong to the first"
                + " certificate in " + certFile + " (the server certificate must come first)");
        }
        return new TlsMaterial(key, chain);
    }

    private static List<X509Certificate> certificates(String option, Path file) {
        byte[] bytes = read(option, file);
        try {
            Collection<? extends Certificate> all = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(bytes));
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : all) {
                chain.add((X509Certificate) c);
            }
            if (chain.isEmpty()) {
                throw new ConfigException(option + ": no certificate in " + file
                    + " (expected PEM blocks -----BEGIN CERTIFICATE-----)");
            }
            return chain;
        } catch (CertificateException e) {
            throw new ConfigException(option + ": " + file + " is not a PEM certificate chain: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(String option, Path file) {
        String text = new String(read(option, file), StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            switch (m.group(1)) {
                case "PRIVATE KEY":
                    return pkcs8(option, file, m.group(2));
                case "RSA PRIVATE KEY", "EC PRIVATE KEY":
                    throw new ConfigException(option + ": " + file + " holds a '" + m.group(1) + "' (PKCS#1/SEC1); convert"
                        + " it to PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pk8.pem");
                case "ENCRYPTED PRIVATE KEY":
                    throw new ConfigException(option + ": " + file + " is encrypted; store it unencrypted (readable by the"
                        + " pulse user only): openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pk8.pem");
                default:
                    break; // e.g. EC PARAMETERS before the key: skip
            }
        }
        throw new ConfigException(option + ": no private key in " + file
            + " (expected a PEM block -----BEGIN PRIVATE KEY-----)");
    }

    private static PrivateKey pkcs8(String option, Path file, String base64) {
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(option + ": " + file + " has a damaged PEM block: " + e.getMessage());
        }
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException notThisAlgorithm) {
                // try the next one
            } catch (GeneralSecurityException e) {
                throw new ConfigException(option + ": cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        throw new ConfigException(option + ": " + file + " is not an RSA or EC private key");
    }

    /** Whether a signature made with {@code key} verifies with the certificate's public key. */
    private static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        byte[] challenge = new byte[32];
        new SecureRandom().nextBytes(challenge);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(challenge);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(challenge);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false; // e.g. an EC key against an RSA certificate
        }
    }

    private static byte[] read(String flag, Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(flag + ": cannot read " + file + ": " + e, e);
        }
    }
}
