#!/usr/bin/env bash
# Starts the language server with the command editors/neovim/nnet.lua and editors/helix/languages.toml give their
# editors (with this checkout's bin/ first on PATH, as their comments ask of a user), and checks that it answers:
# a shape error appears, an edit clears it, and the server exits 0. Run after `mvn -q -DskipTests package`.
set -euo pipefail
cd "$(dirname "$0")/../.."
export PATH="$PWD/bin:$PATH"

neovim=$(sed -n 's/.*cmd = { "\([^"]*\)", "\([^"]*\)" },.*/\1 \2/p' editors/neovim/nnet.lua)
helix_command=$(sed -n 's/^command = "\([^"]*\)"$/\1/p' editors/helix/languages.toml)
helix_args=$(sed -n 's/^args = \["\([^"]*\)"\]$/\1/p' editors/helix/languages.toml)
helix="$helix_command $helix_args"

status=0
for editor in neovim helix; do
  command=${!editor}
  if [ -z "${command// /}" ]; then
    echo "$editor: no server command found in its configuration" >&2
    status=1
    continue
  fi
  echo "$editor: $command"
  # shellcheck disable=SC2086
  java editors/tools/LspProbe.java check $command || status=1
done
exit $status
