package dev.nnet.ir;

/** A malformed IR graph: a compiler bug (user mistakes are diagnostics long before the IR exists). */
public final class IrException extends RuntimeException {
    public IrException(String message) {
        super(message);
    }
}
