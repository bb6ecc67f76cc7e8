package dev.nnet.codegen.ptx.sim;

import java.util.List;
import java.util.Map;

/** PTX as parsed: names unresolved, nothing decoded yet. The decoder turns a {@link Kernel} into runnable code once. */
final class PtxAst {
    private PtxAst() {
    }

    sealed interface Operand {
    }

    /** A register, special register, label or variable, resolved by the decoder. */
    record Name(String name) implements Operand {
    }

    /** {@code !%p}: a negated predicate source. */
    record Negated(String name) implements Operand {
    }

    record IntLiteral(long value) implements Operand {
    }

    /** {@code 0f3F800000}, {@code 0d...} or a decimal like {@code 1.5}; its value fits a double exactly. */
    record FloatLiteral(double value) implements Operand {
    }

    /** {@code [base+offset]}; base is null for an absolute address. */
    record Address(String base, long offset) implements Operand {
    }

    /** {@code smem+16} outside brackets: a variable's address plus bytes. */
    record SymbolOffset(String name, long offset) implements Operand {
    }

    record Vector(List<Operand> elements) implements Operand {
    }

    /** {@code %p|%q}: setp's and shfl's second destination. */
    record Pair(String first, String second) implements Operand {
    }

    /** {@code _}: a result nobody reads. */
    record Sink() implements Operand {
    }

    sealed interface Statement {
        int line();
    }

    record Label(String name, int line) implements Statement {
    }

    /** One instruction; guard is null when unguarded. */
    record Instruction(int line, String guard, boolean guardNegated, String opcode, List<Operand> operands)
            implements Statement {
    }

    record Param(String name, PtxType type, int line) {
    }

    /** A {@code .shared} or {@code .local} variable; dynamic is {@code .extern .shared name[]}, sized at launch. */
    record Variable(String name, int align, long bytes, boolean dynamic, int line) {
    }

    record Kernel(String name, int line, List<Param> params, Map<String, PtxType> registers, List<Variable> shared,
                  List<Variable> local, List<Statement> body) {
    }

    record Module(List<Kernel> kernels, List<Variable> moduleShared) {
    }
}
