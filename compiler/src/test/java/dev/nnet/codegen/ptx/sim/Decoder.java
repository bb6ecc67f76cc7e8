package dev.nnet.codegen.ptx.sim;

import dev.nnet.codegen.ptx.sim.PtxAst.FloatLiteral;
import dev.nnet.codegen.ptx.sim.PtxAst.Instruction;
import dev.nnet.codegen.ptx.sim.PtxAst.IntLiteral;
import dev.nnet.codegen.ptx.sim.PtxAst.Label;
import dev.nnet.codegen.ptx.sim.PtxAst.Name;
import dev.nnet.codegen.ptx.sim.PtxAst.Negated;
import dev.nnet.codegen.ptx.sim.PtxAst.Operand;
import dev.nnet.codegen.ptx.sim.PtxAst.Sink;
import dev.nnet.codegen.ptx.sim.PtxAst.Statement;
import dev.nnet.codegen.ptx.sim.PtxAst.SymbolOffset;
import dev.nnet.codegen.ptx.sim.PtxAst.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a parsed kernel into {@link Kernel}: registers numbered, labels bound to instruction indices, variables laid
 * out, each instruction decoded into a closure by its family ({@link IntegerOps}, {@link FloatOps},
 * {@link CompareOps}, {@link ConvertOps}, {@link MemoryOps}, {@link ControlOps}).
 */
final class Decoder {
    final Map<String, Integer> registers = new HashMap<>();
    final List<PtxType> registerTypes = new ArrayList<>();
    /** Every slot of a thread's register file: declared registers, then constants and special registers. */
    private final List<String> slotNames = new ArrayList<>();
    private final List<Long> slotValues = new ArrayList<>();
    private final Map<Long, Integer> constants = new HashMap<>();
    private final Map<SpecialRegisters.Kind, Integer> specials = new java.util.EnumMap<>(SpecialRegisters.Kind.class);
    private int declared;
    final Map<String, Integer> labels = new HashMap<>();
    final Map<String, Long> shared = new HashMap<>();
    final Map<String, Long> local = new HashMap<>();
    final Map<String, Kernel.Param> params = new HashMap<>();
    private final String kernelName;
    Instruction current;
    Opcode opcode;

    private Decoder(String kernelName) {
        this.kernelName = kernelName;
    }

    static Kernel decode(PtxAst.Kernel source, List<Variable> moduleShared) {
        Decoder decoder = new Decoder(source.name());
        source.registers().forEach((name, type) -> {
            decoder.registers.put(name, decoder.slotNames.size());
            decoder.registerTypes.add(type);
            decoder.slotNames.add(name);
            decoder.slotValues.add(0L);
        });
        decoder.declared = decoder.slotNames.size();
        List<Kernel.Param> params = new ArrayList<>();
        int paramBytes = 0;
        for (PtxAst.Param p : source.params()) {
            int size = p.type().bytes();
            paramBytes = (paramBytes + size - 1) / size * size;
            Kernel.Param param = new Kernel.Param(p.name(), p.type(), paramBytes);
            params.add(param);
            decoder.params.put(p.name(), param);
            paramBytes += size;
        }
        List<Variable> sharedVariables = new ArrayList<>(moduleShared);
        sharedVariables.addAll(source.shared());
        long sharedBytes = layout(sharedVariables, decoder.shared);
        long dynamicOffset = (sharedBytes + 15) & ~15L;
        for (Variable v : sharedVariables) {
            if (v.dynamic()) {
                decoder.shared.put(v.name(), dynamicOffset);
            }
        }
        long localBytes = layout(source.local(), decoder.local);
        int pc = 0;
        for (Statement s : source.body()) {
            if (s instanceof Label label) {
                decoder.labels.put(label.name(), pc);
            } else {
                pc++;
            }
        }
        List<Instr> code = new ArrayList<>();
        for (Statement s : source.body()) {
            if (s instanceof Instruction instruction) {
                code.add(decoder.instruction(instruction));
            }
        }
        return new Kernel(source.name(), List.copyOf(params), code.toArray(Instr[]::new),
                decoder.slotNames.toArray(String[]::new), decoder.initialRegisters(), decoder.initiallyDefined(),
                decoder.specials.values().stream().mapToInt(Integer::intValue).toArray(),
                decoder.specials.keySet().toArray(SpecialRegisters.Kind[]::new), sharedBytes, dynamicOffset, localBytes,
                paramBytes);
    }

    private long[] initialRegisters() {
        return slotValues.stream().mapToLong(Long::longValue).toArray();
    }

    /** Constants and special registers count as written; declared registers wait for their first write. */
    private boolean[] initiallyDefined() {
        boolean[] defined = new boolean[slotNames.size()];
        java.util.Arrays.fill(defined, declared, defined.length, true);
        return defined;
    }

    private static long layout(List<Variable> variables, Map<String, Long> offsets) {
        long end = 0;
        for (Variable v : variables) {
            if (!v.dynamic()) {
                end = (end + v.align() - 1) / v.align() * v.align();
                offsets.put(v.name(), end);
                end += v.bytes();
            }
        }
        return end;
    }

    private Instr instruction(Instruction in) {
        current = in;
        opcode = Opcode.parse(in.opcode());
        Instr instr = switch (opcode.name()) {
            case "add", "sub", "mul", "mad", "fma", "div", "rem", "min", "max", "abs", "neg", "copysign" ->
                    isFloat() ? FloatOps.arithmetic(this) : IntegerOps.arithmetic(this);
            case "and", "or", "xor", "not", "cnot", "shl", "shr", "popc", "clz", "brev" -> IntegerOps.bitwise(this);
            case "ex2", "lg2", "rcp", "sqrt", "rsqrt", "sin", "cos", "tanh" -> FloatOps.math(this);
            case "setp", "selp", "slct" -> CompareOps.decode(this);
            case "mov", "cvt", "cvta" -> ConvertOps.decode(this);
            case "ld", "st", "atom", "red" -> MemoryOps.decode(this);
            case "cp" -> AsyncCopyOps.decode(this);
            case "bra", "ret", "exit", "bar", "barrier", "membar", "fence", "shfl", "vote" -> ControlOps.decode(this);
            default -> throw error("instruction '" + opcode.name() + "' is not supported by the simulator");
        };
        if (in.guard() != null) {
            instr = instr.guarded(register(in.guard(), "guard predicate"), in.guardNegated());
        }
        return instr;
    }

    private boolean isFloat() {
        return !opcode.types().isEmpty() && opcode.types().get(opcode.types().size() - 1).isFloat();
    }

    /** The instruction's single type, or an error naming what is expected. */
    PtxType type() {
        if (opcode.types().size() != 1) {
            throw error(opcode.text() + " needs exactly one type suffix such as .f32 or .u32");
        }
        return opcode.types().get(0);
    }

    List<Operand> operands(int count) {
        List<Operand> operands = current.operands();
        if (operands.size() != count) {
            throw error(opcode.text() + " takes " + count + " operands, found " + operands.size());
        }
        return operands;
    }

    int line() {
        return current.line();
    }

    /** A destination register. */
    int dst(Operand operand) {
        if (operand instanceof Sink) {
            throw error("the sink _ cannot be the destination of " + opcode.text());
        }
        return dstOrSink(operand);
    }

    /** A destination register, or -1 for the sink {@code _} where PTX allows one (vector elements, shfl). */
    int dstOrSink(Operand operand) {
        if (operand instanceof Sink) {
            return -1;
        }
        if (operand instanceof Name name) {
            return register(name.name(), "destination");
        }
        throw error("the destination of " + opcode.text() + " must be a register");
    }

    int register(String name, String role) {
        Integer index = registers.get(name);
        if (index == null) {
            throw error("unknown register " + name + " (" + role + "); declare it with .reg");
        }
        return index;
    }

    PtxType registerType(int register) {
        return registerTypes.get(register);
    }

    /**
     * The slot a source operand is read from: a register, or a slot pre-filled with a constant (immediates,
     * variable addresses) or with a special register, so an instruction reads every operand the same way.
     */
    int src(Operand operand, PtxType type) {
        if (operand instanceof Name n) {
            Integer index = registers.get(n.name());
            if (index != null) {
                return index;
            }
            SpecialRegisters.Kind special = SpecialRegisters.lookup(n.name());
            if (special != null) {
                return specials.computeIfAbsent(special, k -> slot(k.spelling, 0L));
            }
            Long address = variableAddress(n.name());
            if (address != null) {
                return constant(address);
            }
            throw error("unknown register or variable '" + n.name() + "'");
        }
        if (operand instanceof SymbolOffset s) {
            Long address = variableAddress(s.name());
            if (address == null) {
                throw error("unknown variable '" + s.name() + "'");
            }
            return constant(address + s.offset());
        }
        if (operand instanceof IntLiteral i) {
            return constant(type == PtxType.F32 ? Bits.of((float) i.value())
                    : type == PtxType.F64 ? Bits.of((double) i.value()) : type.normalize(i.value()));
        }
        if (operand instanceof FloatLiteral f) {
            if (!type.isFloat()) {
                throw error("float literal " + f.value() + " where " + opcode.text() + " needs an integer");
            }
            return constant(type == PtxType.F32 ? Bits.of((float) f.value()) : Bits.of(f.value()));
        }
        if (operand instanceof Negated) {
            throw error("a negated predicate cannot be an operand of " + opcode.text());
        }
        throw error("operand " + operand + " cannot be read by " + opcode.text());
    }

    /** A predicate source: its slot, or the complement {@code ~slot} for {@code !%p} (see ThreadState.pred). */
    int pred(Operand operand) {
        if (operand instanceof Negated n) {
            return ~register(n.name(), "predicate");
        }
        return src(operand, PtxType.PRED);
    }

    private int constant(long bits) {
        return constants.computeIfAbsent(bits, b -> slot("constant 0x" + Long.toHexString(b), b));
    }

    private int slot(String name, long value) {
        slotNames.add(name);
        slotValues.add(value);
        return slotNames.size() - 1;
    }

    private Long variableAddress(String name) {
        Long offset = shared.get(name);
        return offset != null ? offset : local.get(name);
    }

    SimException error(String message) {
        return new SimException("PTX line " + current.line() + " (kernel " + kernelName + "): " + message);
    }
}
