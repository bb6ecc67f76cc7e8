package dev.nnet.codegen.ptx.sim;

import dev.nnet.codegen.ptx.sim.PtxAst.Address;
import dev.nnet.codegen.ptx.sim.PtxAst.FloatLiteral;
import dev.nnet.codegen.ptx.sim.PtxAst.Instruction;
import dev.nnet.codegen.ptx.sim.PtxAst.IntLiteral;
import dev.nnet.codegen.ptx.sim.PtxAst.Kernel;
import dev.nnet.codegen.ptx.sim.PtxAst.Label;
import dev.nnet.codegen.ptx.sim.PtxAst.Module;
import dev.nnet.codegen.ptx.sim.PtxAst.Name;
import dev.nnet.codegen.ptx.sim.PtxAst.Negated;
import dev.nnet.codegen.ptx.sim.PtxAst.Operand;
import dev.nnet.codegen.ptx.sim.PtxAst.Pair;
import dev.nnet.codegen.ptx.sim.PtxAst.Param;
import dev.nnet.codegen.ptx.sim.PtxAst.Sink;
import dev.nnet.codegen.ptx.sim.PtxAst.Statement;
import dev.nnet.codegen.ptx.sim.PtxAst.SymbolOffset;
import dev.nnet.codegen.ptx.sim.PtxAst.Variable;
import dev.nnet.codegen.ptx.sim.PtxAst.Vector;
import dev.nnet.codegen.ptx.sim.PtxLexer.Kind;
import dev.nnet.codegen.ptx.sim.PtxLexer.Token;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Recursive descent over PTX tokens into {@link PtxAst}; every error names the PTX line. */
final class PtxParser {
    private static final int MAX_REGISTERS_PER_DECLARATION = 1 << 16;
    private static final long MAX_VARIABLE_BYTES = 1L << 30;

    private final List<Token> tokens;
    private int pos;

    private PtxParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Module parse(String ptx) {
        return new PtxParser(PtxLexer.tokenize(ptx)).module();
    }

    private Module module() {
        List<Kernel> kernels = new ArrayList<>();
        List<Variable> shared = new ArrayList<>();
        boolean sawVersion = false;
        while (peek().kind() != Kind.END) {
            Token t = next();
            switch (t.text()) {
                case ".version" -> {
                    sawVersion = true;
                    expectKind(Kind.NUMBER, "a version number like 8.0");
                }
                case ".target" -> {
                    expectKind(Kind.WORD, "a target like sm_80");
                    while (accept(",")) {
                        expectKind(Kind.WORD, "a target option");
                    }
                }
                case ".address_size" -> {
                    Token size = expectKind(Kind.NUMBER, "64");
                    if (!size.text().equals("64")) {
                        throw error(size, "only .address_size 64 is supported, found " + size.text());
                    }
                }
                case ".visible", ".weak" -> {
                    continue;
                }
                case ".extern" -> {
                    if (peek().is(".shared")) {
                        next();
                        shared.add(variable(true));
                    } else {
                        throw error(t, ".extern is supported only for dynamic shared memory (.extern .shared)");
                    }
                }
                case ".entry" -> kernels.add(kernel());
                case ".func" -> throw error(t, ".func is not supported by the simulator; inline the function");
                case ".shared" -> shared.add(variable(false));
                case ".file", ".section" -> skipStatement();
                default -> throw error(t, "expected a module directive (.version, .target, .entry, ...), found '"
                        + t.text() + "'");
            }
        }
        if (!sawVersion) {
            throw new SimException("PTX line 1: the module has no .version directive");
        }
        return new Module(kernels, shared);
    }

    private Kernel kernel() {
        Token name = expectKind(Kind.WORD, "the kernel name");
        List<Param> params = new ArrayList<>();
        if (accept("(")) {
            if (!accept(")")) {
                do {
                    params.add(param());
                } while (accept(","));
                expect(")");
            }
        }
        while (!peek().is("{")) {
            Token t = next();
            if (t.kind() == Kind.END || t.is(";")) {
                throw error(t, "expected '{' to open the body of kernel " + name.text());
            }
        }
        Map<String, PtxType> registers = new LinkedHashMap<>();
        List<Variable> shared = new ArrayList<>();
        List<Variable> local = new ArrayList<>();
        List<Statement> body = new ArrayList<>();
        next();
        int depth = 1;
        while (depth > 0) {
            Token t = peek();
            if (t.kind() == Kind.END) {
                throw error(t, "kernel " + name.text() + " has no closing '}'");
            } else if (accept("{")) {
                depth++;
            } else if (accept("}")) {
                depth--;
            } else if (t.is(".reg")) {
                next();
                registers(registers);
            } else if (t.is(".shared")) {
                next();
                shared.add(variable(false));
            } else if (t.is(".extern")) {
                next();
                expect(".shared");
                shared.add(variable(true));
            } else if (t.is(".local")) {
                next();
                local.add(variable(false));
            } else if (t.is(".pragma") || t.is(".loc") || t.is(".maxnreg")) {
                skipStatement();
            } else if (t.kind() == Kind.WORD && peekAt(1).is(":") && !t.text().startsWith(".")) {
                next();
                next();
                body.add(new Label(t.text(), t.line()));
            } else {
                body.add(instruction());
            }
        }
        return new Kernel(name.text(), name.line(), params, registers, shared, local, body);
    }

    private Param param() {
        Token start = expect(".param");
        PtxType type = null;
        while (peek().kind() == Kind.WORD && peek().text().startsWith(".")) {
            Token t = next();
            PtxType named = PtxType.named(t.text());
            if (named != null) {
                type = named;
            } else if (t.is(".align")) {
                expectKind(Kind.NUMBER, "an alignment");
            } else if (!t.is(".ptr") && !t.is(".global") && !t.is(".shared") && !t.is(".const")
                    && !t.is(".local")) {
                throw error(t, "unexpected '" + t.text() + "' in a kernel parameter");
            }
        }
        Token name = expectKind(Kind.WORD, "a parameter name");
        if (type == null || type == PtxType.PRED) {
            throw error(start, "parameter " + name.text() + " needs a scalar type such as .u64, .u32 or .f32");
        }
        if (peek().is("[")) {
            throw error(peek(), "array parameters (" + name.text() + "[...]) are not supported by the simulator");
        }
        return new Param(name.text(), type, name.line());
    }

    private void registers(Map<String, PtxType> registers) {
        Token typeToken = expectKind(Kind.WORD, "a register type such as .f32");
        PtxType type = PtxType.named(typeToken.text());
        if (type == null) {
            throw error(typeToken, "unsupported register type '" + typeToken.text() + "'");
        }
        do {
            Token name = expectKind(Kind.WORD, "a register name");
            if (accept("<")) {
                Token count = expectKind(Kind.NUMBER, "a register count");
                expect(">");
                long n = PtxNumbers.integer(count);
                if (n > MAX_REGISTERS_PER_DECLARATION) {
                    throw error(count, "declares " + n + " registers; the simulator takes at most "
                            + MAX_REGISTERS_PER_DECLARATION + " in one declaration");
                }
                for (long i = 0; i < n; i++) {
                    registers.put(name.text() + i, type);
                }
            } else {
                registers.put(name.text(), type);
            }
        } while (accept(","));
        expect(";");
    }

    /** {@code [.align N] .type name[n][m]...;} after .shared / .local; dynamic means {@code name[]}. */
    private Variable variable(boolean dynamic) {
        int align = 0;
        PtxType type = null;
        while (peek().kind() == Kind.WORD && peek().text().startsWith(".")) {
            Token t = next();
            if (t.is(".align")) {
                align = (int) PtxNumbers.integer(expectKind(Kind.NUMBER, "an alignment"));
            } else if ((type = PtxType.named(t.text())) == null) {
                throw error(t, "unexpected '" + t.text() + "' in a variable declaration");
            }
        }
        Token name = expectKind(Kind.WORD, "a variable name");
        if (type == null) {
            throw error(name, "variable " + name.text() + " needs a type such as .b8 or .f32");
        }
        long bytes = type.bytes();
        boolean unsized = false;
        while (accept("[")) {
            if (accept("]")) {
                unsized = true;
                continue;
            }
            Token size = expectKind(Kind.NUMBER, "an array size");
            long dimension = PtxNumbers.integer(size);
            if (dimension < 0 || dimension > MAX_VARIABLE_BYTES || (bytes *= dimension) > MAX_VARIABLE_BYTES) {
                throw error(size, "variable " + name.text() + " is larger than " + MAX_VARIABLE_BYTES + " bytes");
            }
            expect("]");
        }
        if (unsized != dynamic) {
            throw error(name, dynamic ? "dynamic shared memory is declared as .extern .shared .b8 "
                    + name.text() + "[];" : "variable " + name.text() + " needs a size");
        }
        if (peek().is("=")) {
            throw error(peek(), "initialised variables are not supported by the simulator");
        }
        expect(";");
        return new Variable(name.text(), Math.max(align, type.bytes()), dynamic ? 0 : bytes, dynamic, name.line());
    }

    private Instruction instruction() {
        String guard = null;
        boolean negated = false;
        if (accept("@")) {
            negated = accept("!");
            guard = expectKind(Kind.WORD, "a predicate register after '@'").text();
        }
        Token opcode = expectKind(Kind.WORD, "an instruction");
        if (opcode.text().startsWith(".") || opcode.text().startsWith("%")) {
            throw error(opcode, "expected an instruction, found '" + opcode.text() + "'");
        }
        List<Operand> operands = new ArrayList<>();
        if (!peek().is(";")) {
            do {
                operands.add(operand());
            } while (accept(","));
        }
        if (!peek().is(";")) {
            throw error(peek(), "expected ';' after " + opcode.text() + ", found '" + peek().text() + "'");
        }
        next();
        return new Instruction(opcode.line(), guard, negated, opcode.text(), List.copyOf(operands));
    }

    private Operand operand() {
        Token t = next();
        if (t.is("[")) {
            Operand address = addressBody();
            expect("]");
            return address;
        }
        if (t.is("{")) {
            List<Operand> elements = new ArrayList<>();
            do {
                elements.add(operand());
            } while (accept(","));
            expect("}");
            return new Vector(List.copyOf(elements));
        }
        if (t.is("!")) {
            return new Negated(expectKind(Kind.WORD, "a predicate after '!'").text());
        }
        if (t.is("-")) {
            Token number = expectKind(Kind.NUMBER, "a number after '-'");
            return negate(PtxNumbers.literal(number));
        }
        if (t.kind() == Kind.NUMBER) {
            return PtxNumbers.literal(t);
        }
        if (t.kind() == Kind.WORD) {
            if (t.text().equals("_")) {
                return new Sink();
            }
            if (accept("|")) {
                return new Pair(t.text(), expectKind(Kind.WORD, "a predicate after '|'").text());
            }
            if (peek().is("+")) {
                next();
                return new SymbolOffset(t.text(), signedInteger());
            }
            return new Name(t.text());
        }
        throw error(t, "expected an operand, found '" + t.text() + "'");
    }

    private Operand addressBody() {
        Token t = next();
        if (t.kind() == Kind.NUMBER) {
            return new Address(null, PtxNumbers.integer(t));
        }
        if (t.kind() != Kind.WORD) {
            throw error(t, "expected a register or variable in an address, found '" + t.text() + "'");
        }
        long offset = 0;
        if (accept("+")) {
            offset = signedInteger();
        } else if (accept("-")) {
            offset = -PtxNumbers.integer(expectKind(Kind.NUMBER, "an offset"));
        }
        return new Address(t.text(), offset);
    }

    private long signedInteger() {
        boolean minus = accept("-");
        long value = PtxNumbers.integer(expectKind(Kind.NUMBER, "an integer offset"));
        return minus ? -value : value;
    }

    private static Operand negate(Operand literal) {
        return literal instanceof IntLiteral i ? new IntLiteral(-i.value())
                : new FloatLiteral(-((FloatLiteral) literal).value());
    }

    private void skipStatement() {
        while (!next().is(";")) {
            if (peek().kind() == Kind.END) {
                throw error(peek(), "missing ';'");
            }
        }
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Kind.END) {
            pos++;
        }
        return t;
    }

    private boolean accept(String text) {
        if (peek().is(text)) {
            pos++;
            return true;
        }
        return false;
    }

    private Token expect(String text) {
        Token t = next();
        if (!t.is(text)) {
            throw error(t, "expected '" + text + "', found '" + t.text() + "'");
        }
        return t;
    }

    private Token expectKind(Kind kind, String what) {
        Token t = next();
        if (t.kind() != kind) {
            throw error(t, "expected " + what + ", found '" + t.text() + "'");
        }
        return t;
    }

    private static SimException error(Token at, String message) {
        return new SimException("PTX line " + at.line() + ": " + message);
    }
}
