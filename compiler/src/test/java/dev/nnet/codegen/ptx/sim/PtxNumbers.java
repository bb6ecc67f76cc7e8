package dev.nnet.codegen.ptx.sim;

import dev.nnet.codegen.ptx.sim.PtxAst.FloatLiteral;
import dev.nnet.codegen.ptx.sim.PtxAst.IntLiteral;
import dev.nnet.codegen.ptx.sim.PtxAst.Operand;
import dev.nnet.codegen.ptx.sim.PtxLexer.Token;

/** PTX number literals: integers in decimal, hex and octal; floats as 0f/0d bit patterns or decimals. */
final class PtxNumbers {
    private PtxNumbers() {
    }

    static Operand literal(Token t) {
        String s = t.text();
        try {
            if (s.length() == 10 && (s.startsWith("0f") || s.startsWith("0F"))) {
                return new FloatLiteral(Float.intBitsToFloat(Integer.parseUnsignedInt(s.substring(2), 16)));
            }
            if (s.length() == 18 && (s.startsWith("0d") || s.startsWith("0D"))) {
                return new FloatLiteral(Double.longBitsToDouble(Long.parseUnsignedLong(s.substring(2), 16)));
            }
            if (!s.startsWith("0x") && !s.startsWith("0X") && (s.contains(".") || s.matches("[0-9]+[eE].*"))) {
                return new FloatLiteral(Double.parseDouble(s));
            }
            return new IntLiteral(integer(t));
        } catch (NumberFormatException e) {
            throw new SimException("PTX line " + t.line() + ": malformed number '" + s + "'");
        }
    }

    /** Decimal, 0x hex or 0-prefixed octal, with an optional U suffix, as PTX writes integers. */
    static long integer(Token t) {
        String s = t.text();
        if (s.endsWith("U") || s.endsWith("u")) {
            s = s.substring(0, s.length() - 1);
        }
        try {
            if (s.startsWith("0x") || s.startsWith("0X")) {
                return Long.parseUnsignedLong(s.substring(2), 16);
            }
            if (s.length() > 1 && s.startsWith("0")) {
                return Long.parseUnsignedLong(s.substring(1), 8);
            }
            return Long.parseUnsignedLong(s);
        } catch (NumberFormatException e) {
            throw new SimException("PTX line " + t.line() + ": malformed integer '" + t.text() + "'");
        }
    }
}
