package dev.nnet.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Bytes allocated by every live thread of this JVM over an interval cut into windows, from HotSpot's per-thread
 * allocation counters ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}). Summing over all threads,
 * not just the caller, is what catches allocation inside the kernel pool's workers.
 *
 * <p>{@link #start} and {@link #stop} read every counter with the array form of the call; {@link #mark} (a window
 * boundary, called inside the timed loop) reads them one thread at a time into preallocated arrays, which allocates
 * nothing once warm. The meter's own bookkeeping still lands on the caller's counter (the {@code long[]} that
 * {@code stop} asks the bean for is allocated before the counters are read): {@link #overhead} measures it on an
 * empty interval, so a caller can subtract it.
 */
final class AllocationMeter {
    /**
     * What one interval allocated, and how the set of threads changed during it.
     *
     * @param bytes           everything allocated in the interval, by all threads
     * @param bytesPerWindow  bytes allocated between consecutive {@link #mark}s by the threads alive at the start
     * @param byThread        bytes per thread name, for the threads that allocated anything
     */
    record Interval(long bytes, long[] bytesPerWindow, int threads, int threadsStarted, int threadsEnded,
                    Map<String, Long> byThread) {
    }

    private final com.sun.management.ThreadMXBean threads;
    private long[] ids;
    private long[] before;
    private long[] marks;
    private int marked;

    AllocationMeter() {
        if (!(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean)
                || !bean.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("this JVM does not count allocated bytes per thread; run the benchmark on "
                    + "HotSpot (OpenJDK), whose com.sun.management.ThreadMXBean does");
        }
        bean.setThreadAllocatedMemoryEnabled(true);
        this.threads = bean;
    }

    /** Snapshots every live thread's counter; {@code windows} marks may follow before {@link #stop}. */
    void start(int windows) {
        ids = threads.getAllThreadIds();
        marks = new long[windows + 1];
        marked = 0;
        before = threads.getThreadAllocatedBytes(ids);
        mark();
    }

    /** Ends a window: the sum of the counters of the threads alive at {@link #start}. Allocates nothing once warm. */
    void mark() {
        long sum = 0;
        for (long id : ids) {
            long b = threads.getThreadAllocatedBytes(id);
            if (b > 0) {
                sum += b;
            }
        }
        marks[marked++] = sum;
    }

    /** Bytes allocated since {@link #start} by the threads alive then, plus everything allocated by threads born since. */
    Interval stop() {
        long[] after = threads.getThreadAllocatedBytes(ids);
        long bytes = 0;
        int ended = 0;
        Map<String, Long> byThread = new LinkedHashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (before[i] < 0) {
                continue;
            }
            if (after[i] < 0) {
                ended++; // died during the interval: what it allocated since start is lost with it
            } else if (after[i] > before[i]) {
                bytes += after[i] - before[i];
                byThread.merge(name(ids[i]), after[i] - before[i], Long::sum);
            }
        }
        long[] known = ids.clone();
        Arrays.sort(known);
        int started = 0;
        for (long id : threads.getAllThreadIds()) {
            if (Arrays.binarySearch(known, id) < 0) {
                long b = threads.getThreadAllocatedBytes(id);
                if (b > 0) {
                    bytes += b;
                    byThread.merge(name(id), b, Long::sum);
                }
                started++;
            }
        }
        long[] perWindow = new long[Math.max(0, marked - 1)];
        for (int w = 0; w < perWindow.length; w++) {
            perWindow[w] = marks[w + 1] - marks[w];
        }
        return new Interval(bytes, perWindow, ids.length, started, ended, byThread);
    }

    /**
     * What an empty interval measures: the meter's own allocation, to subtract from real intervals. Runs the
     * meter a few times first, so its own code is loaded and linked before it is measured.
     */
    long overhead() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 20; i++) {
            start(1);
            mark();
            least = Math.min(least, stop().bytes());
        }
        return least;
    }

    private String name(long id) {
        ThreadInfo info = threads.getThreadInfo(id);
        return info == null ? "thread " + id : info.getThreadName();
    }
}
