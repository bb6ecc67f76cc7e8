package dev.nnet.ast;

import dev.nnet.diag.Span;
import java.util.List;

/** A setting of a train block. */
public sealed interface TrainStmt {
    Span span();

    /** {@code data train = mnist("train", normalize(0.1307, 0.3081))} */
    record Data(Ident name, Expr source, Span span) implements TrainStmt {
    }

    /** {@code batch 64 shuffle}; size is null for {@code batch full}. */
    record Batch(Expr size, List<Ident> flags, Span span) implements TrainStmt {
        public Batch {
            flags = List.copyOf(flags);
        }
    }

    /** {@code loss cross_entropy} or {@code loss 0.5 * mse(reduction=sum)}. */
    record Loss(Expr value, Span span) implements TrainStmt {
    }

    record Optimizer(Expr value, Span span) implements TrainStmt {
    }

    record Epochs(Expr value, Span span) implements TrainStmt {
    }

    record Seed(Expr value, Span span) implements TrainStmt {
    }

    /** {@code log every 300 batches} */
    record Log(Cadence every, Span span) implements TrainStmt {
    }

    /** {@code evaluate test every epoch: accuracy, loss}; every may be null (= every epoch). */
    record Evaluate(Ident dataset, Cadence every, List<Ident> metrics, Span span) implements TrainStmt {
        public Evaluate {
            metrics = List.copyOf(metrics);
        }
    }

    /** {@code checkpoint "out.safetensors" every 2 epochs}; every may be null (= end of each epoch). */
    record Checkpoint(StringPath path, Cadence every, Span span) implements TrainStmt {
    }

    /** {@code init fc.weight = normal(std=0.01)} */
    record Init(List<Ident> target, Expr value, Span span) implements TrainStmt {
        public Init {
            target = List.copyOf(target);
        }
    }

    /** {@code labels "e", "h", "l", "o"}: the name of each output class, in index order. */
    record Labels(List<StringPath> values, Span span) implements TrainStmt {
        public Labels {
            values = List.copyOf(values);
        }
    }

    /** How often: {@code 300 batches}, {@code epoch}; count is null when not written (= 1). */
    record Cadence(Expr count, Ident unit, Span span) {
    }

    record StringPath(String value, Span span) {
    }
}
