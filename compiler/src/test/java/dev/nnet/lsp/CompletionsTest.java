package dev.nnet.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.eclipse.lsp4j.CompletionItem;
import org.junit.jupiter.api.Test;

/** Completion in each kind of place, on text that is mid-edit (it rarely parses). */
class CompletionsTest {
    static List<CompletionItem> items(String marked) {
        Fixtures.Cursor c = Fixtures.at(marked);
        return Completions.at(c.analysis(), c.offset(), true);
    }

    static List<String> labels(String marked) {
        return items(marked).stream().map(CompletionItem::getLabel).toList();
    }

    static String insert(String marked, String label) {
        return items(marked).stream().filter(i -> i.getLabel().equals(label)).findFirst().orElseThrow()
                .getTextEdit().getLeft().getNewText();
    }

    @Test
    void topLevelOffersTheItemKeywords() {
        assertEquals(List.of("model", "block", "train", "const"), labels("mo|"));
    }

    @Test
    void aLayerDeclarationOffersBuiltinLayersAndBlocksAsSignatureSnippets() {
        String text = "block Res(c: int) { forward(x) { return x } }\nmodel M {\n  input x: [N, 4]\n  fc = |\n}\n";
        List<String> labels = labels(text);
        assertTrue(labels.containsAll(List.of("linear", "conv2d", "relu", "gru", "Res")), labels.toString());
        assertFalse(labels.contains("concat"), "a function is not a layer: " + labels);
        assertFalse(labels.contains("cross_entropy"), "a loss is not a layer: " + labels);
        assertEquals("linear(${1:in_features}, ${2:out_features})$0", insert(text, "linear"));
        assertEquals("conv2d(${1:in_channels}, ${2:out_channels}, ${3:kernel_size})$0", insert(text, "conv2d"));
        assertEquals("Res(${1:c})$0", insert(text, "Res"));
        assertEquals("relu", insert(text, "relu"));
    }

    @Test
    void aComponentBodyOffersMemberKeywords() {
        assertEquals(List.of("input", "forward", "sequential"), labels("model M {\n  input x: [N, 4]\n  f|\n}\n"));
    }

    @Test
    void keywordsAlreadyGivenByNameOrPositionAreNotOfferedAgain() {
        List<String> labels = labels("model M {\n  input x: [N, 1, 8, 8]\n  c = conv2d(1, 6, kernel=3, |\n}\n");
        assertTrue(labels.containsAll(List.of("stride=", "padding=", "dilation=")), labels.toString());
        assertFalse(labels.contains("kernel_size="), "given as `kernel`: " + labels);
        assertFalse(labels.contains("in_channels="), "given by position: " + labels);
    }

    @Test
    void aWordParameterOffersItsWords() {
        String text = "model M { input x: [N, 4] fc = linear(4, 1) forward(x) { return fc(x) } }\n"
                + "train M {\n  loss mse(reduction=|\n}\n";
        assertEquals(List.of("mean", "sum", "none"), labels(text));
    }

    @Test
    void aBlockCallOffersItsParameters() {
        String text = "block Res(channels: int, scale: float = 1.0) { forward(x) { return x } }\n"
                + "model M {\n  input x: [N, 4]\n  r = Res(|\n}\n";
        List<String> labels = labels(text);
        assertTrue(labels.containsAll(List.of("channels=", "scale=")), labels.toString());
        List<String> afterOne = labels(text.replace("Res(|", "Res(16, |"));
        assertTrue(afterOne.contains("scale=") && !afterOne.contains("channels="), afterOne.toString());
    }

    @Test
    void aForwardCallOfABuiltinOffersItsOptionsAfterItsInputs() {
        String text = "model M {\n  input x: [N, 4]\n  forward(x) {\n    a = concat([x, x], |\n  }\n}\n";
        List<String> labels = labels(text);
        assertTrue(labels.contains("dim="), labels.toString());
        assertFalse(labels.contains("tensors="), "given by position: " + labels);
        assertTrue(labels.contains("x"), "names in scope are values too: " + labels);
    }

    @Test
    void applyingARecurrentLayerOffersItsOptionalTensorInputsButNotItsOptions() {
        String text = "model M {\n  input x: [T, N, 4]\n  g = gru(4, 8)\n  forward(x) {\n    o, h = g(x, |\n"
                + "  }\n}\n";
        List<String> labels = labels(text);
        assertTrue(labels.contains("hx="), labels.toString());
        assertFalse(labels.contains("hidden_size="), "fixed by the declaration: " + labels);
    }

    @Test
    void aMethodPositionOffersOpsThatTakeTheReceiverAsInput() {
        List<String> labels = labels("model M {\n  input x: [N, 4, 4]\n  forward(x) {\n    return x.|\n  }\n}\n");
        assertTrue(labels.containsAll(List.of("view", "flatten", "t", "relu")), labels.toString());
        assertFalse(labels.contains("zeros"), "zeros takes no tensor: " + labels);
        assertFalse(labels.contains("x"), labels.toString());
    }

    @Test
    void trainSettingsOfferWhatEachSettingTakes() {
        String model = "model M { input x: [N, 1, 28, 28] fc = linear(784, 10) forward(x) { return fc(flatten(x)) } }\n";
        assertTrue(labels(model + "train M {\n  optimizer |\n}\n").containsAll(List.of("sgd", "adam", "rmsprop")));
        assertTrue(labels(model + "train M {\n  loss |\n}\n").containsAll(List.of("cross_entropy", "mse", "nll")));
        assertTrue(labels(model + "train M {\n  data train = |\n}\n").containsAll(List.of("mnist", "csv",
                "tensors")));
        assertTrue(labels(model + "train M {\n  init |\n}\n").contains("fc"));
        assertTrue(labels(model + "train M {\n  e|\n}\n").containsAll(List.of("epochs", "evaluate", "data")));
        List<String> sgd = labels(model + "train M {\n  optimizer sgd(lr=0.1, |\n}\n");
        assertTrue(sgd.containsAll(List.of("momentum=", "nesterov=")) && !sgd.contains("lr="), sgd.toString());
        assertEquals("sgd(${1:lr})$0", insert(model + "train M {\n  optimizer |\n}\n", "sgd"));
    }

    @Test
    void nothingIsOfferedInsideACommentOrAString() {
        assertEquals(List.of(), labels("model M { // li|\n}"));
        assertEquals(List.of(), labels("model M { /* li| */ }"));
        assertEquals(List.of(), labels("train M { checkpoint \"li|\" }"));
    }

    @Test
    void withoutSnippetSupportCallsInsertTheirNameOnly() {
        Fixtures.Cursor c = Fixtures.at("model M {\n  input x: [N, 4]\n  fc = li|\n}\n");
        CompletionItem linear = Completions.at(c.analysis(), c.offset(), false).stream()
                .filter(i -> i.getLabel().equals("linear")).findFirst().orElseThrow();
        assertEquals("linear", linear.getTextEdit().getLeft().getNewText());
    }
}
