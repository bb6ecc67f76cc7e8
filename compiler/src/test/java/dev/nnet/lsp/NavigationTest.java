package dev.nnet.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Range;
import org.junit.jupiter.api.Test;

/** Definition and references across the kinds of names, on the samples. */
class NavigationTest {
    /** The text each location covers, which is easier to read in a failure than line/column pairs. */
    static List<String> texts(Fixtures.Cursor c, List<Location> locations) {
        LineMap lines = c.analysis().document().lines();
        String text = c.analysis().document().text();
        return locations.stream().map(l -> {
            Range r = l.getRange();
            int start = lines.offset(r.getStart());
            return lines.position(start).getLine() + 1 + ":" + text.substring(start, lines.offset(r.getEnd()));
        }).toList();
    }

    static List<String> definition(String sample, String needle) {
        Fixtures.Cursor c = Fixtures.in(sample, needle);
        return texts(c, Navigation.definition(c.analysis(), c.offset()));
    }

    static List<String> references(String sample, String needle) {
        Fixtures.Cursor c = Fixtures.in(sample, needle);
        return texts(c, Navigation.references(c.analysis(), c.offset(), true));
    }

    @Test
    void aBlockUseGoesToTheBlock() {
        assertEquals(List.of("6:ResidualBlock"), definition("mnist/mnist-resnet.nnet", "rblock1 = |ResidualBlock"));
    }

    @Test
    void aModelNamedByATrainBlockGoesToTheModel() {
        assertEquals(List.of("17:Net"), definition("mnist/mnist-resnet.nnet", "train |Net"));
    }

    @Test
    void aVariableUseGoesToTheAssignmentItReads() {
        // `y = conv2(y)` reads the `y` bound on the line before.
        assertEquals(List.of("11:y"), definition("mnist/mnist-resnet.nnet", "y = conv2(|y)"));
        assertEquals(List.of("12:y"), definition("mnist/mnist-resnet.nnet", "return relu(x + |y)"));
    }

    @Test
    void aConstantAndABlockParameterGoToTheirDeclarations() {
        assertEquals(List.of("6:HIDDEN_SIZE"), definition("recurrent/name-classifier.nnet", "N_CHARS, |HIDDEN_SIZE)"));
        assertEquals(List.of("6:channels"), definition("mnist/mnist-resnet.nnet", "conv1 = conv2d(|channels"));
    }

    @Test
    void anInitPathGoesToTheLayer() {
        assertEquals(List.of("12:hidden"), definition("basics/backprop-worked-example.nnet", "init |hidden.bias"));
    }

    @Test
    void referencesOfAVariableCoverEveryBindingAndUse() {
        assertEquals(List.of("11:y", "12:y", "12:y", "13:y"),
                references("mnist/mnist-resnet.nnet", "|y = relu(conv1(x))"));
    }

    @Test
    void referencesOfAModelIncludeItsTrainBlock() {
        assertEquals(List.of("17:Net", "37:Net"), references("mnist/mnist-resnet.nnet", "model |Net"));
    }

    @Test
    void referencesOfASymbolCoverEveryDimensionAndUse() {
        assertEquals(List.of("18:N", "32:N"), references("mnist/mnist-resnet.nnet", "input x: [|N"));
    }

    @Test
    void aBuiltinHasNoDefinitionOrReferences() {
        assertEquals(List.of(), definition("mnist/mnist-resnet.nnet", "x = |relu(mp"));
        assertEquals(List.of(), references("mnist/mnist-resnet.nnet", "x = |relu(mp"));
    }
}
