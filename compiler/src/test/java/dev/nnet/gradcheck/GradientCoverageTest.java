package dev.nnet.gradcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.ir.op.IrOp;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.AccumulateGrad;
import dev.nnet.ir.op.Conv2d;
import dev.nnet.ir.op.Input;
import dev.nnet.ir.op.Linear;
import dev.nnet.ir.op.Loss;
import dev.nnet.ir.op.LossKind;
import dev.nnet.ir.op.PExpr;
import dev.nnet.ir.op.Param;
import dev.nnet.ir.op.Pointwise;
import dev.nnet.ir.op.Pool2d;
import dev.nnet.ir.op.Softmax;
import dev.nnet.ir.op.Update;
import java.io.IOException;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@link GradCases} complete: every IR op class in {@code dev.nnet.ir.op}, found on the class path so that a
 * new one cannot slip through, must be differentiated by some case (if it has a gradient rule) or appear in some
 * case's backward graph (if it is a backward-only op), and every variant with its own rule must be exercised.
 */
class GradientCoverageTest {
    /** Differentiated as forward nodes that depend on a parameter, across all cases. */
    private static final Set<Node> FORWARD = new HashSet<>();
    /** Data: inputs with no gradient, targets, seeds. */
    private static final Set<Node> INPUTS = new HashSet<>();
    /** Nodes autodiff appended, across all cases. */
    private static final Set<Node> BACKWARD = new HashSet<>();

    @BeforeAll
    static void buildEveryCase() {
        for (GradCase c : GradCases.all()) {
            GradientChecker.Prepared p = GradientChecker.prepare(c);
            Set<Node> dependsOnParam = new HashSet<>();
            for (Node n : p.forward()) {
                if (n.op() instanceof Param || n.inputs().stream().anyMatch(dependsOnParam::contains)) {
                    dependsOnParam.add(n);
                }
            }
            FORWARD.addAll(dependsOnParam);
            p.forward().stream().filter(n -> n.op() instanceof Input).forEach(INPUTS::add);
            p.graph().nodes().stream().filter(n -> !p.forward().contains(n)).forEach(BACKWARD::add);
        }
    }

    @Test
    void everyOpClassIsCheckedForwardOrBackward() throws Exception {
        Class<?> backwardOnly = Class.forName("dev.nnet.ir.op.BackwardOp");
        Set<String> missing = new TreeSet<>();
        List<Class<?>> ops = opClasses();
        assertTrue(ops.size() >= 20, "found only " + ops + " under dev/nnet/ir/op");
        for (Class<?> op : ops) {
            if (op == Update.class || op == AccumulateGrad.class) {
                continue; // effects on parameter state (an optimizer step, a .grad sum): not differentiable, below
            }
            if (op == dev.nnet.ir.op.Fill.class) {
                continue; // a constant with no inputs: no gradient flows through it
            }
            Set<Node> where = backwardOnly.isAssignableFrom(op) ? BACKWARD : op == Input.class ? INPUTS : FORWARD;
            if (where.stream().noneMatch(n -> op.isInstance(n.op()))) {
                missing.add(op.getSimpleName() + (where == BACKWARD ? " (in a backward graph)" : " (forward)"));
            }
        }
        assertEquals(Set.of(), missing, "ops no gradient check exercises; add a case to GradCases");
        assertThrows(UnsupportedOperationException.class, () -> new Update(null, "w").gradient(null, null, null));
        assertThrows(UnsupportedOperationException.class,
                () -> new AccumulateGrad("w").gradient(null, null, null));
    }

    @Test
    void everyElementwiseFunctionIsChecked() {
        Set<Enum<?>> forward = functions(FORWARD);
        Set<Enum<?>> backward = functions(BACKWARD);
        for (PExpr.Fn1 fn : PExpr.Fn1.values()) {
            Set<Enum<?>> where = fn.derivative() ? backward : forward;
            assertTrue(where.contains(fn), fn + (fn.derivative() ? " is never emitted" : " is never differentiated"));
        }
        for (PExpr.Fn2 fn : PExpr.Fn2.values()) {
            // Derivatives are what gradient rules emit; the others are differentiated.
            Set<Enum<?>> where = fn.derivative() ? backward : forward;
            assertTrue(where.contains(fn), fn + " is never checked");
        }
    }

    @Test
    void everyLossKindAndReductionIsChecked() {
        for (LossKind kind : LossKind.values()) {
            for (boolean sum : new boolean[] {false, true}) {
                assertTrue(FORWARD.stream().anyMatch(n -> n.op() instanceof Loss l && l.kind() == kind && l.sum() == sum
                        && l.scale() != 1f), kind + (sum ? " sum" : " mean") + " with a scale is never checked");
            }
        }
    }

    @Test
    void everyLayerVariantIsChecked() {
        for (boolean bias : new boolean[] {false, true}) {
            assertTrue(FORWARD.stream().anyMatch(n -> n.op() instanceof Linear l && l.bias() == bias), "linear " + bias);
            assertTrue(FORWARD.stream().anyMatch(n -> n.op() instanceof Conv2d c && c.bias() == bias), "conv " + bias);
            assertTrue(FORWARD.stream().anyMatch(n -> n.op() instanceof Softmax s && s.log() == bias), "softmax");
        }
        assertTrue(FORWARD.stream().anyMatch(n -> n.op() instanceof Conv2d c && c.geometry().groups() > 1
                && c.geometry().dilationH() > 1 && c.geometry().strideW() > 1 && c.geometry().padH() > 0));
        for (boolean max : new boolean[] {false, true}) {
            assertTrue(FORWARD.stream().anyMatch(n -> n.op() instanceof Pool2d p && p.geometry().max() == max
                    && p.geometry().ceilMode() && p.geometry().padH() > 0), "pool max=" + max);
        }
        assertTrue(FORWARD.stream().anyMatch(n -> n.op() instanceof Pool2d p && !p.geometry().countIncludePad()));
    }

    private static Set<Enum<?>> functions(Set<Node> nodes) {
        Set<Enum<?>> out = new HashSet<>();
        for (Node n : nodes) {
            if (n.op() instanceof Pointwise p) {
                collect(p.expr(), out);
            }
        }
        return out;
    }

    private static void collect(PExpr e, Set<Enum<?>> out) {
        if (e instanceof PExpr.Call1 c) {
            out.add(c.fn());
            collect(c.a(), out);
        } else if (e instanceof PExpr.Call2 c) {
            out.add(c.fn());
            collect(c.a(), out);
            collect(c.b(), out);
        }
    }

    /** The concrete classes implementing {@link IrOp} in the op package's class-file directory. */
    private static List<Class<?>> opClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        URL dir = IrOp.class.getClassLoader().getResource("dev/nnet/ir/op");
        assertTrue(dir != null && dir.getProtocol().equals("file"), "dev/nnet/ir/op should be a class directory: " + dir);
        List<String> names;
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            names = files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".class") && !f.contains("$"))
                    .sorted().toList();
        }
        List<Class<?>> ops = new ArrayList<>();
        for (String file : names) {
            Class<?> c = Class.forName("dev.nnet.ir.op." + file.substring(0, file.length() - ".class".length()));
            if (IrOp.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())) {
                ops.add(c);
            }
        }
        assertFalse(ops.isEmpty());
        return ops;
    }
}
