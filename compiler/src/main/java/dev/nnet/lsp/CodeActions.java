package dev.nnet.lsp;

import dev.nnet.diag.Diagnostic;
import dev.nnet.diag.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;

/**
 * Quick fixes: one per diagnostic that carries an exact replacement ({@link dev.nnet.diag.Fix}), offered where
 * the diagnostic's span or the fix's span meets the range the editor asks about.
 */
final class CodeActions {
    private CodeActions() {
    }

    static List<CodeAction> at(Analysis a, int start, int end) {
        List<CodeAction> out = new ArrayList<>();
        for (Diagnostic d : a.compilation().diagnostics()) {
            if (d.fix() == null || !(meets(d.span(), start, end) || meets(d.fix().span(), start, end))) {
                continue;
            }
            String uri = a.document().uri();
            CodeAction action = new CodeAction(title(d));
            action.setKind(CodeActionKind.QuickFix);
            action.setDiagnostics(List.of(LspDiagnostics.convert(uri, d)));
            action.setIsPreferred(true);
            TextEdit edit = new TextEdit(LineMap.range(d.fix().span()), d.fix().replacement());
            action.setEdit(new WorkspaceEdit(Map.of(uri, List.of(edit))));
            out.add(action);
        }
        return out;
    }

    /** The help says what to do; when it does not quote the new text itself, the title adds it. */
    static String title(Diagnostic d) {
        String help = d.help() == null ? "apply the suggested fix" : d.help();
        String replacement = d.fix().replacement();
        return help.contains(replacement) ? help : help + ": `" + replacement + "`";
    }

    private static boolean meets(Span s, int start, int end) {
        return s.start() <= end && start <= s.end();
    }
}
