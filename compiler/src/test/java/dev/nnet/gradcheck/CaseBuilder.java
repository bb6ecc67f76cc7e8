package dev.nnet.gradcheck;

import dev.nnet.ir.GraphBuilder;
import dev.nnet.ir.op.IrOp;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Dropout;
import dev.nnet.ir.op.Input;
import dev.nnet.ir.op.Param;
import dev.nnet.types.Dim;
import dev.nnet.types.ElemType;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds the graph of one gradient check with the values of its leaves: parameters (what gradients are taken
 * with respect to), plain inputs (targets, data that needs no gradient), ops, dropout masks, and the scalar at the
 * root: a loss, or a fixed random-weighted sum of a tensor (whose gradient seed is then those weights).
 */
final class CaseBuilder {
    static final String BATCH_SYMBOL = "N";
    /** The symbolic batch dimension, bound to {@link #BATCH} when values are computed. */
    static final Dim N = Dim.sym(BATCH_SYMBOL);
    static final int BATCH = 3;

    /** How leaf values are drawn; the non-uniform ones keep every value away from a kink of the op it feeds. */
    enum Fill {
        /** Uniform in [-1, 1]. */
        UNIFORM,
        /** A shuffled grid with spacing 0.05: no two values within a finite-difference step, so no max ties. */
        DISTINCT,
        /** |v| in [0.2, 1]: away from relu's kink at 0. */
        AWAY_FROM_ZERO,
        /** |v| in [3, 6]: the tails of a smooth activation (gelu), where a wrong slope would still be small. */
        TAILS,
        /** In [0.1, 0.9]: probabilities for binary cross-entropy. */
        PROBABILITY,
        /** In [0.5, 1.5]: divisors. */
        POSITIVE,
        /** 0 or 1. */
        BINARY
    }

    private final GraphBuilder graph = new GraphBuilder("gradcheck", BATCH_SYMBOL);
    private final ReferenceInterpreter sizes = new ReferenceInterpreter(BATCH_SYMBOL, BATCH, Map.of());
    private final Random rnd;
    private final Map<Node, double[]> leaves = new LinkedHashMap<>();
    private final Map<Node, double[]> masks = new HashMap<>();
    private final List<Node> params = new ArrayList<>();
    private Node root;
    private Node seed;

    CaseBuilder(Random rnd) {
        this.rnd = rnd;
    }

    /** A float shape from integers (constant sizes) and {@link Dim}s such as {@link #N}. */
    static TensorType shape(Object... dims) {
        List<Dim> out = new ArrayList<>();
        for (Object d : dims) {
            out.add(d instanceof Dim dim ? dim : Dim.of((Integer) d));
        }
        return new TensorType(ElemType.FLOAT, out);
    }

    Node param(String name, TensorType type) {
        return param(name, type, Fill.UNIFORM);
    }

    Node param(String name, TensorType type, Fill fill) {
        Node p = graph.add(new Param(name, type), "", name);
        leaves.put(p, values(type, fill));
        params.add(p);
        return p;
    }

    /** A float input: data that needs no gradient. */
    Node input(String name, TensorType type, Fill fill) {
        Node x = graph.add(new Input(name, type), "", name);
        leaves.put(x, values(type, fill));
        return x;
    }

    /** An {@code int[N]} of class indices in [0, classes). */
    Node classes(String name, int classes) {
        Node t = graph.add(new Input(name, new TensorType(ElemType.INT, List.of(N))), "", name);
        double[] v = new double[BATCH];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextInt(classes);
        }
        leaves.put(t, v);
        return t;
    }

    /** Int ids of {@code type}'s shape in [0, vocabulary). */
    Node ids(String name, TensorType type, int vocabulary) {
        Node t = graph.add(new Input(name, new TensorType(ElemType.INT, type.dims())), "", name);
        double[] v = new double[sizes.numel(type)];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextInt(vocabulary);
        }
        leaves.put(t, v);
        return t;
    }

    /** An {@code int[N]} of sequence lengths, one per sample of the batch of {@link #BATCH}. */
    Node lengths(String name, int... values) {
        Node t = graph.add(new Input(name, new TensorType(ElemType.INT, List.of(N))), "", name);
        double[] v = new double[BATCH];
        for (int i = 0; i < v.length; i++) {
            v[i] = values[i];
        }
        leaves.put(t, v);
        return t;
    }

    /** Adds an op; a dropout gets a fixed random mask (0 or 1/(1−p)) here, once. */
    Node op(IrOp op, Node... inputs) {
        Node n = graph.add(op, "", op.name(), inputs);
        if (op instanceof Dropout d) {
            double[] m = new double[sizes.numel(n.type())];
            for (int i = 0; i < m.length; i++) {
                m[i] = rnd.nextDouble() < d.p() ? 0 : 1 / (1 - (double) d.p());
            }
            masks.put(n, m);
        }
        return n;
    }

    /** The scalar differentiated is Σ wᵢ·yᵢ with fixed random weights w, given to autodiff as the seed of y. */
    void weightedSum(Node y) {
        root = y;
        seed = input("seed", y.type(), Fill.UNIFORM);
    }

    /** The scalar differentiated is this loss; autodiff starts from it with no seed. */
    void loss(Node loss) {
        root = loss;
        seed = null;
    }

    GraphBuilder graph() {
        return graph;
    }

    Map<Node, double[]> leaves() {
        return leaves;
    }

    Map<Node, double[]> masks() {
        return masks;
    }

    List<Node> params() {
        return params;
    }

    Node root() {
        if (root == null) {
            throw new IllegalStateException("a case must end with weightedSum(...) or loss(...)");
        }
        return root;
    }

    /** Null when the root is a loss. */
    Node seed() {
        return seed;
    }

    private double[] values(TensorType type, Fill fill) {
        double[] v = new double[sizes.numel(type)];
        if (fill == Fill.DISTINCT) {
            List<Integer> grid = new ArrayList<>();
            for (int i = 0; i < v.length; i++) {
                grid.add(i);
            }
            Collections.shuffle(grid, rnd);
            for (int i = 0; i < v.length; i++) {
                v[i] = (grid.get(i) - v.length / 2.0) * 0.05;
            }
            return v;
        }
        for (int i = 0; i < v.length; i++) {
            double u = rnd.nextDouble();
            switch (fill) {
                case UNIFORM:
                    v[i] = 2 * u - 1;
                    break;
                case AWAY_FROM_ZERO:
                    v[i] = (rnd.nextBoolean() ? 1 : -1) * (0.2 + 0.8 * u);
                    break;
                case TAILS:
                    v[i] = (rnd.nextBoolean() ? 1 : -1) * (3 + 3 * u);
                    break;
                case PROBABILITY:
                    v[i] = 0.1 + 0.8 * u;
                    break;
                case POSITIVE:
                    v[i] = 0.5 + u;
                    break;
                case BINARY:
                    v[i] = u < 0.5 ? 0 : 1;
                    break;
                default:
                    throw new IllegalStateException(fill.name());
            }
        }
        return v;
    }
}
