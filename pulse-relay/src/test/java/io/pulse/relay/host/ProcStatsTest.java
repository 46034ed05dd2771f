package io.pulse.relay.host;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The /proc readers, on fixture copies with known figures and on this machine's real /proc. */
class ProcStatsTest {

    /** Fixture copies of the proc files (working directory is the module's, under Maven). */
    static final ProcFs FIXTURES = new ProcFs(Path.of("src", "test", "resources", "proc"));

    @Test
    void cpuUsedIsTheBusyShareSinceBootThenBetweenReadings() {
        // user nice system idle iowait irq softirq steal = 600 50 150 2800 200 50 100 50: idle 3000 of 4000.
        assertEquals(0.25, new CpuUsage(FIXTURES).used(), 1e-12);

        CpuUsage.Times earlier = CpuUsage.Times.parse("cpu  600 50 150 2800 200 50 100 50 30 0\n");
        CpuUsage.Times later = CpuUsage.Times.parse("cpu  690 50 150 2805 205 50 100 50 30 0\ncpu0 1 2 3 4\n");
        // 100 ticks passed, 10 of them idle or iowait.
        assertEquals(0.9, later.usedSince(earlier), 1e-12);
        assertTrue(Double.isNaN(later.usedSince(later)), "no time passed");
        // Old kernels have only four counters.
        assertEquals(new CpuUsage.Times(80, 100), CpuUsage.Times.parse("cpu 10 5 5 80"));
        assertThrows(IllegalArgumentException.class, () -> CpuUsage.Times.parse("intr 1 2 3\n"));
    }

    @Test
    void ramAndSwapUsedFromMeminfo() {
        MemoryUsage memory = new MemoryUsage(FIXTURES);
        assertEquals(0.25, memory.ramUsed(), 1e-12);   // 1 - 6000000 / 8000000
        assertEquals(0.25, memory.swapUsed(), 1e-12);  // (2000000 - 1500000) / 2000000
        MemoryUsage.MemInfo old = MemoryUsage.MemInfo.parse(
                "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 100 kB\nCached: 300 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n");
        assertEquals(0.5, old.ramUsed(), 1e-12, "no MemAvailable: free + buffers + cached");
        assertEquals(0.0, old.swapUsed(), "no swap at all");
        assertThrows(IllegalArgumentException.class, () -> MemoryUsage.MemInfo.parse("MemFree: 1 kB\n"));
    }

    @Test
    void loadAverages() {
        assertEquals(Map.of("load_1", 0.63, "load_5", 1.25, "load_15", 2.5), new LoadAverage(FIXTURES).values());
        assertThrows(IllegalArgumentException.class, () -> LoadAverage.parse("0.1 0.2"));
        assertThrows(IllegalArgumentException.class, () -> LoadAverage.parse("a b c 1/2 3"));
    }

    @Test
    void networkTotalsExcludeLoopbackAndRatesComeFromTheSecondReading() {
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        NetworkTraffic network = new NetworkTraffic(FIXTURES, nanos::get);
        Map<String, Double> first = network.values();
        // eth0 + wlan0 ("wlan0:1000000000000" has no space after the colon, as the kernel writes big counters).
        assertEquals(Map.of("rx_bytes", 1_000_062_954_163.0, "tx_bytes", 384_403.0), first);
        nanos.addAndGet(2_000_000_000L);
        Map<String, Double> second = network.values();
        assertEquals(0.0, second.get("rx_bytes_per_second"), "same counters two seconds later");
        assertEquals(0.0, second.get("tx_bytes_per_second"));

        // Only loopback: nothing counted.
        assertEquals(new NetworkTraffic.Totals(0, 0), NetworkTraffic.Totals.parse(
                "Inter-|   Receive |  Transmit\n face |bytes packets|bytes\n    lo: 5 1 0 0 0 0 0 0 5 1 0 0 0 0 0 0\n"));
    }

    @Test
    void diskMountsAreChosenDedupedAndLabelled() {
        List<DiskUsage.Mount> mounts = DiskUsage.parseMounts(FIXTURES.read("self/mounts"));
        assertEquals(new DiskUsage.Mount("/dev/vdc", "/srv/my data", "xfs"), mounts.get(7), "octal escapes undone");
        Map<String, String> chosen = DiskUsage.chosen(mounts);
        // Pseudo filesystems, the second mount of /dev/vda and a container overlay are left out.
        assertEquals(Map.of("root", "/", "boot_efi", "/boot/efi", "mnt_nfs", "/mnt/nfs", "srv_my_data", "/srv/my data",
                "srv_my_data_2", "/srv/my_data"), chosen);
        assertEquals(List.of("root", "boot_efi", "mnt_nfs", "srv_my_data", "srv_my_data_2"), List.copyOf(chosen.keySet()));
        assertEquals("root", DiskUsage.label("/"));
        assertEquals("var_lib_docker", DiskUsage.label("/var/lib/docker/"));
        assertEquals("a_b_c", DiskUsage.label("/a-b:c"));
        assertEquals("back\\slash", DiskUsage.unescape("back\\134slash"));
        assertEquals("not\\08escape", DiskUsage.unescape("not\\08escape"));
        // A container's root is an overlay: it counts.
        assertEquals(Map.of("root", "/"), DiskUsage.chosen(DiskUsage.parseMounts("overlay / overlay rw 0 0\n")));
    }

    @Test
    void theRealProcOfThisMachineReads() {
        ProcFs proc = ProcFs.system();
        double cpu = new CpuUsage(proc).used();
        assertTrue(cpu >= 0 && cpu <= 1, "cpu_used " + cpu);
        MemoryUsage memory = new MemoryUsage(proc);
        assertTrue(memory.ramUsed() > 0 && memory.ramUsed() < 1, "ram_used " + memory.ramUsed());
        assertTrue(memory.swapUsed() >= 0 && memory.swapUsed() <= 1);
        Map<String, Double> load = new LoadAverage(proc).values();
        assertEquals(3, load.size());
        assertTrue(load.values().stream().allMatch(value -> value >= 0));
        Map<String, Double> network = new NetworkTraffic(proc).values();
        assertTrue(network.get("rx_bytes") >= 0 && network.get("tx_bytes") >= 0, network.toString());
        Map<String, Double> disks = new DiskUsage(proc).values();
        assertTrue(disks.containsKey("disk_root_used"), "the root filesystem is measured: " + disks);
        assertTrue(disks.values().stream().allMatch(value -> value >= 0 && value <= 1), disks.toString());
    }
}
