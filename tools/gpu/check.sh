#!/usr/bin/env bash
# The GPU check of issue 17, for a machine with one NVIDIA GPU, CUDA, PyTorch with CUDA, no network and perhaps no
# JDK. For every feed-forward seed network: GPU-vs-CPU parity of 50 steps' losses, nnet's GPU training speed at batch
# 64 and 512, and the same networks in the machine's PyTorch, side by side, in ONE JSON report (tools/gpu/check.py).
#
#   tools/gpu/package.sh                         # here, first: jars and a jlink-ed runtime into tools/gpu/dist/
#   tools/gpu/check.sh --out report.json         # there: the whole check, under 8 minutes
#   tools/gpu/check.sh --device cpu --out r.json # anywhere: the same pipeline on the CPU (tests the script)
#   tools/gpu/check.sh --dry-run                 # prints what it found and the commands it would run
#
# Options: --device cuda|cpu (default cuda), --out FILE (default tools/gpu/out/report.json), --networks a,b,
# --budget SECONDS (default 450: runs that do not fit are reported as skipped), --dry-run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIST="$ROOT/tools/gpu/dist"

device=cuda
out="$ROOT/tools/gpu/out/report.json"
networks=""
budget=450
dry_run=0
while [ $# -gt 0 ]; do
  case "$1" in
    --device) device="${2:?--device needs cuda or cpu}"; shift 2 ;;
    --out) out="${2:?--out needs a file}"; shift 2 ;;
    --networks) networks="${2:?--networks needs names}"; shift 2 ;;
    --budget) budget="${2:?--budget needs seconds}"; shift 2 ;;
    --dry-run) dry_run=1; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "check.sh: unknown argument '$1'; see --help" >&2; exit 2 ;;
  esac
done
case "$device" in cuda|cpu) ;; *) echo "check.sh: --device must be cuda or cpu, found '$device'" >&2; exit 2 ;; esac

say() { echo "check.sh: $*" >&2; }

# Java: the machine's, else the jlink-ed runtime that package.sh built.
if command -v java > /dev/null 2>&1; then
  java="$(command -v java)"
elif [ -x "$DIST/jre/bin/java" ]; then
  java="$DIST/jre/bin/java"
else
  say "no java on the PATH and no $DIST/jre; run tools/gpu/package.sh where a JDK is (and carry tools/gpu/dist)"
  exit 2
fi

# The nnet CLI: the packed jars, else a build in this checkout.
if [ -d "$DIST/jars" ]; then
  classpath="$DIST/jars/*"
elif [ -f "$ROOT/compiler/target/nnet-compiler-0.1.0-SNAPSHOT.jar" ] && [ -d "$ROOT/compiler/target/lib" ]; then
  classpath="$ROOT/compiler/target/nnet-compiler-0.1.0-SNAPSHOT.jar:$ROOT/compiler/target/lib/*"
else
  say "no nnet jars: run tools/gpu/package.sh (or mvn -o -DskipTests package) first"
  exit 2
fi

# PyTorch: the first python that imports torch.
python=""
for candidate in "${NNET_PYTHON:-}" python3 /usr/bin/python3 python; do
  if [ -n "$candidate" ] && command -v "$candidate" > /dev/null 2>&1 \
      && "$candidate" -c 'import torch' > /dev/null 2>&1; then
    python="$(command -v "$candidate")"
    break
  fi
done
if [ -z "$python" ]; then
  say "no python with PyTorch found (set NNET_PYTHON)"
  exit 2
fi

# JCublas 12.0.0 links libcublas.so.12; a CUDA 13 machine may have only .so.13, but PyTorch's wheel ships .so.12.
cublas_dir="$("$python" -c 'import os, nvidia.cublas as c; print(os.path.join(list(c.__path__)[0], "lib"))' \
  2> /dev/null || true)"
if [ -n "$cublas_dir" ] && [ -d "$cublas_dir" ]; then
  export LD_LIBRARY_PATH="$cublas_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
else
  say "PyTorch has no nvidia/cublas/lib here; --gemm cublas runs need libcublas.so.12 on LD_LIBRARY_PATH"
fi

say "java: $java"
say "classpath: $classpath"
say "python: $python"
say "LD_LIBRARY_PATH: ${LD_LIBRARY_PATH:-}"
if [ "$device" = cuda ] && command -v nvidia-smi > /dev/null 2>&1; then
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader >&2 || true
fi

args=(--java "$java" --classpath "$classpath" --python "$python" --device "$device" --out "$out" --budget "$budget")
if [ -n "$networks" ]; then
  args+=(--networks "$networks")
fi
if [ "$dry_run" = 1 ]; then
  args+=(--dry-run)
fi
exec "$python" "$ROOT/tools/gpu/check.py" "${args[@]}"
