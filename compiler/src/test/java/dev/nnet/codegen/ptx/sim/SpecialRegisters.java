package dev.nnet.codegen.ptx.sim;

import dev.nnet.codegen.ptx.sim.Instr.Src;

/** The read-only special registers a compute kernel uses: %tid, %ntid, %ctaid, %nctaid, %laneid, %warpid. */
final class SpecialRegisters {
    private SpecialRegisters() {
    }

    static Src lookup(String name) {
        return switch (name) {
            case "%tid.x" -> t -> t.tidX;
            case "%tid.y" -> t -> t.tidY;
            case "%tid.z" -> t -> t.tidZ;
            case "%ntid.x" -> t -> t.launch.block.x();
            case "%ntid.y" -> t -> t.launch.block.y();
            case "%ntid.z" -> t -> t.launch.block.z();
            case "%ctaid.x" -> t -> t.launch.ctaX;
            case "%ctaid.y" -> t -> t.launch.ctaY;
            case "%ctaid.z" -> t -> t.launch.ctaZ;
            case "%nctaid.x" -> t -> t.launch.grid.x();
            case "%nctaid.y" -> t -> t.launch.grid.y();
            case "%nctaid.z" -> t -> t.launch.grid.z();
            case "%laneid" -> t -> t.lane();
            case "%warpid" -> t -> t.linear >>> 5;
            case "%nwarpid" -> t -> (t.launch.block.count() + 31) / 32;
            case "WARP_SZ" -> t -> 32;
            default -> null;
        };
    }
}
