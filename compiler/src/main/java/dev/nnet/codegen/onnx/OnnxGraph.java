package dev.nnet.codegen.onnx;

import dev.nnet.ir.Node;
import dev.nnet.types.Dim;
import dev.nnet.types.ElemType;
import dev.nnet.types.TensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * An ONNX graph being built: value names, nodes, initializers, inputs and outputs, written as a {@code ModelProto}.
 * Field numbers are those of {@code onnx.proto} (IR version 8, opset 17); each constant below names its message.
 */
final class OnnxGraph {
    static final int OPSET = 17;
    private static final long IR_VERSION = 8;
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    // AttributeProto.AttributeType
    private static final int ATTRIBUTE_FLOAT = 1;
    private static final int ATTRIBUTE_INT = 2;
    private static final int ATTRIBUTE_INTS = 7;

    private final String batchSymbol;
    private final List<Proto> nodes = new ArrayList<>();
    private final List<Proto> initializers = new ArrayList<>();
    private final List<Proto> inputs = new ArrayList<>();
    private final List<Proto> outputs = new ArrayList<>();
    private int fresh;

    OnnxGraph(String batchSymbol) {
        this.batchSymbol = batchSymbol;
    }

    /** The ONNX value a node's result is called: its input binding, its parameter name, or {@code v<id>}. */
    static String name(Node n) {
        if (n.op() instanceof dev.nnet.ir.op.Input in) {
            return in.binding();
        }
        if (n.op() instanceof dev.nnet.ir.op.Param p) {
            return p.stateName();
        }
        return "v" + n.id();
    }

    /** A new intermediate value name. */
    String temporary() {
        return "t" + fresh++;
    }

    String batchSymbol() {
        return batchSymbol;
    }

    /** An attribute of a node: an int, a float or a list of ints. */
    record Attribute(String name, Proto proto) {
        static Attribute ints(String name, long... values) {
            Proto a = new Proto().string(1, name).int32(20, ATTRIBUTE_INTS);
            for (long v : values) {
                a.int64(8, v);
            }
            return new Attribute(name, a);
        }

        static Attribute integer(String name, long value) {
            return new Attribute(name, new Proto().string(1, name).int32(20, ATTRIBUTE_INT).int64(3, value));
        }

        static Attribute real(String name, float value) {
            return new Attribute(name, new Proto().string(1, name).int32(20, ATTRIBUTE_FLOAT).floatValue(2, value));
        }
    }

    /** A NodeProto: {@code output = opType(inputs...)} with attributes. */
    void node(String opType, List<String> in, String out, Attribute... attributes) {
        Proto n = new Proto();
        for (String i : in) {
            n.string(1, i);
        }
        n.string(2, out).string(3, out).string(4, opType);
        for (Attribute a : attributes) {
            n.message(5, a.proto());
        }
        nodes.add(n);
    }

    /** A float initializer (a parameter, or a constant of an expression). */
    void floats(String name, List<Long> dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        initializers.add(tensor(name, dims, FLOAT, raw.array()));
    }

    /** An int64 initializer, e.g. a Reshape's target shape. */
    void int64s(String name, long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        initializers.add(tensor(name, List.of((long) values.length), INT64, raw.array()));
    }

    private static Proto tensor(String name, List<Long> dims, int type, byte[] raw) {
        Proto t = new Proto();
        for (long d : dims) {
            t.int64(1, d);
        }
        return t.int32(2, type).string(8, name).bytes(9, raw);
    }

    void input(String name, TensorType type) {
        inputs.add(valueInfo(name, type));
    }

    void output(String name, TensorType type) {
        outputs.add(valueInfo(name, type));
    }

    /** A ValueInfoProto; the batch symbol stays symbolic ({@code dim_param}). */
    private Proto valueInfo(String name, TensorType type) {
        Proto shape = new Proto();
        for (Dim d : type.dims()) {
            Proto dim = new Proto();
            if (d.isConstant()) {
                dim.int64(1, d.constantTerm());
            } else {
                dim.string(2, d.toString());
            }
            shape.message(1, dim);
        }
        Proto tensorType = new Proto().int32(1, type.elem() == ElemType.INT ? INT64 : FLOAT).message(2, shape);
        return new Proto().string(1, name).message(2, new Proto().message(1, tensorType));
    }

    /** The ModelProto holding this graph. */
    byte[] model(String graphName, String producerVersion, String doc) {
        Proto graph = new Proto();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, graphName);
        initializers.forEach(t -> graph.message(5, t));
        graph.string(10, doc);
        inputs.forEach(i -> graph.message(11, i));
        outputs.forEach(o -> graph.message(12, o));
        return new Proto().int64(1, IR_VERSION).string(2, "nnet").string(3, producerVersion).message(7, graph)
                .message(8, new Proto().string(1, "").int64(2, OPSET)).toByteArray();
    }
}
