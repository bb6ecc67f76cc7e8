package dev.nnet.runtime;

import java.util.Arrays;

/**
 * A named float tensor in row-major (C) order, the unit of parameters, optimizer state and checkpoints. Names and
 * layouts are PyTorch's {@code state_dict} ones ({@code conv1.weight} is {@code [out, in, kh, kw]}).
 */
public final class Tensor {
    private final String name;
    private final int[] shape;
    private final float[] data;

    public Tensor(String name, int... shape) {
        this(name, shape, new float[size(shape)]);
    }

    public Tensor(String name, int[] shape, float[] data) {
        if (data.length != size(shape)) {
            throw new IllegalArgumentException(name + ": " + data.length + " values for shape " + Arrays.toString(shape));
        }
        this.name = name;
        this.shape = shape.clone();
        this.data = data;
    }

    public String name() {
        return name;
    }

    public int[] shape() {
        return shape.clone();
    }

    /** The live values; generated code reads and writes them in place. */
    public float[] data() {
        return data;
    }

    public int size() {
        return data.length;
    }

    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(shape) + " is too large");
        }
        return (int) n;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
