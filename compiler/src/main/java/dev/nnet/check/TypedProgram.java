package dev.nnet.check;

/** Placeholder while the checker is written. */
public final class TypedProgram {
}
