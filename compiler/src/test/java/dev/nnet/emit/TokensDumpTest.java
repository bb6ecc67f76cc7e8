package dev.nnet.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.diag.SourceFile;
import dev.nnet.syntax.Parser;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokensDumpTest {
    @Test
    void oneTokenPerLineWithPositionKindAndText() {
        String out = TokensDump.render(Parser.tokens(new SourceFile("t.nnet",
                "model M {\n  // comment\n  fc = linear(4, 0.5, \"a'b\") @\n}")));
        List<String> lines = List.of(out.split("\n"));
        assertEquals("1:1 model 'model'", lines.get(0));
        assertEquals("1:7 IDENT 'M'", lines.get(1));
        assertEquals("1:9 { '{'", lines.get(2));
        assertEquals("3:3 IDENT 'fc'", lines.get(3));
        assertTrue(lines.contains("3:15 INT '4'"), out);
        assertTrue(lines.contains("3:18 FLOAT '0.5'"), out);
        assertTrue(lines.contains("3:23 STRING '\"a\\'b\"'"), out);
        assertTrue(lines.contains("3:30 ERROR_CHAR '@'"), out);
        assertEquals("4:1 } '}'", lines.get(lines.size() - 1));
        assertTrue(out.endsWith("\n"));
        for (String line : lines) {
            assertTrue(line.matches("\\d+:\\d+ \\S+ '.*'"), line);
        }
    }
}
