package dev.nnet.kernels;

/**
 * A value of the data that a kernel cannot take: a sequence length of 0 or past the padded length, a token id
 * outside the vocabulary, an id that is not a whole number. The message is for the user (the data is wrong, not
 * the program), unlike {@link KernelArgumentException}.
 */
public final class InputDataException extends RuntimeException {
  public InputDataException(String message) {
    super(message);
  }
}
