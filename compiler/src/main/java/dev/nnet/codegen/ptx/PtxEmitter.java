package dev.nnet.codegen.ptx;

import dev.nnet.ir.Node;
import dev.nnet.types.Dim;
import java.util.List;

/**
 * What an op's PTX renderer writes through: kernels named after the node being rendered, the device buffers the
 * memory plan (and the renderer's workspaces) assign, and the launches the host class will make, in order.
 */
interface PtxEmitter {
    /**
     * Starts a kernel for the node being rendered, named {@code <graph>_<value>_<what>}; its comment names the node
     * and its {@code .nnet} line, then {@code why}.
     */
    Kernel kernel(String what, String... why);

    /** The device buffer holding {@code n}'s value (a plan buffer, a batch input or a parameter), from element 0. */
    DeviceBuffer bufferOf(Node n);

    /** A pointer parameter of {@code k} bound to {@code b}; returns the register with its global address. */
    String pointer(Kernel k, DeviceBuffer b, String hint);

    /** {@link #pointer} to {@code n}'s buffer, named after the value. */
    default String pointer(Kernel k, Node n, String hint) {
        return pointer(k, bufferOf(n), hint);
    }

    /** Optimizer state {@code slot} of {@code parameter}, shaped like the parameter node {@code p}. */
    DeviceBuffer state(String parameter, String slot, Node p);

    /** The {@code .grad} accumulator of {@code parameter} ({@code into=} gradients of a model's backward). */
    DeviceBuffer gradient(String parameter, Size count);

    /** A workspace allocated once: one per {@code key}, sized for the largest request. */
    DeviceBuffer workspace(String key, String hint, boolean ints, Size capacity);

    /** A key for state that belongs to one node of this graph (pooling indices, dropout masks, kept columns). */
    String nodeKey(Node n, String kind);

    /** A dropout mask for {@code dropout}, drawn on the host from the step's Rng and uploaded with the batch. */
    DeviceBuffer mask(Node dropout, float p);

    Size size(Dim d);

    default Size count(Node n) {
        return size(n.type().numel());
    }

    /** A u32 register of {@code k} holding {@code d} for this launch's batch. */
    default String sizeReg(Kernel k, Dim d, String hint) {
        return k.size(size(d), hint);
    }

    /** An int parameter bound to a Java expression over {@code n} and {@code step}. */
    default String intArg(Kernel k, String hint, String java, Launch.PerStep value) {
        String r = k.u32Param(hint);
        k.bind(new Launch.Arg.IntValue(java, value));
        return r;
    }

    /** A float parameter bound to a Java expression over {@code n} and {@code step}. */
    default String floatArg(Kernel k, String hint, String java, Launch.PerStep value) {
        String r = k.f32Param(hint);
        k.bind(new Launch.Arg.FloatValue(java, value));
        return r;
    }

    /** Adds {@code k} to the module and runs it at this point of the graph. */
    void launch(Kernel k, Launch.Grid grid);

    /** {@link #launch}, with a cuBLAS call and kernels run after it that the host may use instead. */
    void launch(Kernel k, Launch.Grid grid, Launch.Blas blas, List<Launch> afterBlas);

    /** Adds {@code k} to the module without running it here: a launch for {@link #launch}'s {@code afterBlas}. */
    Launch prepare(Kernel k, Launch.Grid grid);
}
