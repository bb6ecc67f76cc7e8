package dev.nnet.kernels;

/**
 * Argument validation shared by the kernels. Every check is a comparison on the happy path; the message is only
 * built when a check fails, so validating a call never allocates.
 */
final class Checks {
  private Checks() {}

  static void nonNegative(String kernel, String name, int value) {
    if (value < 0) {
      throw new KernelArgumentException(kernel + ": " + name + " is " + value + "; it must be zero or more");
    }
  }

  static void positive(String kernel, String name, int value) {
    if (value <= 0) {
      throw new KernelArgumentException(kernel + ": " + name + " is " + value + "; it must be at least 1");
    }
  }

  static void notNull(String kernel, String name, Object array) {
    if (array == null) {
      throw new KernelArgumentException(kernel + ": " + name + " is null; pass an array");
    }
  }

  /** A row stride must cover the row it steps over (any stride of zero or more will do for empty rows). */
  static void leadingDimension(String kernel, String name, int ld, int rowLength) {
    if (ld < 0 || ld < rowLength) {
      throw new KernelArgumentException(kernel + ": " + name + " is " + ld + " but a stored row holds " + rowLength
          + " elements; the row stride must be at least " + rowLength);
    }
  }

  /**
   * The array must hold {@code rows} rows of {@code cols} elements, {@code ld} apart, starting at {@code off}.
   * Nothing is read when the matrix is empty.
   */
  static void matrix(String kernel, String name, float[] array, int off, int rows, int cols, int ld) {
    if (rows == 0 || cols == 0) {
      return;
    }
    notNull(kernel, name, array);
    long last = (long) off + (long) (rows - 1) * ld + cols - 1;
    if (off < 0 || last >= array.length) {
      throw new KernelArgumentException(kernel + ": " + name + " is " + rows + "x" + cols + " with row stride " + ld
          + " at offset " + off + ", so it needs " + (last + 1) + " elements, but the array has " + array.length
          + "; pass a larger array or fix the offset, sizes or stride");
    }
  }

  /** The array must hold {@code count} consecutive elements from {@code off}. */
  static void span(String kernel, String name, float[] array, int off, long count) {
    if (count == 0) {
      return;
    }
    notNull(kernel, name, array);
    if (off < 0 || off + count > array.length) {
      throw new KernelArgumentException(kernel + ": " + name + " needs " + count + " elements from offset " + off
          + " (up to index " + (off + count - 1) + ") but the array has " + array.length
          + "; pass a larger array or fix the offset or batch size");
    }
  }

  /** Refuses two spans of {@code count} values that overlap in one array: a kernel reads one while writing the other. */
  static void disjoint(String kernel, String nameA, float[] a, int aOff, String nameB, float[] b, int bOff,
      long count) {
    if (a == b && count > 0 && aOff < bOff + count && bOff < aOff + count) {
      throw new KernelArgumentException(kernel + ": " + nameA + " and " + nameB + " overlap in one array (offsets "
          + aOff + " and " + bOff + ", " + count + " values each); give " + nameB + " its own storage");
    }
  }

  static void span(String kernel, String name, int[] array, int off, long count) {
    if (count == 0) {
      return;
    }
    if (array == null) {
      throw new KernelArgumentException(kernel + ": " + name + " is null; pass an array");
    }
    if (off < 0 || off + count > array.length) {
      throw new KernelArgumentException(kernel + ": " + name + " needs " + count + " elements from offset " + off
          + " but the array has " + array.length + "; pass a larger array or fix the batch size");
    }
  }

  static void batch(String kernel, int n, int maxBatch) {
    if (n < 0 || n > maxBatch) {
      throw new KernelArgumentException(kernel + ": batch size " + n + " is outside 0.." + maxBatch
          + ", the maximum this instance was built for; build it with a larger maxBatch");
    }
  }
}
