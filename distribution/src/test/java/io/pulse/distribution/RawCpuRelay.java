package io.pulse.distribution;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.IntFunction;

/**
 * An original-style relay speaking the raw protocol, for the end-to-end tests: identifies, sends one {@code add}
 * line for {@code cpu_used} (with the tags the test chooses), and answers every {@code get} with
 * {@code got cpu_used-cpu_used:<value>}, the value computed from the number of answers so far (fixed, settable, or
 * varying). Raw bytes rather than the Java relay, so the server is met exactly as an original relay meets it.
 */
final class RawCpuRelay implements AutoCloseable {

    private final Socket socket;
    private final Thread reader;
    private volatile IntFunction<String> values;
    private volatile int answered;

    private RawCpuRelay(Socket socket, IntFunction<String> values) {
        this.socket = socket;
        this.values = values;
        this.reader = Thread.ofVirtual().name("raw-cpu-relay").start(this::answer);
    }

    /** A relay {@code id} exposing {@code cpu_used} without tags, answering {@code value}. */
    static RawCpuRelay connect(int port, String id, String value) throws IOException {
        return connect(port, id, "cpu_used", answer -> value);
    }

    /**
     * A relay {@code id} that sends {@code add <addArgument>} and answers with {@code values} applied to the number
     * of answers given so far.
     */
    static RawCpuRelay connect(int port, String id, String addArgument, IntFunction<String> values)
            throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.getOutputStream().write(("id " + id + "\nadd " + addArgument + "\n").getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return new RawCpuRelay(socket, values);
    }

    /** Answers {@code value} from now on. */
    void value(String value) {
        values = answer -> value;
    }

    /** How many {@code get}s were answered. */
    int answered() {
        return answered;
    }

    private void answer() {
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("get ")) {
                    out.write(("got cpu_used-cpu_used:" + values.apply(answered) + "\n")
                        .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    answered++;
                }
            }
        } catch (IOException closed) {
            // the test closed the socket, or the server stopped
        }
    }

    @Override
    public void close() throws Exception {
        socket.close();
        reader.join(Duration.ofSeconds(5));
    }
}
