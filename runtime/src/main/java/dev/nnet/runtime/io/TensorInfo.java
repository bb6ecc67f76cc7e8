package dev.nnet.runtime.io;

import java.util.Arrays;

/**
 * One tensor's header entry in a safetensors file.
 *
 * @param begin first byte of its data, counted from the start of the data section (after the header)
 * @param end   one past its last byte
 */
public record TensorInfo(String name, Dtype dtype, int[] shape, long begin, long end) {
    public TensorInfo {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of elements: the product of the shape (1 for a scalar). */
    public long elements() {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        return name + " " + dtype + " " + Arrays.toString(shape);
    }
}
