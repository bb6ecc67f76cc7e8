package dev.nnet.check;

import dev.nnet.types.Dim;
import dev.nnet.types.TensorType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** NumPy/PyTorch broadcasting: align from the right; equal sizes or a 1 on either side. */
final class Broadcast {
    private Broadcast() {
    }

    /** The broadcast dims, or empty with {@code badAxis[0]} set to the first axis (from the left of a) that fails. */
    static Optional<List<Dim>> shape(TensorType a, TensorType b, int[] badAxis) {
        int rank = Math.max(a.rank(), b.rank());
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            int ia = a.rank() - rank + i;
            int ib = b.rank() - rank + i;
            Dim da = ia >= 0 ? a.dims().get(ia) : Dim.of(1);
            Dim db = ib >= 0 ? b.dims().get(ib) : Dim.of(1);
            if (da.equals(db) || isOne(db)) {
                out.add(da);
            } else if (isOne(da)) {
                out.add(db);
            } else {
                badAxis[0] = i;
                return Optional.empty();
            }
        }
        return Optional.of(out);
    }

    private static boolean isOne(Dim d) {
        return d.isConstant() && d.constantTerm() == 1;
    }
}
