#!/usr/bin/env bash
# The supported Node lines besides the machine's (docs/embedding.md#node-lines): the example-host
# e2e (the packed tarball installed into examples/host-app, the host process on that line) and
# the `npm start` smoke test (the compiled service on that line). Node binaries come from the npm
# registry's `node` package, installed once into a cache folder; Jest itself and the rest of the
# suite stay on the machine's Node. Needs a built dist/ (npm test builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${NODE_LINES_CACHE:-$PWD/.cache/node-lines}"
# One example installation (from the same tarball) serves every line.
export EXAMPLE_HOST_DIR="$CACHE/example-host"
for line in ${NODE_LINES:-22 24}; do
  dir="$CACHE/node-$line"
  if [ ! -x "$dir/node_modules/node/bin/node" ]; then
    mkdir -p "$dir"
    echo '{"private":true,"allowScripts":{"node":true}}' > "$dir/package.json"
    (cd "$dir" && npm install --no-audit --no-fund --no-package-lock "node@$line" >/dev/null)
  fi
  bin="$dir/node_modules/node/bin/node"
  version="$("$bin" --version)"
  case "$version" in v"$line".*) ;; *) echo "expected Node $line, got $version from $bin" >&2; exit 1 ;; esac
  echo "== Node $version: example host e2e and npm start smoke test"
  HOST_NODE="$bin" npx jest test/e2e/example-host test/e2e/npm-start.e2e-spec.ts --selectProjects e2e
done
