package dev.nnet.ast;

import dev.nnet.diag.SourceFile;
import java.util.List;

/** A parsed {@code .nnet} file. */
public record Program(SourceFile source, List<Item> items) {
    public Program {
        items = List.copyOf(items);
    }
}
