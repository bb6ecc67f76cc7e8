package dev.nnet.ir;

import dev.nnet.types.Dim;
import dev.nnet.types.ElemType;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.List;

/** Shape helpers shared by the ops' rules. */
public final class Shapes {
    private Shapes() {
    }

    public static TensorType floats(List<Dim> dims) {
        return new TensorType(ElemType.FLOAT, dims);
    }

    public static TensorType scalar() {
        return new TensorType(ElemType.FLOAT, List.of());
    }

    /** Product of dims[from, to). */
    public static Dim product(List<Dim> dims, int from, int to) {
        Dim p = Dim.of(1);
        for (int i = from; i < to; i++) {
            p = p.times(dims.get(i));
        }
        return p;
    }

    public static long constant(Dim d, String what) {
        return d.constant().orElseThrow(() -> new IrException(what + " must be a constant, found " + d));
    }

    public static void require(boolean ok, String message) {
        if (!ok) {
            throw new IrException(message);
        }
    }

    public static void sameShape(TensorType a, TensorType b, String what) {
        require(a.dims().equals(b.dims()), what + ": shapes " + a.shapeText() + " and " + b.shapeText() + " differ");
    }

    /** Numpy broadcasting of two shapes; throws when they do not broadcast. */
    public static List<Dim> broadcast(List<Dim> a, List<Dim> b) {
        int rank = Math.max(a.size(), b.size());
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            Dim da = i < rank - a.size() ? Dim.of(1) : a.get(i - (rank - a.size()));
            Dim db = i < rank - b.size() ? Dim.of(1) : b.get(i - (rank - b.size()));
            if (da.equals(db) || db.equals(Dim.of(1))) {
                out.add(da);
            } else if (da.equals(Dim.of(1))) {
                out.add(db);
            } else {
                throw new IrException("shapes " + a + " and " + b + " do not broadcast");
            }
        }
        return out;
    }
}
