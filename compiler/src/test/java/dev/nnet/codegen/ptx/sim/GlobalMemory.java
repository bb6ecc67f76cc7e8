package dev.nnet.codegen.ptx.sim;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The global address space of one launch: the allocations behind the buffers passed as arguments. */
final class GlobalMemory {
    private final NavigableMap<Long, ByteSpace> allocations = new TreeMap<>();
    private ByteSpace last;

    void add(ByteSpace allocation) {
        allocations.put(allocation.base, allocation);
    }

    ByteSpace resolve(long address, int size) {
        ByteSpace hit = last;
        if (hit != null && hit.contains(address)) {
            return hit;
        }
        Map.Entry<Long, ByteSpace> below = allocations.floorEntry(address);
        if (below != null && below.getValue().contains(address)) {
            last = below.getValue();
            return last;
        }
        if (below != null) {
            return below.getValue(); // the access overlaps its end or lies past it; the space reports which
        }
        Map.Entry<Long, ByteSpace> above = allocations.ceilingEntry(address);
        if (above != null && address >= above.getKey() - 4096) {
            return above.getValue(); // just before a buffer: reported as bytes before its start
        }
        throw new SimFault("global address 0x" + Long.toHexString(address) + " (" + size
                + " bytes) lies in no buffer passed to this launch"
                + (address < 0x10000 ? "; it looks like a null or small integer used as a pointer" : ""));
    }
}
