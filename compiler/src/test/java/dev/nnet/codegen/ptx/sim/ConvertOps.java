package dev.nnet.codegen.ptx.sim;

import dev.nnet.codegen.ptx.sim.PtxAst.Operand;
import dev.nnet.codegen.ptx.sim.PtxAst.Vector;
import java.math.BigDecimal;
import java.util.List;

/** mov (with vector pack and unpack), cvt between every integer and float type, and cvta. */
final class ConvertOps {
    private ConvertOps() {
    }

    interface Conversion {
        long apply(long bits);
    }

    static Instr decode(Decoder d) {
        return switch (d.opcode.name()) {
            case "mov" -> mov(d);
            case "cvta" -> cvta(d);
            default -> cvt(d);
        };
    }

    private static Instr mov(Decoder d) {
        PtxType type = d.type();
        List<Operand> ops = d.operands(2);
        if (ops.get(1) instanceof Vector v) {
            int width = type.bits / v.elements().size();
            PtxType part = PtxType.named("b" + width);
            int[] parts = v.elements().stream().mapToInt(e -> d.src(e, part)).toArray();
            int dst = d.dst(ops.get(0));
            return Instr.normal(d.line(), t -> {
                long bits = 0;
                for (int i = parts.length - 1; i >= 0; i--) {
                    bits = bits << width | part.normalize(t.get(parts[i]));
                }
                t.set(dst, bits);
            });
        }
        if (ops.get(0) instanceof Vector v) {
            int width = type.bits / v.elements().size();
            PtxType part = PtxType.named("b" + width);
            int[] dsts = v.elements().stream().mapToInt(d::dstOrSink).toArray();
            int src = d.src(ops.get(1), type);
            return Instr.normal(d.line(), t -> {
                long bits = t.get(src);
                for (int dst : dsts) {
                    if (dst >= 0) {
                        t.set(dst, part.normalize(bits));
                    }
                    bits >>>= width;
                }
            });
        }
        int dst = d.dst(ops.get(0));
        int src = d.src(ops.get(1), type);
        return Instr.normal(d.line(), t -> t.set(dst, t.get(src)));
    }

    private static Instr cvta(Decoder d) {
        PtxType type = d.type();
        List<Operand> ops = d.operands(2);
        int dst = d.dst(ops.get(0));
        int src = d.src(ops.get(1), PtxType.U64);
        boolean to = d.opcode.has("to");
        long window = d.opcode.has("shared") ? LaunchState.SHARED_WINDOW
                : d.opcode.has("local") ? LaunchState.LOCAL_WINDOW : 0;
        long delta = to ? -window : window;
        return Instr.normal(d.line(), t -> t.set(dst, type.normalize(t.get(src) + delta)));
    }

    private static Instr cvt(Decoder d) {
        List<PtxType> types = d.opcode.types();
        if (types.size() != 2) {
            throw d.error("cvt needs a destination and a source type, as in cvt.rn.f32.s32");
        }
        PtxType to = types.get(0);
        PtxType from = types.get(1);
        List<Operand> ops = d.operands(2);
        int dst = d.dst(ops.get(0));
        PtxType register = d.registerType(dst);
        int src = d.src(ops.get(1), from);
        Conversion conversion = conversion(d, to, from);
        boolean extend = !to.isFloat() && register.bits > to.bits;
        return Instr.normal(d.line(), t -> {
            long bits = conversion.apply(t.get(src));
            t.set(dst, extend ? register.normalize(to.integer(bits)) : bits);
        });
    }

    private static Conversion conversion(Decoder d, PtxType to, PtxType from) {
        boolean sat = d.opcode.has("sat");
        boolean ftz = d.opcode.has("ftz");
        String integerRounding = d.opcode.oneOf("rni", "rzi", "rmi", "rpi");
        String floatRounding = d.opcode.oneOf("rn", "rz", "rm", "rp");
        if (!from.isFloat() && !to.isFloat()) {
            return bits -> to.normalize(sat ? clamp(from, to, bits) : from.integer(bits));
        }
        if (!from.isFloat()) {
            if (floatRounding == null) {
                throw d.error("an integer-to-float cvt needs .rn, .rz, .rm or .rp");
            }
            if (floatRounding.equals("rn") && !(from == PtxType.U64)) {
                return to == PtxType.F32 ? bits -> floatBits(to, (float) from.integer(bits), sat)
                        : bits -> floatBits(to, (double) from.integer(bits), sat);
            }
            return bits -> floatBits(to, round(to, integerValue(from, bits), floatRounding), sat);
        }
        if (!to.isFloat()) {
            if (integerRounding == null) {
                throw d.error("a float-to-integer cvt needs .rni, .rzi, .rmi or .rpi");
            }
            return bits -> to.normalize(toInteger(to, roundIntegral(floatValue(from, bits, ftz), integerRounding)));
        }
        if (integerRounding != null) {
            return bits -> floatBits(to, roundIntegral(floatValue(from, bits, ftz), integerRounding), sat, ftz);
        }
        if (to == PtxType.F32 && from == PtxType.F64) {
            if (floatRounding == null) {
                throw d.error("cvt.f32.f64 needs .rn, .rz, .rm or .rp");
            }
            if (floatRounding.equals("rn")) {
                return bits -> floatBits(to, (float) Bits.f64(bits), sat, ftz);
            }
            return bits -> {
                double x = Bits.f64(bits);
                return floatBits(to, Double.isFinite(x) ? round(to, new BigDecimal(x), floatRounding) : x, sat, ftz);
            };
        }
        return bits -> floatBits(to, floatValue(from, bits, ftz), sat, ftz);
    }

    private static long clamp(PtxType from, PtxType to, long bits) {
        BigDecimal value = integerValue(from, bits);
        BigDecimal min = to.isSigned() ? BigDecimal.valueOf(-1L << (to.bits - 1)) : BigDecimal.ZERO;
        BigDecimal max = to.isSigned() ? BigDecimal.valueOf(to.bits == 64 ? Long.MAX_VALUE : (1L << (to.bits - 1)) - 1)
                : new BigDecimal(java.math.BigInteger.ONE.shiftLeft(to.bits).subtract(java.math.BigInteger.ONE));
        return value.max(min).min(max).toBigInteger().longValue();
    }

    private static BigDecimal integerValue(PtxType from, long bits) {
        if (from.bits == 64 && !from.isSigned() && bits < 0) {
            return new BigDecimal(new java.math.BigInteger(Long.toUnsignedString(bits)));
        }
        return BigDecimal.valueOf(from.integer(bits));
    }

    private static double floatValue(PtxType from, long bits, boolean ftz) {
        if (from == PtxType.F64) {
            return Bits.f64(bits);
        }
        float x = Bits.f32(bits);
        return ftz ? Bits.flush(x) : x;
    }

    /** Rounds an exact value to f32 or f64 in the given mode: nearest first, then stepped if it went the wrong way. */
    private static double round(PtxType to, BigDecimal exact, String mode) {
        double nearest = to == PtxType.F32 ? exact.floatValue() : exact.doubleValue();
        int direction = Double.isInfinite(nearest) ? (nearest > 0 ? 1 : -1) : new BigDecimal(nearest).compareTo(exact);
        boolean down = switch (mode) {
            case "rz" -> exact.signum() >= 0 ? direction > 0 : direction < 0;
            case "rm" -> direction > 0;
            case "rp" -> false;
            default -> false;
        };
        boolean up = switch (mode) {
            case "rz" -> exact.signum() < 0 && direction < 0;
            case "rp" -> direction < 0;
            default -> false;
        };
        if (to == PtxType.F32) {
            float f = (float) nearest;
            return down ? Math.nextDown(f) : up ? Math.nextUp(f) : f;
        }
        return down ? Math.nextDown(nearest) : up ? Math.nextUp(nearest) : nearest;
    }

    private static double roundIntegral(double x, String mode) {
        return switch (mode) {
            case "rni" -> Math.rint(x);
            case "rmi" -> Math.floor(x);
            case "rpi" -> Math.ceil(x);
            default -> x < 0 ? Math.ceil(x) : Math.floor(x);
        };
    }

    /** Float-to-integer cvt saturates to the destination range; NaN becomes 0. */
    private static long toInteger(PtxType to, double x) {
        if (Double.isNaN(x)) {
            return 0;
        }
        if (to.isSigned()) {
            long min = to.bits == 64 ? Long.MIN_VALUE : -1L << (to.bits - 1);
            long max = to.bits == 64 ? Long.MAX_VALUE : (1L << (to.bits - 1)) - 1;
            return x <= min ? min : x >= max ? max : (long) x;
        }
        if (x <= 0) {
            return 0;
        }
        if (to.bits == 64) {
            return x >= 0x1p64 ? -1L : new BigDecimal(x).toBigInteger().longValue();
        }
        long max = (1L << to.bits) - 1;
        return x >= max ? max : (long) x;
    }

    private static long floatBits(PtxType to, double value, boolean sat) {
        return floatBits(to, value, sat, false);
    }

    private static long floatBits(PtxType to, double value, boolean sat, boolean ftz) {
        double v = sat ? Bits.saturate(value) : value;
        if (to == PtxType.F64) {
            return Bits.of(v);
        }
        float f = (float) v;
        return Bits.of(ftz ? Bits.flush(f) : f);
    }
}
