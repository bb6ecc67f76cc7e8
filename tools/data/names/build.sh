#!/usr/bin/env bash
# Rebuilds data/names_train.csv.gz and data/names_test.csv.gz from the surname lists that the npm package
# @faker-js/faker ships (MIT). Needs npm and node 18+; writes nothing but those two files.
#   tools/data/names/build.sh [OUT_DIR]        (OUT_DIR defaults to data/ at the repository root)
set -euo pipefail
version=10.6.0
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../../../data}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "@faker-js/faker@$version" >/dev/null && tar xzf "faker-js-faker-$version.tgz")
node "$here/build.mjs" "$work/package" "$out"
