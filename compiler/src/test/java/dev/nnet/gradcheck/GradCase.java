package dev.nnet.gradcheck;

import java.util.function.Consumer;

/** One gradient check: a name for reports and the graph it builds, from parameters to the scalar differentiated. */
record GradCase(String name, Consumer<CaseBuilder> body) {
    @Override
    public String toString() {
        return name;
    }
}
