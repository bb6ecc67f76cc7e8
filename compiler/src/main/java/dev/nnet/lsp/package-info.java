/**
 * The nnet language server ({@code nnetc lsp}): the front end's diagnostics as the user types, and editor
 * features answered from the same analysis.
 *
 * <ul>
 *   <li>{@link dev.nnet.lsp.NnetLanguageServer} starts and stops everything; {@code NnetTextDocumentService}
 *       keeps {@code DocumentStore} in sync (incremental edits, {@code LineMap} for UTF-16 positions) and hands
 *       requests to {@code Requests}, which runs them off the protocol thread and turns a failure into a logged
 *       error response.</li>
 *   <li>{@code CheckScheduler} re-checks a document after each change, debounced, and publishes a result only if
 *       it is for the document's current revision, so stale diagnostics never replace newer ones. Every check
 *       and every request's compile runs under a {@link dev.nnet.Cancellation} with a time budget
 *       ({@code checkBudgetMs}, 2 s by default), and a newer edit cancels the running check, so one pathological
 *       document never starves the others.
 *       {@code LspDiagnostics} converts the checker's diagnostics with their codes, spans, labels (as related
 *       locations), notes and help.</li>
 *   <li>{@code Analysis} is one revision's {@link dev.nnet.Compilation} with two indexes built on first use:
 *       {@code SymbolIndex} (every name and what it denotes, by {@code SymbolIndexer} and
 *       {@code ForwardIndexer}) and {@code FactIndex} (the checker's inferred values and layer instances by
 *       source location).</li>
 *   <li>Features, one file each: {@code Hovers}, {@code Navigation} (definition, references),
 *       {@code DocumentSymbols}, {@code Completions} (with {@code CursorContext}, read from tokens so that
 *       half-typed text still gives an answer, and {@code CompletionItems}) and {@code CodeActions} (quick fixes
 *       from diagnostics that carry an exact {@link dev.nnet.diag.Fix}).</li>
 * </ul>
 *
 * <p>A transcript of the protocol and the latency figures are in {@code editors/README.md}.
 */
package dev.nnet.lsp;
