package dev.nnet.codegen.ptx.sim;

/**
 * The read-only special registers a compute kernel uses. Each is constant for a thread, so the decoder gives it a
 * slot that {@link ThreadState} fills once when the thread is made.
 */
final class SpecialRegisters {
    private SpecialRegisters() {
    }

    enum Kind {
        TID_X("%tid.x"), TID_Y("%tid.y"), TID_Z("%tid.z"), NTID_X("%ntid.x"), NTID_Y("%ntid.y"), NTID_Z("%ntid.z"),
        CTAID_X("%ctaid.x"), CTAID_Y("%ctaid.y"), CTAID_Z("%ctaid.z"), NCTAID_X("%nctaid.x"), NCTAID_Y("%nctaid.y"),
        NCTAID_Z("%nctaid.z"), LANEID("%laneid"), WARPID("%warpid"), NWARPID("%nwarpid"), WARP_SZ("WARP_SZ");

        final String spelling;

        Kind(String spelling) {
            this.spelling = spelling;
        }

        long value(ThreadState t) {
            LaunchState l = t.launch;
            return switch (this) {
                case TID_X -> t.tidX;
                case TID_Y -> t.tidY;
                case TID_Z -> t.tidZ;
                case NTID_X -> l.block.x();
                case NTID_Y -> l.block.y();
                case NTID_Z -> l.block.z();
                case CTAID_X -> l.ctaX;
                case CTAID_Y -> l.ctaY;
                case CTAID_Z -> l.ctaZ;
                case NCTAID_X -> l.grid.x();
                case NCTAID_Y -> l.grid.y();
                case NCTAID_Z -> l.grid.z();
                case LANEID -> t.lane();
                case WARPID -> t.linear >>> 5;
                case NWARPID -> (l.block.count() + 31) / 32;
                case WARP_SZ -> 32;
            };
        }
    }

    static Kind lookup(String name) {
        for (Kind kind : Kind.values()) {
            if (kind.spelling.equals(name)) {
                return kind;
            }
        }
        return null;
    }
}
