package io.pulse.storage.memory.durable;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The framing shared by the write-ahead log and snapshots.
 *
 * <pre>
 * file   = header record*
 * header = magic (8 bytes) version (int32) sequence (int64) crc32c-of-the-previous-20-bytes (int32)
 * record = length (int32, payload bytes, 1 .. 64 MiB) crc32c-of-length-and-payload (int32) payload
 * </pre>
 * All integers big-endian. A reader detects a truncated tail (a torn last write), a record whose checksum does not
 * match (skipped, reading goes on after it), and an implausible length (reading of the file stops there); it
 * reports each with its byte offset.
 */
final class FramedFile {

    static final int VERSION = 1;
    static final int HEADER_BYTES = 24;
    static final int MAX_RECORD_BYTES = 64 << 20;

    private FramedFile() {
    }

    private static int crc(byte[] lengthBytes, byte[] payload, int offset, int length) {
        CRC32C crc = new CRC32C();
        crc.update(lengthBytes, 0, 4);
        crc.update(payload, offset, length);
        return (int) crc.getValue();
    }

    static byte[] magic(String eightChars) {
        byte[] m = eightChars.getBytes(StandardCharsets.US_ASCII);
        if (m.length != 8) {
            throw new IllegalArgumentException("magic must be 8 ASCII characters: " + eightChars);
        }
        return m;
    }

    /** Appends records to a new file. Not thread-safe (its owner serialises appends); {@link #force} may be concurrent. */
    static final class Writer implements Closeable {
        private final Path path;
        private final FileChannel channel;
        private ByteBuffer pending = ByteBuffer.allocate(64 * 1024);

        /** Creates the file (it must not exist) and writes its header. */
        Writer(Path path, byte[] magic, long sequence) throws IOException {
            this.path = path;
            this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
                header.put(magic).putInt(VERSION).putLong(sequence);
                CRC32C crc = new CRC32C();
                crc.update(header.array(), 0, 20);
                header.putInt((int) crc.getValue());
                header.flip();
                writeFully(header);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        }

        Path path() {
            return path;
        }

        /** Frames a payload into the pending buffer; {@link #flush} writes it. */
        void add(ByteSink payload) {
            int length = payload.size();
            if (length < 1 || length > MAX_RECORD_BYTES) {
                throw new IllegalArgumentException("record of " + length + " bytes");
            }
            if (pending.remaining() < length + 8) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(pending.capacity() * 2, pending.position() + length + 8));
                pending.flip();
                bigger.put(pending);
                pending = bigger;
            }
            byte[] lengthBytes = {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length};
            pending.put(lengthBytes).putInt(crc(lengthBytes, payload.array(), 0, length)).put(payload.array(), 0, length);
        }

        /** Writes the pending records to the file (the operating system's cache: a process crash loses nothing). */
        void flush() throws IOException {
            if (pending.position() == 0) {
                return;
            }
            pending.flip();
            try {
                writeFully(pending);
            } finally {
                pending.clear();
                if (pending.capacity() > 4 << 20) {
                    pending = ByteBuffer.allocate(64 * 1024);
                }
            }
        }

        /** Forces written records to the device (survives a power loss). */
        void force() throws IOException {
            channel.force(false);
        }

        /** Bytes framed but not yet written by {@link #flush}. */
        int pendingBytes() {
            return pending.position();
        }

        private void writeFully(ByteBuffer buffer) throws IOException {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Reads the records of a file, collecting problems instead of failing on them. Not thread-safe. */
    static final class Reader implements Closeable {
        private final Path path;
        private final InputStream in;
        private final long fileSize;
        private final long sequence;
        private final List<String> problems = new ArrayList<>();
        private long offset;
        private boolean ended;

        /**
         * Opens a file and checks its header.
         *
         * @throws CorruptDataException when the header is missing, foreign or damaged (the file is unusable)
         */
        Reader(Path path, byte[] magic) throws IOException {
            this.path = path;
            this.fileSize = Files.size(path);
            this.in = new BufferedInputStream(Files.newInputStream(path), 64 * 1024);
            try {
                byte[] header = new byte[HEADER_BYTES];
                if (in.readNBytes(header, 0, HEADER_BYTES) < HEADER_BYTES) {
                    throw new CorruptDataException(path.getFileName() + ": file too short for its header ("
                        + fileSize + " bytes)");
                }
                ByteBuffer h = ByteBuffer.wrap(header);
                byte[] m = new byte[8];
                h.get(m);
                int version = h.getInt();
                long seq = h.getLong();
                int storedCrc = h.getInt();
                CRC32C crc = new CRC32C();
                crc.update(header, 0, 20);
                if (!java.util.Arrays.equals(m, magic)) {
                    throw new CorruptDataException(path.getFileName() + ": not a " + new String(magic, StandardCharsets.US_ASCII)
                        + " file (bad magic)");
                }
                if ((int) crc.getValue() != storedCrc) {
                    throw new CorruptDataException(path.getFileName() + ": header checksum mismatch");
                }
                if (version != VERSION) {
                    throw new CorruptDataException(path.getFileName() + ": format version " + version
                        + " is not supported (this build reads version " + VERSION + ")");
                }
                this.sequence = seq;
                this.offset = HEADER_BYTES;
            } catch (IOException | RuntimeException e) {
                in.close();
                throw e;
            }
        }

        long sequence() {
            return sequence;
        }

        /** What went wrong so far, each naming the file and the byte offset. */
        List<String> problems() {
            return problems;
        }

        /**
         * The next intact record's payload, or null at the end. Records with a bad checksum are skipped and
         * reported; a truncated or implausible record ends the reading and is reported.
         */
        byte[] next() throws IOException {
            while (!ended) {
                long at = offset;
                byte[] frame = new byte[8];
                int got = in.readNBytes(frame, 0, 8);
                if (got == 0) {
                    ended = true;
                    return null;
                }
                if (got < 8) {
                    problems.add(path.getFileName() + ": truncated record header at offset " + at + " (" + got
                        + " bytes ignored)");
                    ended = true;
                    return null;
                }
                ByteBuffer f = ByteBuffer.wrap(frame);
                int length = f.getInt();
                int storedCrc = f.getInt();
                if (length < 1 || length > MAX_RECORD_BYTES) {
                    problems.add(path.getFileName() + ": implausible record length " + length + " at offset " + at
                        + "; the remaining " + (fileSize - at) + " bytes are ignored");
                    ended = true;
                    return null;
                }
                byte[] payload = new byte[length];
                int read = in.readNBytes(payload, 0, length);
                offset += 8 + read;
                if (read < length) {
                    problems.add(path.getFileName() + ": truncated record at offset " + at + " (" + (8 + read)
                        + " of " + (8 + length) + " bytes present)");
                    ended = true;
                    return null;
                }
                if (crc(java.util.Arrays.copyOf(frame, 4), payload, 0, length) != storedCrc) {
                    problems.add(path.getFileName() + ": checksum mismatch in the record at offset " + at + " ("
                        + (8 + length) + " bytes skipped)");
                    continue;
                }
                return payload;
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
