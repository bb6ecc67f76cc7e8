package dev.nnet.check;

import dev.nnet.Cancellation;
import dev.nnet.ast.Expr;
import dev.nnet.ast.Item;
import dev.nnet.ast.Member;
import dev.nnet.ast.Program;
import dev.nnet.diag.Code;
import dev.nnet.diag.Diagnostics;
import dev.nnet.resolve.Component;
import dev.nnet.resolve.Scope;
import dev.nnet.types.Dim;
import dev.nnet.types.ElemType;
import dev.nnet.types.TensorType;
import dev.nnet.types.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape checker: runs every model's body on its declared input types (blocks are checked at each use with
 * the shapes they receive there), then checks every train block against its model.
 */
public final class Checker {
    private Checker() {
    }

    public static TypedProgram check(Program program, Scope scope, Diagnostics diags) {
        return check(program, scope, diags, Cancellation.NONE);
    }

    /** As {@link #check(Program, Scope, Diagnostics)}, polling {@code cancel} at every layer declared. */
    public static TypedProgram check(Program program, Scope scope, Diagnostics diags, Cancellation cancel) {
        CheckContext cx = new CheckContext(scope, diags, cancel, sourceDir(program));
        for (Item.Const c : scope.consts().values()) {
            cx.consts.eval(new Expr.Name(c.name()), new Env(scope, null, Map.of()), false);
        }
        List<TypedModel> models = new ArrayList<>();
        for (Component model : scope.models().values()) {
            models.add(model(cx, model));
        }
        unusedBlocks(cx);
        List<TypedTrain> trains = new ArrayList<>();
        for (Item.Train train : scope.trains()) {
            trains.add(new TrainChecker(cx, models).check(train));
        }
        return new TypedProgram(models, trains);
    }

    /** The folder of the checked file, or null for text without one (a test, an unsaved editor buffer). */
    private static java.nio.file.Path sourceDir(Program program) {
        try {
            return java.nio.file.Path.of(program.source().path()).toAbsolutePath().getParent();
        } catch (java.nio.file.InvalidPathException | java.io.IOError | SecurityException e) {
            return null;
        }
    }

    /**
     * A block no model uses cannot have its forward checked (that needs input shapes), but its declarations can:
     * with its parameters unknown, every argument that does not depend on them is still bound and checked.
     */
    private static void unusedBlocks(CheckContext cx) {
        for (Component block : cx.scope.blocks().values()) {
            if (cx.instantiatedBlocks.contains(block.name())) {
                continue;
            }
            cx.facts = new ArrayList<>();
            cx.rows = new ArrayList<>();
            Map<String, Value> unknown = new java.util.HashMap<>();
            block.params().forEach(p -> unknown.put(p.name().name(), Value.UNKNOWN));
            cx.blockSignature(block);
            cx.instantiate(block, unknown);
        }
    }

    private static TypedModel model(CheckContext cx, Component model) {
        cx.facts = new ArrayList<>();
        cx.rows = new ArrayList<>();
        Env env = new Env(cx.scope, model, Map.of());
        Map<String, TensorType> inputs = new LinkedHashMap<>();
        List<Value> values = new ArrayList<>();
        for (Member.Input in : model.inputs().values()) {
            TensorType t = inputType(cx, env, in);
            if (t != null) {
                inputs.put(in.name().name(), t);
            }
            values.add(t == null ? Value.UNKNOWN : new Value.Tensor(t, "input"));
        }
        Instance instance = Instance.create(cx, model, env, "", "", 0);
        Trace trace = new Trace();
        values.forEach(trace::input);
        cx.trace = trace;
        Value output = new Forward(cx, instance, 0).run(values);
        cx.trace = null;
        SizeLimits.checkParameters(cx, instance);
        return new TypedModel(model, instance, inputs, output, cx.rows, cx.facts, trace);
    }

    private static TensorType inputType(CheckContext cx, Env env, Member.Input in) {
        ElemType elem = ElemType.FLOAT;
        if (in.elem() != null) {
            switch (in.elem().name()) {
                case "int":
                    elem = ElemType.INT;
                    break;
                case "float":
                    break;
                default:
                    cx.diags.report(Code.E0106, in.elem().span(), "unknown element type `" + in.elem().name() + "`",
                            r -> r.help("inputs are `float[...]` (the default) or `int[...]` for indices"));
                    return null;
            }
        }
        List<Dim> dims = new ArrayList<>();
        for (Expr d : in.dims()) {
            Value v = cx.consts.eval(d, env, false);
            if (v instanceof Value.Unknown) {
                return null;
            }
            if (!(v instanceof Value.Int i)) {
                cx.diags.report(Code.E0106, d.span(), "a dimension must be an integer or a symbol, found "
                        + Value.describe(v));
                return null;
            }
            if (i.value().isConstant() && i.value().constantTerm() < 1) {
                cx.diags.report(Code.E0112, d.span(), "a dimension must be at least 1, found " + i.value());
                return null;
            }
            dims.add(i.value());
        }
        return new TensorType(elem, dims);
    }
}
