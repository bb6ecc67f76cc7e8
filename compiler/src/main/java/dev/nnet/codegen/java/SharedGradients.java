package dev.nnet.codegen.java;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.nnet.ir.Node;
import dev.nnet.ir.op.Input;
import dev.nnet.ir.op.Param;
import dev.nnet.types.Dim;

/**
 * The trainer's emitter for the optimizer steps of a batch-split step: parameters and optimizer state are the
 * trainer's, while every computed value (the summed gradients) is read from the buffers of one share,
 * {@code shareVariable}.
 */
final class SharedGradients implements JavaEmitter {
    private final JavaEmitter trainer;
    private final JavaEmitter share;
    private final String shareVariable;

    SharedGradients(JavaEmitter trainer, JavaEmitter share, String shareVariable) {
        this.trainer = trainer;
        this.share = share;
        this.shareVariable = shareVariable;
    }

    @Override
    public String array(Node n) {
        if (n.op() instanceof Param || n.op() instanceof Input) {
            return trainer.array(n);
        }
        return shareVariable + "." + share.array(n);
    }

    @Override
    public String count(Node n) {
        return trainer.count(n);
    }

    @Override
    public String size(Dim d) {
        return trainer.size(d);
    }

    @Override
    public String capacity(Dim d) {
        return trainer.capacity(d);
    }

    @Override
    public String batch() {
        return trainer.batch();
    }

    @Override
    public String maxBatch() {
        return trainer.maxBatch();
    }

    @Override
    public String rng() {
        return trainer.rng();
    }

    @Override
    public String step() {
        return trainer.step();
    }

    @Override
    public String field(String key, String nameHint, TypeName type, CodeBlock init) {
        return trainer.field(key, nameHint, type, init);
    }

    @Override
    public String nodeKey(Node n, String kind) {
        return trainer.nodeKey(n, kind);
    }

    @Override
    public java.util.List<Node> users(Node n) {
        return trainer.users(n);
    }

    @Override
    public void statement(String format, Object... args) {
        trainer.statement(format, args);
    }

    @Override
    public void code(CodeBlock block) {
        trainer.code(block);
    }

    @Override
    public String local(String hint) {
        return trainer.local(hint);
    }
}
