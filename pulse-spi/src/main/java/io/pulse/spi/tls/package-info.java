/**
 * TLS with the JDK alone, for every listener Pulse opens: reading an operator's PEM certificate chain and private key
 * ({@link io.pulse.spi.tls.PemFiles}) into a {@link io.pulse.spi.tls.TlsMaterial}, and the one policy of protocols
 * and cipher suites every listener enforces ({@link io.pulse.spi.tls.ModernTls}: TLS 1.2 and 1.3, forward-secret
 * AEAD suites only). The kernel's relay listener and the HTTP front end both use it, so an operator's PEM files and
 * the accepted ciphers mean the same on every port.
 */
@Api
package io.pulse.spi.tls;

import io.pulse.spi.Api;
