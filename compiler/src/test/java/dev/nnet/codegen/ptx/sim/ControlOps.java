package dev.nnet.codegen.ptx.sim;

import dev.nnet.codegen.ptx.sim.Instr.Kind;
import dev.nnet.codegen.ptx.sim.Instr.WarpOp;
import dev.nnet.codegen.ptx.sim.PtxAst.Name;
import dev.nnet.codegen.ptx.sim.PtxAst.Operand;
import dev.nnet.codegen.ptx.sim.PtxAst.Pair;
import java.util.List;

/** Branches, exits, block barriers, warp collectives (shfl.sync, bar.warp.sync) and fences (no-ops here). */
final class ControlOps {
    private ControlOps() {
    }

    static Instr decode(Decoder d) {
        return switch (d.opcode.name()) {
            case "bra" -> branch(d);
            case "ret", "exit" -> {
                d.operands(0);
                yield new Instr(d.line(), -1, false, Kind.EXIT, null, null, -1);
            }
            case "membar", "fence" -> Instr.normal(d.line(), t -> { });
            case "shfl" -> shuffle(d);
            case "vote" -> vote(d);
            default -> barrier(d);
        };
    }

    private static Instr branch(Decoder d) {
        List<Operand> ops = d.operands(1);
        if (!(ops.get(0) instanceof Name label) || !d.labels.containsKey(label.name())) {
            throw d.error("bra needs a label defined in this kernel, found " + ops.get(0));
        }
        int target = d.labels.get(label.name());
        return Instr.normal(d.line(), t -> t.pc = target);
    }

    private static Instr barrier(Decoder d) {
        if (d.opcode.has("warp")) {
            int mask = d.src(d.operands(1).get(0), PtxType.B32);
            return warp(d, new WarpOp() {
                @Override
                public long mask(ThreadState thread) {
                    return thread.get(mask);
                }

                @Override
                public void run(ThreadState[] lanes) {
                }
            });
        }
        if (!d.opcode.has("sync")) {
            throw d.error(d.opcode.text() + " is not supported; the simulator runs bar.sync and barrier.sync");
        }
        List<Operand> ops = d.current.operands();
        if (ops.isEmpty() || ops.size() > 2) {
            throw d.error(d.opcode.text() + " takes a barrier number and an optional thread count");
        }
        d.src(ops.get(0), PtxType.U32);
        int count = ops.size() == 2 ? d.src(ops.get(1), PtxType.U32) : -1;
        return new Instr(d.line(), -1, false, Kind.BARRIER, null, null, count);
    }

    private static Instr warp(Decoder d, WarpOp op) {
        return new Instr(d.line(), -1, false, Kind.WARP, null, op, -1);
    }

    /** vote.sync.{all,any,uni}.pred d, [!]a, membermask and vote.sync.ballot.b32 d, [!]a, membermask. */
    private static Instr vote(Decoder d) {
        String mode = d.opcode.oneOf("all", "any", "uni", "ballot");
        if (mode == null || !d.opcode.has("sync")) {
            throw d.error("vote needs .sync and a mode (.all, .any, .uni, .ballot), as in vote.sync.ballot.b32");
        }
        List<Operand> ops = d.operands(3);
        int dst = d.dst(ops.get(0));
        int a = d.pred(ops.get(1));
        int mask = d.src(ops.get(2), PtxType.B32);
        return warp(d, new WarpOp() {
            @Override
            public long mask(ThreadState thread) {
                return thread.get(mask);
            }

            @Override
            public void run(ThreadState[] lanes) {
                long ballot = 0;
                int members = 0;
                for (int lane = 0; lane < 32; lane++) {
                    if (lanes[lane] != null) {
                        members++;
                        ballot |= lanes[lane].pred(a) << lane;
                    }
                }
                int votes = Long.bitCount(ballot);
                long result = switch (mode) {
                    case "all" -> votes == members ? 1 : 0;
                    case "any" -> votes > 0 ? 1 : 0;
                    case "uni" -> votes == 0 || votes == members ? 1 : 0;
                    default -> ballot;
                };
                for (ThreadState t : lanes) {
                    if (t != null) {
                        t.set(dst, result);
                    }
                }
            }
        });
    }

    /** shfl.sync.mode.b32 d[|p], a, b, c, membermask, following the PTX ISA's pseudo-code for each mode. */
    private static Instr shuffle(Decoder d) {
        String mode = d.opcode.oneOf("up", "down", "bfly", "idx");
        if (mode == null || !d.opcode.has("sync")) {
            throw d.error("shfl needs .sync and a mode (.up, .down, .bfly, .idx), as in shfl.sync.bfly.b32");
        }
        PtxType type = d.type();
        List<Operand> ops = d.operands(5);
        int dst;
        int pred = -1;
        if (ops.get(0) instanceof Pair pair) {
            dst = d.register(pair.first(), "destination");
            pred = d.register(pair.second(), "predicate destination");
        } else {
            dst = d.dstOrSink(ops.get(0));
        }
        int predicate = pred;
        int a = d.src(ops.get(1), type);
        int b = d.src(ops.get(2), PtxType.U32);
        int c = d.src(ops.get(3), PtxType.U32);
        int mask = d.src(ops.get(4), PtxType.B32);
        return warp(d, new WarpOp() {
            @Override
            public long mask(ThreadState thread) {
                return thread.get(mask);
            }

            @Override
            public void run(ThreadState[] lanes) {
                long[] values = new long[32];
                for (int i = 0; i < 32; i++) {
                    if (lanes[i] != null) {
                        values[i] = lanes[i].get(a);
                    }
                }
                for (int lane = 0; lane < 32; lane++) {
                    ThreadState t = lanes[lane];
                    if (t == null) {
                        continue;
                    }
                    int bval = (int) (t.get(b) & 31);
                    long cbits = t.get(c);
                    int clamp = (int) (cbits & 31);
                    int segmask = (int) ((cbits >> 8) & 31);
                    int maxLane = (lane & segmask) | (clamp & ~segmask);
                    int minLane = lane & segmask;
                    int j;
                    boolean inRange;
                    switch (mode) {
                        case "up" -> {
                            j = lane - bval;
                            inRange = j >= maxLane;
                        }
                        case "down" -> {
                            j = lane + bval;
                            inRange = j <= maxLane;
                        }
                        case "bfly" -> {
                            j = lane ^ bval;
                            inRange = j <= maxLane;
                        }
                        default -> {
                            j = minLane | (bval & ~segmask);
                            inRange = j <= maxLane;
                        }
                    }
                    if (!inRange) {
                        j = lane;
                    }
                    if (lanes[j] == null) {
                        throw new SimFault("shfl.sync: lane " + lane + " reads lane " + j
                                + ", which is not in the member mask or does not exist", lane);
                    }
                    if (dst >= 0) {
                        t.set(dst, values[j]);
                    }
                    if (predicate >= 0) {
                        t.set(predicate, inRange ? 1 : 0);
                    }
                }
            }
        });
    }
}
