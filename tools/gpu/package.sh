#!/usr/bin/env bash
# Packs what the GPU check needs on a machine that may have no JDK into tools/gpu/dist/ (git-ignored):
#   dist/jars/  the nnet CLI jar and its dependencies (JCuda's natives without the PTX compiler and NVRTC it does
#               not use: 24 MB of the 26 MB jar)
#   dist/jre/   a jlink-ed runtime: the modules jdeps finds in the jars but java.desktop (charts), plus
#               jdk.compiler (nnet compiles the generated Java in memory through javax.tools) and jdk.zipfs;
#               stripped, and ct.sym cut to the current release's marker
# and prints the size. Everything must stay under 64 MiB: the device machine receives at most that.
#
#   tools/gpu/package.sh            # builds the jars offline (mvn package, never install), then packs
#   tools/gpu/package.sh --no-build # packs the jars already in compiler/target
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DIST="$ROOT/tools/gpu/dist"
JAR="$ROOT/compiler/target/nnet-compiler-0.1.0-SNAPSHOT.jar"
LIB="$ROOT/compiler/target/lib"
LIMIT_MIB=64

build=1
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "package.sh: unknown argument '$arg'" >&2; exit 2 ;;
  esac
done

if [ "$build" = 1 ]; then
  (cd "$ROOT" && mvn -B -ntp -o -q -DskipTests package -pl compiler -am)
fi
if [ ! -f "$JAR" ] || [ ! -d "$LIB" ]; then
  echo "package.sh: $JAR or $LIB is missing; run without --no-build" >&2
  exit 2
fi

rm -rf "$DIST"
mkdir -p "$DIST/jars"
cp "$JAR" "$DIST/jars/"
cp "$LIB"/*.jar "$DIST/jars/"
# The driver API needs libJCudaDriver only (and JCublas2 its own natives); the NVRTC and PTX-compiler bindings
# link libraries nnet never loads.
natives=$(ls "$DIST"/jars/jcuda-natives-*.jar)
zip -q -d "$natives" 'lib/libJNvPTXCompiler-*' 'lib/libJNvrtc-*'

modules=$(jdeps --multi-release 17 --ignore-missing-deps --print-module-deps \
  --class-path "$DIST/jars/*" "$DIST"/jars/*.jar 2>/dev/null | tail -1)
# java.desktop is jfreechart's (nnet plot, train --plot), which the check does not use: 10 MB left out.
modules="$(echo "$modules" | tr ',' '\n' | grep -vx java.desktop | paste -sd,),jdk.compiler,jdk.zipfs"
jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$DIST/jre" 2>&1 | grep -v 'Using incubator modules' || true
# javac's --release 17 on a 17 runtime compiles against the runtime's own modules; of ct.sym (the APIs of older
# releases, 8 MB) it reads only the marker of the current release, a directory named by the version in base 36.
feature=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$DIST/jre/release")
digits=0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ
current=${digits:$feature:1}
scratch=$(mktemp -d)
(cd "$scratch" && unzip -q "$DIST/jre/lib/ct.sym" "$current/*" && rm "$DIST/jre/lib/ct.sym" \
  && zip -q -r "$DIST/jre/lib/ct.sym" "$current")
rm -rf "$scratch"
find "$DIST/jre" -name '*.so' -exec strip --strip-unneeded {} +

cat > "$DIST/README" <<TEXT
Built by tools/gpu/package.sh from $(cd "$ROOT" && git rev-parse --short HEAD) on $(date -u +%Y-%m-%dT%H:%MZ).
jre/: jlink of $modules
jars/: the nnet CLI (dev.nnet.cli.Nnet) and its dependencies
TEXT

bytes=$(du -sb "$DIST" | cut -f1)
mib=$(( (bytes + 1048575) / 1048576 ))
echo "tools/gpu/dist: $mib MiB (jre $(du -sh "$DIST/jre" | cut -f1), jars $(du -sh "$DIST/jars" | cut -f1)); modules: $modules"
if [ "$mib" -ge "$LIMIT_MIB" ]; then
  echo "package.sh: $mib MiB is over the $LIMIT_MIB MiB a device run can carry" >&2
  exit 1
fi
