package dev.nnet.resolve;

/** Placeholder while the resolver is written. */
public final class Scope {
}
