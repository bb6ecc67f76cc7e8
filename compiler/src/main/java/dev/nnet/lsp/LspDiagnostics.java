package dev.nnet.lsp;

import dev.nnet.diag.Code;
import dev.nnet.diag.Diagnostic;
import dev.nnet.diag.Label;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.DiagnosticRelatedInformation;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.DiagnosticTag;
import org.eclipse.lsp4j.Location;

/**
 * The checker's diagnostics as LSP diagnostics: the same code, message and span as {@code nnetc check}; labels
 * become related locations; the caret label, notes and help follow the message on their own lines, as the
 * human renderer prints them, since LSP has no field for them.
 */
final class LspDiagnostics {
    static final String SOURCE = "nnet";

    private LspDiagnostics() {
    }

    static List<org.eclipse.lsp4j.Diagnostic> convert(String uri, List<Diagnostic> diagnostics) {
        List<org.eclipse.lsp4j.Diagnostic> out = new ArrayList<>(diagnostics.size());
        for (Diagnostic d : diagnostics) {
            out.add(convert(uri, d));
        }
        return out;
    }

    static org.eclipse.lsp4j.Diagnostic convert(String uri, Diagnostic d) {
        org.eclipse.lsp4j.Diagnostic out = new org.eclipse.lsp4j.Diagnostic();
        out.setRange(LineMap.range(d.span()));
        out.setSeverity(d.isError() ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning);
        out.setCode(d.code());
        out.setSource(SOURCE);
        out.setMessage(message(d));
        List<DiagnosticRelatedInformation> related = new ArrayList<>();
        for (Label l : d.labels()) {
            related.add(new DiagnosticRelatedInformation(new Location(uri, LineMap.range(l.span())), l.message()));
        }
        if (!related.isEmpty()) {
            out.setRelatedInformation(related);
        }
        if (d.code().equals(Code.W0301.id()) || d.code().equals(Code.W0302.id())) {
            out.setTags(List.of(DiagnosticTag.Unnecessary)); // editors fade unused code
        }
        return out;
    }

    static String message(Diagnostic d) {
        StringBuilder m = new StringBuilder(d.message());
        if (!d.spanLabel().isEmpty()) {
            m.append('\n').append(d.spanLabel());
        }
        for (String note : d.notes()) {
            m.append("\nnote: ").append(note);
        }
        if (d.help() != null) {
            m.append("\nhelp: ").append(d.help());
        }
        return m.toString();
    }
}
