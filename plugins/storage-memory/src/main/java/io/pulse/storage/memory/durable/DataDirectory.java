package io.pulse.storage.memory.durable;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The memory store's files in its data directory:
 * <ul>
 *   <li>{@code LOCK} - held (an OS file lock) while a store uses the directory, so two servers never share it;</li>
 *   <li>{@code wal-<n>.log} - write-ahead log segments, numbered upwards;</li>
 *   <li>{@code snapshot-<n>.snap} - a snapshot holding everything written before log segment {@code n};</li>
 *   <li>{@code snapshot-<n>.snap.tmp} - a snapshot being written (left over only by a crash; deleted on start).</li>
 * </ul>
 *
 * <p>Thread-safe: stateless apart from the lock it holds.
 */
public final class DataDirectory implements AutoCloseable {

    private static final Pattern WAL = Pattern.compile("wal-(\\d{20})\\.log");
    private static final Pattern SNAPSHOT = Pattern.compile("snapshot-(\\d{20})\\.snap");

    private final Path dir;
    private FileChannel lockChannel;
    private FileLock lock;

    public DataDirectory(Path dir) {
        this.dir = dir;
    }

    public Path path() {
        return dir;
    }

    /**
     * Creates the directory if needed and takes its lock.
     *
     * @throws IOException when the directory cannot be used, or another process (or store) holds it, saying which
     */
    public void lock() throws IOException {
        Files.createDirectories(dir);
        Path lockFile = dir.resolve("LOCK");
        lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            lockChannel = null;
            throw new IOException("the data directory " + dir + " is in use by another Pulse server or store "
                + "(lock held on " + lockFile + "); give each server its own --data-dir");
        }
    }

    public Path walPath(long segment) {
        return dir.resolve(String.format("wal-%020d.log", segment));
    }

    public Path snapshotPath(long sequence) {
        return dir.resolve(String.format("snapshot-%020d.snap", sequence));
    }

    /** Write-ahead log segments by number, ascending. */
    public TreeMap<Long, Path> walSegments() throws IOException {
        return list(WAL);
    }

    /** Snapshots by number, ascending. */
    public TreeMap<Long, Path> snapshots() throws IOException {
        return list(SNAPSHOT);
    }

    /** Deletes snapshot files left half-written by a crash; returns their names. */
    public List<String> deleteTemporaryFiles() throws IOException {
        List<String> deleted = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (p.getFileName().toString().endsWith(".snap.tmp")) {
                    Files.deleteIfExists(p);
                    deleted.add(p.getFileName().toString());
                }
            }
        }
        return deleted;
    }

    /** Deletes the snapshots and log segments numbered below {@code sequence}: a newer snapshot holds their data. */
    public void deleteBefore(long sequence) throws IOException {
        for (Path p : walSegments().headMap(sequence).values()) {
            Files.deleteIfExists(p);
        }
        for (Path p : snapshots().headMap(sequence).values()) {
            Files.deleteIfExists(p);
        }
    }

    /** Flushes the directory entry itself, so a rename survives a power loss (where the platform allows it). */
    public void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // some platforms cannot open or sync a directory; the rename is still atomic there
        }
    }

    private TreeMap<Long, Path> list(Pattern pattern) throws IOException {
        TreeMap<Long, Path> found = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Matcher m = pattern.matcher(p.getFileName().toString());
                if (m.matches()) {
                    found.put(Long.parseLong(m.group(1)), p);
                }
            }
        }
        return found;
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        if (lock != null) {
            lock.release();
            lock = null;
        }
        if (lockChannel != null) {
            lockChannel.close();
            lockChannel = null;
        }
    }
}
