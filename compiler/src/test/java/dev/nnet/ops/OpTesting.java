package dev.nnet.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nnet.diag.Diagnostic;
import dev.nnet.diag.Span;
import dev.nnet.types.Args;
import dev.nnet.types.Dim;
import dev.nnet.types.ElemType;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Helpers for op tests: shapes from text, argument binding with defaults, and one-call application. */
final class OpTesting {
    private OpTesting() {
    }

    static Op op(String name) {
        return Catalogue.lookup(name).orElseThrow(() -> new AssertionError("no op " + name));
    }

    /** {@code "[N, 10]"} or {@code "int[N]"}; identifiers become symbols. */
    static TensorType type(String text) {
        ElemType elem = text.startsWith("int") ? ElemType.INT : ElemType.FLOAT;
        String inner = text.substring(text.indexOf('[') + 1, text.lastIndexOf(']')).trim();
        List<Dim> dims = new ArrayList<>();
        if (!inner.isEmpty()) {
            for (String part : inner.split(",")) {
                dims.add(dim(part.trim()));
            }
        }
        return new TensorType(elem, dims);
    }

    static Dim dim(String s) {
        Dim d = Dim.of(1);
        for (String factor : s.split("\\*")) {
            d = d.times(factor.matches("-?\\d+") ? Dim.of(Long.parseLong(factor)) : Dim.sym(factor));
        }
        return d;
    }

    static Value.Tensor tensor(String text) {
        return new Value.Tensor(type(text));
    }

    static Value.Tensor tensor(String text, String producer) {
        return new Value.Tensor(type(text), producer);
    }

    static Value.Seq list(Value... items) {
        return new Value.Seq(List.of(items), false);
    }

    static Value.Seq tuple(Value... items) {
        return new Value.Seq(List.of(items), true);
    }

    /** Integer dimensions for a DIMS parameter; strings are symbols. */
    static Value.Seq dims(Object... items) {
        List<Value> out = new ArrayList<>();
        for (Object o : items) {
            out.add(new Value.Int(o instanceof String s ? dim(s) : Dim.of(((Number) o).longValue())));
        }
        return new Value.Seq(out, false);
    }

    static Value value(Object o) {
        if (o instanceof Value v) {
            return v;
        } else if (o instanceof Integer || o instanceof Long) {
            return Value.Int.of(((Number) o).longValue());
        } else if (o instanceof Double d) {
            return new Value.Float(d);
        } else if (o instanceof Boolean b) {
            return new Value.Bool(b);
        } else if (o instanceof String s) {
            return new Value.Word(s);
        } else if (o instanceof int[] pair) {
            return new Value.Seq(Arrays.stream(pair).mapToObj(i -> (Value) Value.Int.of(i)).toList(), true);
        }
        throw new IllegalArgumentException("no value for " + o);
    }

    /** {@code kw("out_features", 10, "bias", false)}. */
    static Map<String, Value> kw(Object... pairs) {
        Map<String, Value> out = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.put((String) pairs[i], value(pairs[i + 1]));
        }
        return out;
    }

    static Span argSpan(int index) {
        return new Span(200 + 10 * index, 205 + 10 * index, 5, 10 + 10 * index, 5, 15 + 10 * index);
    }

    /** Binds written arguments (by name or alias) and applies the signature's defaults, as the checker does. */
    static Args bind(Op op, Map<String, Value> written) {
        Args args = new Args(RecordingContext.CALL);
        Map<String, Value> left = new LinkedHashMap<>(written);
        List<ParamSpec> params = op.signature().params();
        for (int i = 0; i < params.size(); i++) {
            ParamSpec p = params.get(i);
            String key = left.keySet().stream().filter(p::answersTo).findFirst().orElse(null);
            if (key != null) {
                args.put(p.name(), left.remove(key), argSpan(i));
            } else if (p.defaultValue() != null) {
                args.put(p.name(), p.defaultValue(), null);
            } else if (p.isRequired()) {
                fail("required argument `" + p.name() + "` of " + op.name() + " missing in test");
            }
        }
        assertTrue(left.isEmpty(), "unknown arguments " + left.keySet() + " for " + op.name());
        return args;
    }

    /** One application of an op with its diagnostics. */
    record Run(Op op, Args args, RecordingContext ctx, Value value) {
        TensorType type() {
            assertEquals(List.of(), ctx.codes(), "unexpected diagnostics " + messages());
            return assertInstanceOf(Value.Tensor.class, value).type();
        }

        String shape() {
            return type().toString();
        }

        List<String> codes() {
            return ctx.codes();
        }

        List<String> messages() {
            return ctx.diagnostics().stream().map(Diagnostic::message).toList();
        }

        /** The only diagnostic, asserting its code, and that the result is unknown when it is an error. */
        Diagnostic only(String code) {
            assertEquals(List.of(code), ctx.codes(), "diagnostics " + messages());
            Diagnostic d = ctx.diagnostics().get(0);
            if (d.isError()) {
                assertInstanceOf(Value.Unknown.class, value);
            }
            return d;
        }

        long paramCount() {
            return op.parameters(args).stream().mapToLong(ParamTensor::count).sum();
        }

        List<String> paramNames() {
            return op.parameters(args).stream().map(ParamTensor::name).toList();
        }
    }

    static Run run(String opName, Map<String, Value> args, Value... inputs) {
        return run(opName, opName, args, inputs);
    }

    static Run run(String opName, String layer, Map<String, Value> args, Value... inputs) {
        Op op = op(opName);
        Args bound = bind(op, args);
        RecordingContext ctx = new RecordingContext(opName, layer);
        Value v = op.apply(ctx, bound, List.of(inputs));
        return new Run(op, bound, ctx, v);
    }

    /** Text of an output that is a tensor or (nested) tuple of tensors, e.g. {@code ([T, N, 4], ([1, N, 4], …))}. */
    static String describe(Value v) {
        return Value.describe(v);
    }

    static Map<String, Value> none() {
        return Map.of();
    }
}
