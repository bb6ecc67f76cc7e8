package dev.nnet.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.lsp4j.Hover;
import org.junit.jupiter.api.Test;

/** Hover on the samples: values per block instance, destructured tuples, train-block names, keywords. */
class HoverTest {
    static String hover(Fixtures.Cursor c) {
        Hover h = Hovers.at(c.analysis(), c.offset());
        return h == null ? null : h.getContents().getRight().getValue();
    }

    static String hover(String sample, String needle) {
        return hover(Fixtures.in(sample, needle));
    }

    @Test
    void aVariableOfABlockUsedTwiceShowsOneShapePerUse() {
        String h = hover("mnist/mnist-resnet.nnet", "|y = relu(conv1(x))");
        // conv 5x5 then pool: 28 -> 12 with 16 channels; again: 12 -> 4 with 32 channels.
        assertEquals("```nnet\n(variable) y: float[N, 16, 12, 12]  // in Net.rblock1\n"
                + "(variable) y: float[N, 32, 4, 4]  // in Net.rblock2\n```", h);
    }

    @Test
    void aBlockShowsEachInstanceWithItsArgumentsAndParameterCount() {
        String h = hover("mnist/mnist-resnet.nnet", "block |ResidualBlock");
        // Two 3x3 convolutions c -> c with bias: 2·(9c² + c); c = 16 gives 4,640 and c = 32 gives 18,496.
        assertTrue(h.contains("- `Net.rblock1` = ResidualBlock(channels=16): 4,640 parameters"), h);
        assertTrue(h.contains("- `Net.rblock2` = ResidualBlock(channels=32): 18,496 parameters"), h);
    }

    @Test
    void aBlockParameterShowsItsValueInEachInstance() {
        String h = hover("mnist/mnist-resnet.nnet", "conv1 = conv2d(|channels");
        assertTrue(h.contains("(block parameter) channels: int"), h);
        assertTrue(h.contains("`Net.rblock1`: 16") && h.contains("`Net.rblock2`: 32"), h);
    }

    @Test
    void eachTargetOfADestructuringTakesItsPartOfTheTuple() {
        // A 2-layer bidirectional GRU over [L, N, 100] gives outputs [L, N, 200] and hidden [4, N, 100].
        assertTrue(hover("recurrent/name-classifier.nnet", "|_output, hidden = gru")
                .contains("(variable) _output: float[L, N, 200]"));
        assertTrue(hover("recurrent/name-classifier.nnet", "_output, |hidden = gru")
                .contains("(variable) hidden: float[4, N, 100]"));
    }

    @Test
    void integerInputsShowTheirElementType() {
        String h = hover("recurrent/name-classifier.nnet", "input |seq_lengths");
        assertEquals("```nnet\n(input) seq_lengths: int[N]\n```", h);
    }

    @Test
    void aVariableThatShadowsALayerIsStillTheVariable() {
        String h = hover("recurrent/name-classifier.nnet", "gru(|embedding, hidden");
        assertTrue(h.contains("(variable) embedding: float[L, N, 100]"), h);
    }

    @Test
    void aKeywordArgumentShowsTheParameterItSets() {
        String h = hover("recurrent/name-classifier.nnet", "|bidirectional=true");
        assertTrue(h.contains("(parameter) bidirectional = false"), h);
        assertTrue(h.contains("Parameter of `gru`: `true` or `false`."), h);
    }

    @Test
    void anUnnamedSequentialEntryShowsItsOutputAndParameters() {
        String h = hover("basics/flower-5layer.nnet", "    |linear(2, 10)");
        assertTrue(h.contains("linear(in_features, out_features, bias=true) -> float[N, 10]"), h);
        assertTrue(h.contains("Parameters: 30 (`0.weight` [10, 2], `0.bias` [10])"), h);
    }

    @Test
    void trainBlockNamesShowTheirModelDataAndBuiltins() {
        assertTrue(hover("basics/backprop-worked-example.nnet", "init |hidden.weight")
                .contains("hidden = linear(in_features=2, out_features=2, bias=true)"));
        assertTrue(hover("basics/backprop-worked-example.nnet", "optimizer |sgd")
                .contains("sgd(lr, momentum=0.0, dampening=0.0, weight_decay=0.0, nesterov=false)"));
        assertTrue(hover("mnist/mnist-cnn.nnet", "evaluate |test")
                .contains("data test  = mnist(\"test\",  normalize(0.1307, 0.3081))"));
        assertTrue(hover("mnist/mnist-cnn.nnet", "loss |cross_entropy").contains("Built-in loss."));
    }

    @Test
    void anyCheckedExpressionShowsItsValue() {
        String h = hover("mnist/mnist-resnet.nnet", "return relu(x |+ y)");
        assertTrue(h.contains("float[N, 16, 12, 12]  // in Net.rblock1"), h);
    }

    @Test
    void whitespaceAndCommentsHaveNoHover() {
        assertNull(hover(Fixtures.at("// a comment |here\nmodel M { input x: [N, 4] forward(x) { return x } }")));
    }

    @Test
    void aLayerOfABlockNoModelUsesSaysWhyItsShapeIsUnknown() {
        String h = hover(Fixtures.at("block B(c: int) {\n  fc = linear(c, 2)\n  forward(x) { return |fc(x) }\n}\n"));
        assertTrue(h.contains("Not checked: it is in a block no model uses"), h);
    }
}
