package dev.nnet.gradcheck;

import java.util.ArrayList;
import java.util.List;

/** The catalogue of every gradient check, shared by the checks themselves and by the coverage test. */
final class GradCases {
    private GradCases() {
    }

    static List<GradCase> all() {
        List<GradCase> all = new ArrayList<>();
        all.addAll(LayerCases.cases());
        all.addAll(ElementwiseCases.cases());
        all.addAll(LossCases.cases());
        all.addAll(CompositeCases.cases());
        all.addAll(RecurrentCases.cases());
        return all;
    }
}
