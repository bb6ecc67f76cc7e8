package dev.nnet.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CatalogueTest {
    private static final Map<String, OpKind> EXPECTED = new TreeMap<>(Map.ofEntries(
            Map.entry("linear", OpKind.PARAMETRIC), Map.entry("conv2d", OpKind.PARAMETRIC),
            Map.entry("max_pool2d", OpKind.STATELESS), Map.entry("avg_pool2d", OpKind.STATELESS),
            Map.entry("relu", OpKind.STATELESS), Map.entry("leaky_relu", OpKind.STATELESS),
            Map.entry("gelu", OpKind.STATELESS), Map.entry("sigmoid", OpKind.STATELESS),
            Map.entry("tanh", OpKind.STATELESS), Map.entry("softmax", OpKind.STATELESS),
            Map.entry("log_softmax", OpKind.STATELESS), Map.entry("flatten", OpKind.STATELESS),
            Map.entry("view", OpKind.STATELESS), Map.entry("reshape", OpKind.STATELESS),
            Map.entry("transpose", OpKind.STATELESS), Map.entry("t", OpKind.STATELESS),
            Map.entry("contiguous", OpKind.STATELESS),
            Map.entry("dropout", OpKind.STATELESS),
            Map.entry("concat", OpKind.FUNCTION), Map.entry("cat", OpKind.FUNCTION),
            Map.entry("stack", OpKind.FUNCTION), Map.entry("zeros", OpKind.FUNCTION),
            Map.entry("ones", OpKind.FUNCTION), Map.entry("batch_norm", OpKind.PARAMETRIC),
            Map.entry("embedding", OpKind.PARAMETRIC), Map.entry("rnn_cell", OpKind.PARAMETRIC),
            Map.entry("rnn", OpKind.PARAMETRIC), Map.entry("gru", OpKind.PARAMETRIC),
            Map.entry("lstm", OpKind.PARAMETRIC), Map.entry("mse", OpKind.LOSS), Map.entry("bce", OpKind.LOSS),
            Map.entry("bce_with_logits", OpKind.LOSS), Map.entry("cross_entropy", OpKind.LOSS),
            Map.entry("nll", OpKind.LOSS),
            Map.entry("squeeze", OpKind.STATELESS), Map.entry("unsqueeze", OpKind.STATELESS)));

    @Test
    void everyOpIsRegisteredWithItsKind() {
        for (Map.Entry<String, OpKind> e : EXPECTED.entrySet()) {
            Op op = OpTesting.op(e.getKey());
            assertEquals(e.getKey(), op.name());
            assertEquals(e.getValue(), op.kind(), e.getKey());
        }
        assertEquals(EXPECTED.keySet(), new HashSet<>(Catalogue.all().stream().map(Op::name).toList()));
    }

    @Test
    void signaturesAndDocsAreWellFormed() {
        for (Op op : Catalogue.all()) {
            assertFalse(op.doc().isBlank(), op.name());
            assertFalse(op.displayName().isBlank(), op.name());
            Set<String> names = new HashSet<>();
            for (ParamSpec p : op.signature().params()) {
                assertTrue(names.add(p.name()), op.name() + " repeats " + p.name());
                for (String alias : p.aliases()) {
                    assertTrue(names.add(alias), op.name() + " repeats alias " + alias);
                }
                if (p.kind() == ArgKind.WORD && p.defaultValue() != null) {
                    assertTrue(p.words().contains(dev.nnet.types.Value.describe(p.defaultValue())), op.name());
                }
            }
            assertTrue(op.optionalInputs() <= op.inputs().size(), op.name());
            assertTrue(op.signature().render(op.name()).startsWith(op.name() + "("));
        }
        assertEquals("max_pool2d(kernel_size, stride, padding=0, dilation=1, ceil_mode=false)",
                OpTesting.op("max_pool2d").signature().render("max_pool2d"));
        assertEquals("avg_pool2d(kernel_size, stride, padding=0, ceil_mode=false, count_include_pad=true)",
                OpTesting.op("avg_pool2d").signature().render("avg_pool2d"));
        assertEquals("leaky_relu(negative_slope=0.01)", OpTesting.op("leaky_relu").signature().render("leaky_relu"));
        assertEquals("view(shape...)", OpTesting.op("view").signature().render("view"));
        assertEquals(List.of("tensors"), OpTesting.op("concat").inputs());
        assertEquals(List.of("input", "hx", "lengths"), OpTesting.op("lstm").inputs());
        assertEquals(2, OpTesting.op("lstm").optionalInputs());
        assertEquals(List.of("input", "target"), OpTesting.op("nll").inputs());
    }
}
