package dev.nnet.kernels;

/**
 * A kernel was called with arguments that cannot describe a valid problem: a negative size, a stride shorter than a
 * row, an array too small for the offsets and shapes given, or a geometry with no output. The message names the
 * kernel, the argument, the values involved and what would fix it.
 */
public final class KernelArgumentException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public KernelArgumentException(String message) {
    super(message);
  }
}
