package dev.nnet.codegen.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.nnet.ir.Costs;
import dev.nnet.ir.Node;
import dev.nnet.passes.MemoryPlan;
import dev.nnet.runtime.profile.StepProfile;
import java.util.ArrayList;
import java.util.List;

/** The {@code StepProfile} a profiling trainer builds: one entry per timed node, with its label, line and work. */
final class StepProfiling {
    static final ClassName PROFILE = ClassName.get(StepProfile.class);
    private static final ClassName OP = ClassName.get(StepProfile.Op.class);

    private StepProfiling() {
    }

    static CodeBlock construct(List<Node> nodes, String batchSymbol) {
        List<CodeBlock> entries = new ArrayList<>();
        for (Node n : nodes) {
            Costs.Cost cost = Costs.of(n);
            long[] flops = MemoryPlan.size(cost.flops(), batchSymbol);
            long[] bytes = MemoryPlan.size(cost.bytes(), batchSymbol);
            String attrs = n.op().attributes();
            entries.add(CodeBlock.of("new $T($S, $S, $S, $LL, $LL, $LL, $LL)", OP, n.label(),
                    n.op().name() + (attrs.isEmpty() ? "" : " " + attrs), n.origin(), flops[0], flops[1], bytes[0],
                    bytes[1]));
        }
        return CodeBlock.of("new $T($T.of(\n$>$L$<))", PROFILE, List.class, CodeBlock.join(entries, ",\n"));
    }
}
