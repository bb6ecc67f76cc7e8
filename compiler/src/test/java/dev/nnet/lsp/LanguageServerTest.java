package dev.nnet.lsp;

import static dev.nnet.lsp.LspHarness.pos;
import static dev.nnet.lsp.LspHarness.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.InsertTextFormat;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ReferenceContext;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives the server through LSP4J over pipes, as an editor does: diagnostics appearing and clearing, hover,
 * definition, references, outline, completion and quick fixes. One server serves every test (each on its own
 * document), which also shows that open files do not disturb each other.
 */
class LanguageServerTest {
    /** The README's LeNet mistake: the input of fc1 is 16·5·5 = 400 features, not 16·4·4 = 256. */
    static final String LENET = String.join("\n",
            "model LeNet {",                          // 0
            "  input x: [N, 1, 32, 32]",              // 1
            "  conv1 = conv2d(1, 6, kernel=5)",       // 2
            "  conv2 = conv2d(6, 16, kernel=5)",      // 3
            "  pool  = max_pool2d(2)",                // 4
            "  fc1   = linear(16 * 4 * 4, 120)",      // 5
            "  fc2   = linear(120, 84)",              // 6
            "  fc3   = linear(84, 10)",               // 7
            "  forward(x) {",                         // 8
            "    x = pool(relu(conv1(x)))",           // 9
            "    x = pool(relu(conv2(x)))",           // 10
            "    x = x.view(N, -1)",                  // 11
            "    x = relu(fc1(x))",                   // 12
            "    x = relu(fc2(x))",                   // 13
            "    return fc3(x)",                      // 14
            "  }",                                    // 15
            "}",                                      // 16
            "");
    static final String LENET_FIXED = LENET.replace("16 * 4 * 4", "400");

    static LspHarness lsp;

    @BeforeAll
    static void start() throws Exception {
        lsp = new LspHarness(0);
    }

    @AfterAll
    static void stop() throws Exception {
        lsp.close();
    }

    static String uri(String name) {
        return "file:///test/" + name + ".nnet";
    }

    @Test
    void shapeErrorIsPublishedWithTheCheckersRangeAndCodeAndClearedOnceFixed() throws Exception {
        String uri = uri("appear-clear");
        lsp.open(uri, LENET);
        PublishDiagnosticsParams first = lsp.awaitDiagnostics(uri, 1);
        assertEquals(1, first.getDiagnostics().size(), first.toString());
        Diagnostic d = first.getDiagnostics().get(0);
        assertEquals("E0201", d.getCode().getLeft());
        assertEquals(DiagnosticSeverity.Error, d.getSeverity());
        assertEquals(range(12, 13, 12, 19), d.getRange()); // `fc1(x)` on line 13, as `nnetc check` says 13:14
        String message = d.getMessage().getLeft();
        assertTrue(message.startsWith("linear `fc1` expects 256 input features, found 400\n"), message);
        assertTrue(message.contains("help: declare `fc1 = linear(400, 120)` on line 6"), message);
        assertEquals(1, d.getRelatedInformation().size());
        assertEquals(range(5, 17, 5, 27), d.getRelatedInformation().get(0).getLocation().getRange());
        assertEquals("in_features = 256 declared here", d.getRelatedInformation().get(0).getMessage());

        lsp.replace(uri, 2, range(5, 17, 5, 27), "400");
        assertEquals(List.of(), lsp.awaitDiagnostics(uri, 2).getDiagnostics());
    }

    @Test
    void closingADocumentClearsItsDiagnostics() throws Exception {
        String uri = uri("close");
        lsp.open(uri, LENET);
        assertEquals(1, lsp.awaitDiagnostics(uri, 1).getDiagnostics().size());
        lsp.close(uri);
        assertEquals(List.of(), lsp.awaitDiagnostics(uri, null).getDiagnostics());
    }

    @Test
    void hoverOnAVariableShowsItsShapeAndElementType() throws Exception {
        String uri = uri("hover-variable");
        lsp.open(uri, LENET_FIXED);
        // The target `x` of `x = pool(relu(conv1(x)))`: conv 5x5 takes 32 to 28, pooling halves it.
        String target = hover(uri, pos(9, 4));
        assertTrue(target.contains("(variable) x: float[N, 6, 14, 14]"), target);
        // The use of `x` inside the same line still holds the input.
        String use = hover(uri, pos(9, 25));
        assertTrue(use.contains("(variable) x: float[N, 1, 32, 32]"), use);
    }

    @Test
    void hoverOnALayerShowsItsArgumentsParametersOutputAndDocs() throws Exception {
        String uri = uri("hover-layer");
        lsp.open(uri, LENET_FIXED);
        String h = hover(uri, pos(12, 14)); // fc1 in `relu(fc1(x))`
        assertTrue(h.contains("fc1 = linear(in_features=400, out_features=120, bias=true)"), h);
        assertTrue(h.contains("Parameters: 48,120 (`fc1.weight` [120, 400], `fc1.bias` [120])"), h);
        assertTrue(h.contains("Output: `float[N, 120]`"), h);
        assertTrue(h.contains("affine map"), h);
    }

    @Test
    void hoverOnABuiltinShowsItsSignatureAndDocumentation() throws Exception {
        String uri = uri("hover-builtin");
        lsp.open(uri, LENET_FIXED);
        String h = hover(uri, pos(2, 11)); // conv2d
        assertTrue(h.contains("conv2d(in_channels, out_channels, kernel_size"), h);
        assertTrue(h.contains("Built-in layer."), h);
        assertTrue(h.contains("`kernel_size` (or `kernel`)"), h);
    }

    @Test
    void hoverOnTheModelShowsItsSignatureAndParameterCount() throws Exception {
        String uri = uri("hover-model");
        lsp.open(uri, LENET_FIXED);
        String h = hover(uri, pos(0, 8));
        // LeNet-5 on 32x32 inputs: PyTorch counts 61,706 parameters.
        assertTrue(h.contains("model LeNet(x: float[N, 1, 32, 32]) -> float[N, 10]"), h);
        assertTrue(h.contains("Parameters: 61,706"), h);
    }

    @Test
    void definitionOfALayerUseIsItsDeclaration() throws Exception {
        String uri = uri("definition");
        lsp.open(uri, LENET_FIXED);
        List<? extends Location> fc1 = definition(uri, pos(12, 15));
        assertEquals(List.of(new Location(uri, range(5, 2, 5, 5))), fc1);
        // A variable's definition is the assignment its value comes from: `x` on line 13 reads line 12's `x`.
        List<? extends Location> x = definition(uri, pos(12, 18));
        assertEquals(List.of(new Location(uri, range(11, 4, 11, 5))), x);
        assertEquals(List.of(), definition(uri, pos(12, 10))); // relu is built in
    }

    @Test
    void referencesOfALayerAreItsDeclarationAndEveryUse() throws Exception {
        String uri = uri("references");
        lsp.open(uri, LENET_FIXED);
        ReferenceParams params = new ReferenceParams(new TextDocumentIdentifier(uri), pos(4, 3),
                new ReferenceContext(true));
        List<? extends Location> refs = lsp.server.getTextDocumentService().references(params)
                .get(10, TimeUnit.SECONDS);
        assertEquals(List.of(new Location(uri, range(4, 2, 4, 6)), new Location(uri, range(9, 8, 9, 12)),
                new Location(uri, range(10, 8, 10, 12))), refs);
    }

    @Test
    void outlineListsTheModelWithItsInputsLayersAndForward() throws Exception {
        String uri = uri("outline");
        lsp.open(uri, LENET_FIXED);
        List<Either<SymbolInformation, DocumentSymbol>> symbols = lsp.server.getTextDocumentService()
                .documentSymbol(new DocumentSymbolParams(new TextDocumentIdentifier(uri))).get(10, TimeUnit.SECONDS);
        assertEquals(1, symbols.size());
        DocumentSymbol model = symbols.get(0).getRight();
        assertEquals("LeNet", model.getName());
        assertEquals(List.of("x", "conv1", "conv2", "pool", "fc1", "fc2", "fc3", "forward"),
                model.getChildren().stream().map(DocumentSymbol::getName).toList());
    }

    @Test
    void completionInsideADeclarationOffersTheKeywordsNotYetGiven() throws Exception {
        String uri = uri("complete-keywords");
        String text = "model M {\n  input x: [N, 1, 28, 28]\n  c = conv2d(1, 6, \n}\n";
        lsp.open(uri, text);
        List<String> labels = completion(uri, pos(2, 19)).stream().map(CompletionItem::getLabel).toList();
        assertTrue(labels.containsAll(List.of("kernel_size=", "stride=", "padding=")), labels.toString());
        assertTrue(!labels.contains("in_channels=") && !labels.contains("out_channels="), labels.toString());
    }

    @Test
    void completionInAForwardBodyOffersVariablesLayersAndBuiltinSnippets() throws Exception {
        String uri = uri("complete-forward");
        String text = "model M {\n  input x: [N, 4]\n  fc = linear(4, 2)\n  forward(x) {\n    h = relu(x)\n"
                + "    y = fc(re\n  }\n}\n";
        lsp.open(uri, text);
        List<CompletionItem> items = completion(uri, pos(5, 13));
        List<String> labels = items.stream().map(CompletionItem::getLabel).toList();
        assertTrue(labels.containsAll(List.of("x", "h", "fc", "relu", "concat")), labels.toString());
        assertTrue(!labels.contains("y"), "y is not bound yet: " + labels);
        CompletionItem relu = items.stream().filter(i -> i.getLabel().equals("relu")).findFirst().orElseThrow();
        assertEquals(InsertTextFormat.Snippet, relu.getInsertTextFormat());
        TextEdit edit = relu.getTextEdit().getLeft();
        assertEquals("relu(${1:input})$0", edit.getNewText());
        assertEquals(range(5, 11, 5, 13), edit.getRange()); // replaces the `re` typed so far
    }

    @Test
    void quickFixRewritesTheArgumentTheHelpNames() throws Exception {
        String uri = uri("quick-fix");
        lsp.open(uri, LENET);
        Diagnostic d = lsp.awaitDiagnostics(uri, 1).getDiagnostics().get(0);
        List<Either<Command, CodeAction>> actions = lsp.server.getTextDocumentService().codeAction(
                new CodeActionParams(new TextDocumentIdentifier(uri), d.getRange(), new CodeActionContext(List.of(d))))
                .get(10, TimeUnit.SECONDS);
        assertEquals(1, actions.size());
        CodeAction fix = actions.get(0).getRight();
        assertEquals("declare `fc1 = linear(400, 120)` on line 6", fix.getTitle());
        assertEquals("quickfix", fix.getKind());
        assertEquals(List.of(new TextEdit(range(5, 17, 5, 27), "400")), fix.getEdit().getChanges().get(uri));
    }

    @Test
    void requestsForADocumentThatIsNotOpenAnswerWithNothing() throws Exception {
        Hover h = lsp.server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(
                uri("never-opened")), pos(0, 0))).get(10, TimeUnit.SECONDS);
        assertNull(h);
    }

    static String hover(String uri, Position p) throws Exception {
        Hover h = lsp.server.getTextDocumentService().hover(new HoverParams(new TextDocumentIdentifier(uri), p))
                .get(10, TimeUnit.SECONDS);
        return h == null ? "(no hover)" : h.getContents().getRight().getValue();
    }

    static List<? extends Location> definition(String uri, Position p) throws Exception {
        return lsp.server.getTextDocumentService().definition(new DefinitionParams(new TextDocumentIdentifier(uri),
                p)).get(10, TimeUnit.SECONDS).getLeft();
    }

    static List<CompletionItem> completion(String uri, Position p) throws Exception {
        return lsp.server.getTextDocumentService().completion(new CompletionParams(new TextDocumentIdentifier(uri),
                p)).get(10, TimeUnit.SECONDS).getRight().getItems();
    }
}
