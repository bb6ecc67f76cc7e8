package dev.nnet.codegen.ptx.sim;

import dev.nnet.codegen.ptx.sim.PtxAst.Operand;
import dev.nnet.codegen.ptx.sim.PtxAst.Vector;
import java.util.List;

/**
 * ld, st, atom and red in the global, shared, local, param and generic spaces; .v2/.v4 vectors; [reg+imm] and
 * [variable+imm] addresses. Accesses must be aligned to their whole size, as the hardware requires. Cache and
 * memory-order modifiers (.nc, .ca, .volatile, .relaxed.gpu, ...) change nothing: threads run one at a time.
 */
final class MemoryOps {
    private MemoryOps() {
    }

    enum Space { GLOBAL, SHARED, LOCAL, PARAM, GENERIC }

    interface Update {
        long apply(long old, long b, long c);
    }

    /** An address operand: a slot plus a constant offset (slot -1 for an absolute or parameter address). */
    record Address(int slot, long offset) {
        long of(ThreadState t) {
            return slot < 0 ? offset : t.get(slot) + offset;
        }
    }

    static Instr decode(Decoder d) {
        Space space = space(d);
        return switch (d.opcode.name()) {
            case "ld" -> load(d, space);
            case "st" -> store(d, space);
            default -> atomic(d, space);
        };
    }

    private static Space space(Decoder d) {
        if (d.opcode.has("const") || d.opcode.has("tex")) {
            throw d.error("the ." + d.opcode.oneOf("const", "tex") + " space is not supported by the simulator");
        }
        String name = d.opcode.oneOf("global", "shared", "local", "param");
        return name == null ? Space.GENERIC : Space.valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    private static int vectorLength(Decoder d) {
        String vector = d.opcode.oneOf("v2", "v4", "v8");
        return vector == null ? 1 : Integer.parseInt(vector.substring(1));
    }

    private static Instr load(Decoder d, Space space) {
        PtxType type = d.type();
        int lanes = vectorLength(d);
        List<Operand> ops = d.operands(2);
        int[] dsts = destinations(d, ops.get(0), lanes);
        Address address = address(d, ops.get(1), space);
        int size = type.bytes();
        PtxType[] registers = new PtxType[lanes];
        for (int i = 0; i < lanes; i++) {
            registers[i] = dsts[i] >= 0 ? d.registerType(dsts[i]) : type;
        }
        if (lanes == 1 && dsts[0] >= 0 && (registers[0].bits == type.bits || type.isFloat())) {
            int dst = dsts[0];
            return Instr.normal(d.line(), t -> {
                long a = address.of(t);
                checkAlignment(a, size);
                t.set(dst, read(t, space, a, size));
            });
        }
        return Instr.normal(d.line(), t -> {
            long a = address.of(t);
            checkAlignment(a, size * lanes);
            for (int i = 0; i < lanes; i++) {
                long bits = read(t, space, a + (long) i * size, size);
                if (dsts[i] >= 0) {
                    t.set(dsts[i], registers[i].bits > type.bits && !type.isFloat()
                            ? registers[i].normalize(type.integer(bits)) : bits);
                }
            }
        });
    }

    private static Instr store(Decoder d, Space space) {
        PtxType type = d.type();
        int lanes = vectorLength(d);
        List<Operand> ops = d.operands(2);
        Address address = address(d, ops.get(0), space);
        int[] values = new int[lanes];
        if (lanes == 1) {
            values[0] = d.src(ops.get(1), type);
        } else if (ops.get(1) instanceof Vector v && v.elements().size() == lanes) {
            for (int i = 0; i < lanes; i++) {
                values[i] = d.src(v.elements().get(i), type);
            }
        } else {
            throw d.error(d.opcode.text() + " stores a vector of " + lanes + " registers, as {%f1, %f2, ...}");
        }
        int size = type.bytes();
        return Instr.normal(d.line(), t -> {
            long a = address.of(t);
            checkAlignment(a, size * lanes);
            for (int i = 0; i < lanes; i++) {
                write(t, space, a + (long) i * size, size, t.get(values[i]));
            }
        });
    }

    /** atom returns the old value in d; red has no d. cas takes a compare and a new value. */
    private static Instr atomic(Decoder d, Space space) {
        if (space == Space.PARAM || space == Space.LOCAL) {
            throw d.error("atomics work on global or shared memory only");
        }
        PtxType type = d.type();
        boolean reduction = d.opcode.name().equals("red");
        String op = d.opcode.oneOf("add", "min", "max", "inc", "dec", "and", "or", "xor", "exch", "cas");
        if (op == null || reduction && (op.equals("exch") || op.equals("cas"))) {
            throw d.error("unsupported atomic operation in " + d.opcode.text());
        }
        Update update = update(d, op, type);
        int arity = op.equals("cas") ? 2 : 1;
        List<Operand> ops = d.operands((reduction ? 1 : 2) + arity);
        int first = reduction ? 0 : 1;
        int dst = reduction ? -1 : d.dst(ops.get(0));
        Address address = address(d, ops.get(first), space);
        int b = d.src(ops.get(first + 1), type);
        int c = arity == 2 ? d.src(ops.get(first + 2), type) : b;
        int size = type.bytes();
        return Instr.normal(d.line(), t -> {
            long a = address.of(t);
            checkAlignment(a, size);
            long old = read(t, space, a, size);
            write(t, space, a, size, type.normalize(update.apply(old, t.get(b), t.get(c))));
            if (dst >= 0) {
                t.set(dst, old);
            }
        });
    }

    private static Update update(Decoder d, String op, PtxType type) {
        boolean f32 = type == PtxType.F32;
        if (type.isFloat()) {
            return switch (op) {
                case "add" -> f32 ? (o, b, c) -> Bits.of(Bits.f32(o) + Bits.f32(b))
                        : (o, b, c) -> Bits.of(Bits.f64(o) + Bits.f64(b));
                case "min" -> f32 ? (o, b, c) -> Bits.of(Bits.min(Bits.f32(o), Bits.f32(b)))
                        : (o, b, c) -> Bits.of(Bits.min(Bits.f64(o), Bits.f64(b)));
                case "max" -> f32 ? (o, b, c) -> Bits.of(Bits.max(Bits.f32(o), Bits.f32(b)))
                        : (o, b, c) -> Bits.of(Bits.max(Bits.f64(o), Bits.f64(b)));
                case "exch" -> (o, b, c) -> b;
                default -> throw d.error("atomic " + op + " has no " + type + " form");
            };
        }
        boolean signed = type.isSigned();
        return switch (op) {
            case "add" -> (o, b, c) -> o + b;
            case "min" -> signed ? (o, b, c) -> Math.min(type.integer(o), type.integer(b))
                    : (o, b, c) -> Long.compareUnsigned(o, b) <= 0 ? o : b;
            case "max" -> signed ? (o, b, c) -> Math.max(type.integer(o), type.integer(b))
                    : (o, b, c) -> Long.compareUnsigned(o, b) >= 0 ? o : b;
            case "inc" -> (o, b, c) -> Long.compareUnsigned(o, b) >= 0 ? 0 : o + 1;
            case "dec" -> (o, b, c) -> o == 0 || Long.compareUnsigned(o, b) > 0 ? b : o - 1;
            case "and" -> (o, b, c) -> o & b;
            case "or" -> (o, b, c) -> o | b;
            case "xor" -> (o, b, c) -> o ^ b;
            case "exch" -> (o, b, c) -> b;
            default -> (o, b, c) -> o == b ? c : o;
        };
    }

    private static int[] destinations(Decoder d, Operand operand, int lanes) {
        if (lanes == 1) {
            return new int[] {d.dst(operand)};
        }
        if (operand instanceof Vector v && v.elements().size() == lanes) {
            return v.elements().stream().mapToInt(d::dstOrSink).toArray();
        }
        throw d.error(d.opcode.text() + " loads into a vector of " + lanes + " registers, as {%f1, %f2, ...}");
    }

    /** [reg+imm], [variable+imm], [param+imm] or [imm]; the result is an address in the instruction's space. */
    static Address address(Decoder d, Operand operand, Space space) {
        if (!(operand instanceof PtxAst.Address a)) {
            throw d.error(d.opcode.text() + " needs an address in brackets, as [%rd1+4]");
        }
        long offset = a.offset();
        if (a.base() == null) {
            return new Address(-1, offset);
        }
        Kernel.Param param = d.params.get(a.base());
        if (param != null) {
            if (space != Space.PARAM) {
                throw d.error("parameter " + a.base() + " is read with ld.param, not " + d.opcode.text());
            }
            return new Address(-1, param.offset() + offset);
        }
        if (space == Space.PARAM) {
            throw d.error("ld.param reads a kernel parameter by name; '" + a.base() + "' is not a parameter");
        }
        return new Address(d.src(new PtxAst.Name(a.base()), PtxType.U64), offset);
    }

    static void checkAlignment(long address, int size) {
        if ((address & (size - 1)) != 0) {
            throw new SimFault("misaligned address 0x" + Long.toHexString(address) + " for a " + size
                    + "-byte access");
        }
    }

    static long read(ThreadState t, Space space, long address, int size) {
        return switch (space) {
            case GLOBAL -> t.launch.global.resolve(address, size).load(address, size);
            case SHARED -> t.launch.shared.load(address, size);
            case LOCAL -> t.local().load(address, size);
            case PARAM -> t.launch.params.load(address, size);
            case GENERIC -> generic(t, address, size).load(unwindow(address), size);
        };
    }

    static void write(ThreadState t, Space space, long address, int size, long bits) {
        switch (space) {
            case GLOBAL -> t.launch.global.resolve(address, size).store(address, size, bits);
            case SHARED -> t.launch.shared.store(address, size, bits);
            case LOCAL -> t.local().store(address, size, bits);
            case PARAM -> throw new SimFault("kernel parameters are read-only");
            case GENERIC -> generic(t, address, size).store(unwindow(address), size, bits);
        }
    }

    private static boolean inWindow(long address, long window) {
        return address >= window && address < window + (1L << 32);
    }

    private static ByteSpace generic(ThreadState t, long address, int size) {
        if (inWindow(address, LaunchState.SHARED_WINDOW)) {
            return t.launch.shared;
        }
        return inWindow(address, LaunchState.LOCAL_WINDOW) ? t.local() : t.launch.global.resolve(address, size);
    }

    private static long unwindow(long address) {
        if (inWindow(address, LaunchState.SHARED_WINDOW)) {
            return address - LaunchState.SHARED_WINDOW;
        }
        return inWindow(address, LaunchState.LOCAL_WINDOW) ? address - LaunchState.LOCAL_WINDOW : address;
    }
}
