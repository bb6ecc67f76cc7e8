package dev.nnet.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.ast.Program;
import dev.nnet.diag.Diagnostics;
import dev.nnet.diag.SourceFile;
import dev.nnet.syntax.Parser;
import org.junit.jupiter.api.Test;

class AstDumpTest {
    static String dump(String text) {
        Diagnostics diags = new Diagnostics();
        Program p = Parser.parse(new SourceFile("t.nnet", text), diags);
        assertFalse(diags.hasErrors(), () -> "unexpected syntax errors: " + diags.sorted());
        return AstDump.render(p);
    }

    @Test
    void smallModelExactly() {
        String out = dump("model M {\n  input x: [N, 4]\n  fc = linear(4, out=2)\n"
                + "  forward(x) { return fc(x) }\n}\n");
        assertEquals(String.join("\n",
                "(program",
                "  (model M @1:1",
                "    (input x @2:3",
                "      (name N @2:13)",
                "      (int 4 @2:16))",
                "    (layer fc @3:3",
                "      (call linear @3:8",
                "        (int 4 @3:15)",
                "        (kw out @3:18",
                "          (int 2 @3:22))))",
                "    (forward [x] @4:3",
                "      (return @4:16",
                "        (call fc @4:23",
                "          (name x @4:26))))))",
                ""), out);
    }

    @Test
    void everyKindOfNodeHasALine() {
        String text = String.join("\n",
                "const H = 2 * (3 + 1)",
                "block B(c: int, p: float = 0.50) {",
                "  sequential { flatten  fc1 = linear(c, H) }",
                "}",
                "model M {",
                "  input ids: int[N, 8]",
                "  forward {",
                "    out, (h, c) = lstm(ids)",
                "    y = h[-1].view(-1, 4) % 2",
                "    return y, [1.5e3, true, \"s\"], (1, 2)",
                "  }",
                "}",
                "train M {",
                "  data train = mnist(\"train\")",
                "  batch 64 shuffle",
                "  batch 32",
                "  loss cross_entropy",
                "  optimizer sgd(lr=0.01)",
                "  epochs 3",
                "  seed 7",
                "  log every 300 batches",
                "  evaluate test every epoch: accuracy, loss",
                "  checkpoint \"m.safetensors\" every 2 epochs",
                "  init fc.weight = normal(std=0.01)",
                "}",
                "const Z = -H",
                "");
        String out = dump(text);
        for (String expected : new String[] {
            "(const H @1:1", "(* @1:11", "(+ @1:16", "(block B @2:1", "(param c : int @2:9",
            "(param p : float @2:17", "(float 0.50 @2:28)", "(sequential @3:3", "(step @3:16",
            "(name flatten @3:16)", "(step fc1 @3:25", "(input ids int @6:3", "(forward @7:3",
            "(assign @8:5", "(target out @8:5)", "(target-tuple @8:10", "(target h @8:11)", "(% @9:9",
            "(method view @9:9", "(index @9:9", "(int -1 @9:11)", "(return @10:5", "(list @10:15",
            "(float 1.5e3 @10:16)", "(bool true @10:23)", "(string \"s\" @10:29)", "(tuple @10:35",
            "(train M @13:1", "(data train @14:3", "(string \"train\" @14:22)", "(batch [shuffle] @15:3",
            "(int 64 @15:9)", "(int 32 @16:9)", "(loss @17:3", "(name cross_entropy @17:8)",
            "(optimizer @18:3", "(kw lr @18:17", "(epochs @19:3", "(seed @20:3", "(log @21:3",
            "(every batches @21:13", "(int 300 @21:13)", "(evaluate test [accuracy, loss] @22:3",
            "(every epoch @22:23)", "(checkpoint \"m.safetensors\" @23:3", "(every epochs @23:36",
            "(init fc.weight @24:3", "(call normal @24:20", "(neg @26:11", "(name H @26:12)",
        }) {
            assertTrue(out.contains(expected), () -> "missing `" + expected + "` in\n" + out);
        }
        assertEquals(out, dump(text), "the dump is deterministic");
    }

    @Test
    void recoveredTreeShowsMissingNodes() {
        Diagnostics diags = new Diagnostics();
        Program p = Parser.parse(new SourceFile("t.nnet", "model M { fc = }\n"), diags);
        assertTrue(diags.hasErrors());
        String out = AstDump.render(p);
        assertTrue(out.startsWith("(program\n"), out);
    }
}
