package io.pulse.relay.host;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code disk_<label>_used}: the used fraction (0..1) of each mounted filesystem that holds data, computed as
 * {@code df} does: {@code used / (used + available to users)}.
 *
 * <p>Filesystems come from {@code /proc/self/mounts}, re-read at every collection so mounts that come and go are
 * followed. Left out: pseudo and memory filesystems (proc, sysfs, tmpfs, cgroup...), overlay filesystems other than a
 * container's root, mount
 * points that are not directories (e.g. a container's bind-mounted {@code /etc/hosts}), and further mounts of a
 * device already reported (bind mounts; the shortest mount point is kept). The label is {@code root} for
 * {@code /}, otherwise the mount point without its leading {@code /}, with every character other than a letter,
 * digit or {@code _} turned into {@code _} ({@code /boot/efi} -> {@code disk_boot_efi_used}); a label already taken
 * gets {@code _2}, {@code _3}... Stateless; thread-safe.
 */
final class DiskUsage {

    private static final System.Logger LOG = System.getLogger(DiskUsage.class.getName());

    /** Filesystem types that hold no user data (or whose usage says nothing about the disk). */
    static final Set<String> PSEUDO_TYPES = Set.of("proc", "sysfs", "devtmpfs", "devpts", "tmpfs", "ramfs",
            "securityfs", "cgroup", "cgroup2", "pstore", "bpf", "debugfs", "tracefs", "configfs", "fusectl", "mqueue",
            "hugetlbfs", "autofs", "binfmt_misc", "rpc_pipefs", "nsfs", "efivarfs", "selinuxfs", "squashfs",
            "fuse.lxcfs", "fuse.gvfsd-fuse", "fuse.portal", "nfsd", "devfs", "iso9660");

    /**
     * One line of {@code /proc/self/mounts}.
     *
     * @param device     what is mounted (a block device, a pseudo name, {@code server:/export}...)
     * @param mountPoint where, unescaped
     * @param type       the filesystem type
     */
    record Mount(String device, String mountPoint, String type) {
    }

    private final ProcFs proc;

    DiskUsage(ProcFs proc) {
        this.proc = proc;
    }

    /** The used fraction of every data filesystem, keyed {@code disk_<label>_used}. */
    Map<String, Double> values() {
        Map<String, Double> values = new LinkedHashMap<>();
        chosen(parseMounts(proc.read("self/mounts"))).forEach((label, mountPoint) -> {
            Path path = Path.of(mountPoint);
            if (!Files.isDirectory(path)) {
                return;
            }
            try {
                FileStore store = Files.getFileStore(path);
                long total = store.getTotalSpace();
                long used = total - store.getUnallocatedSpace();
                long available = store.getUsableSpace();
                if (total > 0 && used + available > 0) {
                    values.put("disk_" + label + "_used", (double) used / (used + available));
                }
            } catch (IOException | SecurityException e) {
                LOG.log(Level.DEBUG, () -> "cannot measure " + mountPoint + ": " + e);
            }
        });
        return values;
    }

    /** Parses {@code /proc/self/mounts} (the fstab format: device, mount point, type, options, dump, pass). */
    static List<Mount> parseMounts(String procMounts) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : procMounts.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 3) {
                mounts.add(new Mount(unescape(fields[0]), unescape(fields[1]), fields[2]));
            }
        }
        return mounts;
    }

    /**
     * The mounts worth reporting, label to mount point, sorted by mount point (so labels are stable).
     */
    static Map<String, String> chosen(List<Mount> mounts) {
        List<Mount> candidates = new ArrayList<>();
        for (Mount mount : mounts) {
            boolean dataFilesystem = !PSEUDO_TYPES.contains(mount.type())
                    // overlay is a container's root; elsewhere it is some container's view of a disk seen already
                    && (!mount.type().equals("overlay") || mount.mountPoint().equals("/"));
            if (dataFilesystem && mount.mountPoint().startsWith("/")) {
                candidates.add(mount);
            }
        }
        // Shortest mount point first: of several mounts of one device, the outermost is kept.
        candidates.sort(Comparator.comparingInt((Mount mount) -> mount.mountPoint().length())
                .thenComparing(Mount::mountPoint));
        Set<String> devices = new HashSet<>();
        Set<String> mountPoints = new HashSet<>();
        List<String> kept = new ArrayList<>();
        for (Mount mount : candidates) {
            if (devices.add(mount.device()) && mountPoints.add(mount.mountPoint())) {
                kept.add(mount.mountPoint());
            }
        }
        kept.sort(Comparator.naturalOrder());
        Map<String, String> labelled = new LinkedHashMap<>();
        for (String mountPoint : kept) {
            String label = label(mountPoint);
            String unique = label;
            for (int n = 2; labelled.containsKey(unique); n++) {
                unique = label + "_" + n;
            }
            labelled.put(unique, mountPoint);
        }
        return labelled;
    }

    /** {@code root} for {@code /}, else the path with {@code /} and other non-word characters as {@code _}. */
    static String label(String mountPoint) {
        String trimmed = mountPoint.replaceAll("^/+|/+$", "");
        if (trimmed.isEmpty()) {
            return "root";
        }
        return trimmed.replaceAll("[^A-Za-z0-9_]", "_");
    }

    /** The kernel writes space, tab, newline and backslash in mount fields as octal escapes ({@code \040}). */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder text = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                text.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                text.append(c);
            }
        }
        return text.toString();
    }

    private static boolean isOctal(String text, int from) {
        if (from + 3 > text.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
