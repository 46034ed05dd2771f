/**
 * The relay channel's security, all opt-in: a shared token ({@code auth <token>} before {@code id}), an allow-list
 * of relay ids, and TLS on the listener. The settings live here; the checks run in
 * {@code io.pulse.kernel.relay.RelayGate} on each connection's own thread. See {@code docs/security.md}.
 */
package io.pulse.kernel.relay.security;
