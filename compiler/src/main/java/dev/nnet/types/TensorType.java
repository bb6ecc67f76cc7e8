package dev.nnet.types;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** A tensor's element type and shape. Text form: {@code [N, 10]} for floats, {@code int[N]} for integers. */
public record TensorType(ElemType elem, List<Dim> dims) {
    public TensorType {
        dims = List.copyOf(dims);
    }

    public static TensorType floats(Dim... dims) {
        return new TensorType(ElemType.FLOAT, List.of(dims));
    }

    public static TensorType of(ElemType elem, List<Dim> dims) {
        return new TensorType(elem, dims);
    }

    public int rank() {
        return dims.size();
    }

    public Dim dim(int i) {
        return dims.get(i < 0 ? dims.size() + i : i);
    }

    public TensorType withDims(List<Dim> newDims) {
        return new TensorType(elem, newDims);
    }

    public TensorType withDim(int i, Dim d) {
        List<Dim> copy = new ArrayList<>(dims);
        copy.set(i < 0 ? dims.size() + i : i, d);
        return new TensorType(elem, copy);
    }

    /** The product of all dimensions, symbolic if any is. */
    public Dim numel() {
        Dim n = Dim.of(1);
        for (Dim d : dims) {
            n = n.times(d);
        }
        return n;
    }

    public Set<String> symbols() {
        Set<String> s = new TreeSet<>();
        dims.forEach(d -> s.addAll(d.symbols()));
        return s;
    }

    public String shapeText() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < dims.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(dims.get(i));
        }
        return sb.append(']').toString();
    }

    @Override
    public String toString() {
        return (elem == ElemType.INT ? "int" : "") + shapeText();
    }
}
