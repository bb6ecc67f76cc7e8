package dev.nnet.runtime.data;

/** A per-sample transform, applied in order when a batch is filled (data stays compact in memory). */
public sealed interface Transform {
    /** {@code (x - mean) / std}; for images, after scaling bytes to [0, 1] like torchvision's ToTensor. */
    record Normalize(float mean, float std) implements Transform {
    }

    /** Zeros added on each side of an image: 28×28 with {@code pad(2)} becomes 32×32. */
    record Pad(int padding) implements Transform {
    }

    /** Multiplies every value. */
    record Scale(float factor) implements Transform {
    }
}
