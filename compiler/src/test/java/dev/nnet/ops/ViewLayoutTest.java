package dev.nnet.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.diag.Diagnostic;
import dev.nnet.diag.SourceFile;
import dev.nnet.lower.Pipeline;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code view} follows PyTorch's stride rule (E0220 where PyTorch would raise); {@code reshape} and
 * {@code contiguous()} are the ways out, and views the strides can express pass. Each case was checked against
 * PyTorch 2 ({@code x.transpose(1, 2).view(...)} and so on) when written.
 */
class ViewLayoutTest {
    @Test
    void theWaysOutCheckCleanAndCompile() {
        for (String body : List.of(
                "fc(x.transpose(1, 2).contiguous().view(N, 12))",
                "fc(x.transpose(1, 2).reshape(N, 12))",
                "fc(flatten(x.transpose(1, 2)))",
                // Transposing back restores row-major order.
                "fc(x.transpose(1, 2).transpose(2, 1).view(N, 12))",
                // A view that keeps the swapped dimensions apart is expressible with the strides.
                "fc(x.transpose(1, 2).view(N, 3, 4, 1).reshape(N, 12))",
                "fc(x.transpose(1, 2).view(N, 3, 2, 2).reshape(N, 12))",
                // Swapping with a size-1 dimension moves nothing.
                "fc(x.unsqueeze(1).transpose(1, 2).view(N, 12))",
                // Whole rows of a slice are adjacent: [N, 2:4, :] of [N, 4, 3] flattens per sample.
                "fc(concat([x[:, 2:4, :].view(N, 6), x[:, 0:2, :].view(N, 6)], dim=1))",
                // A computing op (softmax) writes a fresh contiguous tensor.
                "fc(softmax(x.transpose(1, 2), dim=-1).view(N, 12))")) {
            String program = """
                    model M {
                      input x: [N, 4, 3]
                      fc = linear(12, 2)
                      forward(x) { return %s }
                    }
                    """.formatted(body);
            Compilation c = Driver.compile(new SourceFile("ok.nnet", program));
            assertFalse(c.hasErrors(), body + ": " + c.diagnostics());
            Pipeline.lower(c);
        }
    }

    @Test
    void viewsTheStridesCannotExpressAreE0220() {
        for (String body : List.of(
                "fc(x.transpose(1, 2).view(N, 12))",
                "fc(x.transpose(0, 1).view(4 * N, 3).view(N, 12))",
                "fc(x.transpose(1, 2).view(N, 6, 2).view(N, 12))",
                "fc(concat([x[:, :, 0:2].view(N, 8), x[:, 0, 0:3], x[:, 0, 0:1]], dim=1))",
                "fc(relu(x.transpose(1, 2)).unsqueeze(1).view(N, 12))")) {
            String program = """
                    model M {
                      input x: [N, 4, 3]
                      fc = linear(12, 2)
                      forward(x) { return %s }
                    }
                    """.formatted(body);
            List<String> codes = Driver.compile(new SourceFile("bad.nnet", program)).diagnostics().stream()
                    .map(Diagnostic::code).map(Object::toString).toList();
            assertEquals("E0220", codes.isEmpty() ? "" : codes.get(0), body + ": " + codes);
        }
    }
}
