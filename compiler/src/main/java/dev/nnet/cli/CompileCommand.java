package dev.nnet.cli;

import dev.nnet.Compilation;
import dev.nnet.Driver;
import dev.nnet.ast.Program;
import dev.nnet.codegen.ptx.PtxBackend;
import dev.nnet.diag.Diagnostics;
import dev.nnet.diag.SourceFile;
import dev.nnet.emit.AstDump;
import dev.nnet.emit.IrDump;
import dev.nnet.ir.IrPrinter;
import dev.nnet.lower.LoweringException;
import dev.nnet.lower.Pipeline;
import dev.nnet.passes.Pass;
import dev.nnet.passes.PassObserver;
import dev.nnet.passes.Passes;
import dev.nnet.emit.TokensDump;
import dev.nnet.emit.TypedDump;
import dev.nnet.syntax.Parser;
import javax.lang.model.SourceVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code nnetc compile [--emit=STAGE] FILE [-o DIR]}: runs the pipeline up to STAGE (default java) and prints that
 * stage's text form on stdout (for ptx, one PTX module per train block, or per model where none trains it), or writes the Java sources under DIR; diagnostics go to stderr. Exit 1 when the
 * stages run had errors. {@code --print-after=PASS} shows one pass's effect on every graph.
 */
@Command(name = "compile", description = "Compile FILE and print the result of one stage.")
final class CompileCommand extends BaseCommand {
    /** Every stage of DESIGN.md §3, including those not built yet, so the error says "not yet", not "unknown". */
    enum Emit {
        TOKENS, AST, TYPED, IR, IR_OPT, JAVA, PTX;

        static final class Converter implements ITypeConverter<Emit> {
            @Override
            public Emit convert(String value) {
                return Choices.parse(Emit.class, value);
            }
        }
    }

    @Option(names = "--emit", paramLabel = "STAGE", converter = Emit.Converter.class, defaultValue = "java",
            description = "tokens, ast, typed, ir, ir-opt, java or ptx (default: ${DEFAULT-VALUE}).")
    Emit emit;

    @Parameters(paramLabel = "FILE", description = "Source file (.nnet).")
    String file;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR",
            description = "Write the Java sources under DIR (by package) instead of printing them.")
    String output;

    @Option(names = "--package", paramLabel = "NAME", defaultValue = "nnet.generated",
            description = "Java package of the generated classes (default: ${DEFAULT-VALUE}).")
    String packageName;

    @Option(names = "--print-after", paramLabel = "PASS",
            description = "Print every graph after each run of PASS (one of: ${COMPLETION-CANDIDATES}) instead of "
                    + "the stage's output.", completionCandidates = PassNames.class)
    String printAfter;

    @Mixin
    ColorOption color;

    /** The pass catalogue's names, for --help. */
    static final class PassNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Passes.all().stream().map(Pass::name).iterator();
        }
    }

    @Override
    int run() {
        Pass watched = null;
        if (printAfter != null) {
            watched = Passes.named(printAfter).orElseThrow(() -> new UsageException("no pass named `" + printAfter
                    + "`; the passes are " + String.join(", ", new PassNames())));
            if (output != null) {
                throw new UsageException("--print-after prints graphs; it cannot be used with -o");
            }
        }
        if (output != null && emit != Emit.JAVA) {
            throw new UsageException("-o writes Java sources; it cannot be used with --emit=" + Choices.spell(emit)
                    + " (drop -o to print that stage, or drop --emit to write Java)");
        }
        if (!SourceVersion.isName(packageName)) {
            throw new UsageException("--package '" + packageName + "' is not a Java package name: dot-separated "
                    + "identifiers, none of them a keyword (e.g. com.example.models)");
        }
        SourceFile source = Inputs.read(file);
        if (emit == Emit.TOKENS) {
            // Lexing never fails: a stray character is an ERROR_CHAR token, which is what this dump should show.
            out().print(TokensDump.render(Parser.tokens(source)));
            return 0;
        }
        if (emit == Emit.AST) {
            Diagnostics diags = new Diagnostics();
            Program program = Parser.parse(source, diags);
            // The recovered tree is printed even after syntax errors: seeing the Missing nodes helps debug recovery.
            out().print(AstDump.render(program));
            printHuman(source, diags.sorted(), color.enabled());
            return diags.hasErrors() ? 1 : 0;
        }
        Compilation c = Driver.compile(source);
        printHuman(source, c.diagnostics(), color.enabled());
        if (c.hasErrors()) {
            return 1;
        }
        if (emit == Emit.TYPED) {
            printBlock(out(), TypedDump.render(c));
            return 0;
        }
        try {
            if (watched != null) {
                Pass pass = watched;
                Pipeline.lower(c, true, (p, g) -> {
                    if (p.name().equals(pass.name())) {
                        out().print("// after " + p.name() + "\n" + IrPrinter.print(g) + "\n");
                    }
                });
            } else if (emit == Emit.PTX) {
                out().print(PtxBackend.emit(Pipeline.lower(c)));
            } else if (emit == Emit.IR || emit == Emit.IR_OPT) {
                boolean optimized = emit == Emit.IR_OPT;
                out().print(IrDump.render(Pipeline.lower(c, optimized, PassObserver.NONE), optimized));
            } else {
                JavaOutput.write(Pipeline.lower(c), packageName, output, out());
            }
        } catch (LoweringException e) {
            return unsupported(source, e, color.enabled());
        }
        return 0;
    }
}
