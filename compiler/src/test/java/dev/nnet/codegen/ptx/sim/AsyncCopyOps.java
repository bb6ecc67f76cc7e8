package dev.nnet.codegen.ptx.sim;

import dev.nnet.codegen.ptx.sim.PtxAst.IntLiteral;
import dev.nnet.codegen.ptx.sim.PtxAst.Operand;
import java.util.List;

/**
 * sm_80's cp.async from global to shared memory. The simulator copies at once, so commit_group, wait_group and
 * wait_all have nothing left to wait for; a kernel that reads the destination before waiting is racy on a GPU and
 * is not caught here. Bytes past src-size are zero-filled, as the ISA says (kernels use it to pad tile edges).
 */
final class AsyncCopyOps {
    private AsyncCopyOps() {
    }

    static Instr decode(Decoder d) {
        Opcode op = d.opcode;
        if (!op.has("async") || op.has("bulk")) {
            throw d.error(op.text() + " is not supported; the simulator runs cp.async (global to shared)");
        }
        if (op.has("commit_group") || op.has("wait_group") || op.has("wait_all")) {
            d.operands(op.has("wait_group") ? 1 : 0);
            return Instr.normal(d.line(), t -> { });
        }
        if (!op.has("shared") || !op.has("global")) {
            throw d.error(op.text() + " copies .shared.global only");
        }
        List<Operand> ops = d.current.operands();
        if (ops.size() < 3 || ops.size() > 4) {
            throw d.error(op.text() + " takes [dst], [src], cp-size and an optional src-size");
        }
        if (!(ops.get(2) instanceof IntLiteral size) || (size.value() != 4 && size.value() != 8
                && size.value() != 16)) {
            throw d.error("cp.async copies 4, 8 or 16 bytes, given as a constant");
        }
        int bytes = (int) size.value();
        MemoryOps.Address dst = MemoryOps.address(d, ops.get(0), MemoryOps.Space.SHARED);
        MemoryOps.Address src = MemoryOps.address(d, ops.get(1), MemoryOps.Space.GLOBAL);
        int srcSize = ops.size() == 4 ? d.src(ops.get(3), PtxType.U32) : -1;
        return Instr.normal(d.line(), t -> {
            long to = dst.of(t);
            long from = src.of(t);
            MemoryOps.checkAlignment(to, bytes);
            MemoryOps.checkAlignment(from, bytes);
            long valid = srcSize < 0 ? bytes : Math.min(bytes, t.get(srcSize));
            for (int i = 0; i < bytes; i += 4) {
                long word = 0;
                if (i + 4 <= valid) {
                    word = MemoryOps.read(t, MemoryOps.Space.GLOBAL, from + i, 4);
                } else {
                    for (int k = i; k < valid; k++) {
                        word |= MemoryOps.read(t, MemoryOps.Space.GLOBAL, from + k, 1) << (8 * (k - i));
                    }
                }
                MemoryOps.write(t, MemoryOps.Space.SHARED, to + i, 4, word);
            }
        });
    }
}
