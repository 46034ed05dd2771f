/**
 * The relay wire protocol of Pulse (and of the original nanopack/pulse), defined once.
 *
 * <p>Relays dial in to the server over TCP and the two exchange {@code \n}-terminated text lines: {@code id},
 * {@code add}, {@code remove}, {@code got}, {@code ping}, {@code close} from the relay; {@code ok}, {@code beat},
 * {@code get}, {@code pong}, {@code flush}, {@code override} and a few error lines from the server. This module
 * holds everything both ends must agree on, so the server's kernel ({@code io.pulse.kernel}), the embeddable Java
 * relay ({@code io.pulse.relay}) and the benchmark fleet cannot drift apart:
 * <ul>
 *   <li>framing: {@link io.pulse.protocol.LineReader} (maximum line length, {@code \r\n} accepted, and the one
 *       overlong-line policy, {@link io.pulse.protocol.LineTooLongException}) and how a side closes after an error
 *       line ({@link io.pulse.protocol.GracefulClose});</li>
 *   <li>words: {@link io.pulse.protocol.Commands}, {@link io.pulse.protocol.ErrorLines} and
 *       {@link io.pulse.protocol.CommandLine} (a line split into its command word and the rest);</li>
 *   <li>names: {@link io.pulse.protocol.CollectorNames};</li>
 *   <li>the lines with arguments, each written and read by one type: {@link io.pulse.protocol.IdLine},
 *       {@link io.pulse.protocol.AddLine}, {@link io.pulse.protocol.GetLine}, {@link io.pulse.protocol.GotLine}
 *       (with {@link io.pulse.protocol.Values}), {@link io.pulse.protocol.BeatLine} and
 *       {@link io.pulse.protocol.OverrideLine}.</li>
 * </ul>
 * No threads and no policies beyond the wire: who sends what when (polling, heartbeat, reconnection) stays with
 * the server and the relay. {@code docs/protocol.md} describes the protocol in prose.
 *
 * <p>This module depends on the JDK only ({@code java.base}) and must stay that way: the relay library is
 * embedded in other people's services and may bring nothing else along.
 */
module io.pulse.protocol {
    exports io.pulse.protocol;
}
