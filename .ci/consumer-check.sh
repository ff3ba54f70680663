#!/usr/bin/env bash
# Consumer check: pack the library, install the tarball with its peer
# dependencies into a scratch project outside the repository, compile a small
# TypeScript stack (.ci/consumer/main.ts) that composes the public constructs,
# synthesize it and assert on the output. Needs the npm registry (peers are
# installed like a consumer would; the npm cache makes repeat runs fast), so it
# runs from .ci/run and the pull-request workflow, not from jest.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d "${TMPDIR:-/tmp}/tpu-gke-consumer.XXXXXX")
trap 'rm -rf "$work"' EXIT

# 1. Pack (prepack builds) and check what the tarball holds.
tarball_name=$(npm pack --silent --pack-destination "$work" | tail -n 1)
tarball="$work/$tarball_name"
tar tzf "$tarball" | sort > "$work/contents.txt"
unexpected=$(grep -vE '^package/(dist/lib/.+\.(js|d\.ts)|charts/k8s-objects/.+|package\.json|README\.md|API\.md|LICENSE)$' "$work/contents.txt" || true)
if [ -n "$unexpected" ]; then
  echo "consumer check: unexpected files in $tarball_name:" >&2
  echo "$unexpected" >&2
  exit 1
fi
for required in package/dist/lib/index.js package/dist/lib/index.d.ts package/charts/k8s-objects/Chart.yaml package/charts/k8s-objects/templates/objects.yaml; do
  grep -qx "$required" "$work/contents.txt" || { echo "consumer check: $required missing from $tarball_name" >&2; exit 1; }
done

# 2. A scratch project outside the repository, with the peers a consumer installs.
version_of() { node -p "require('$root/package.json').devDependencies['$1']"; }
mkdir "$work/consumer"
cp "$root/.ci/consumer/main.ts" "$root/.ci/consumer/tsconfig.json" "$work/consumer/"
cd "$work/consumer"
echo '{ "name": "tpu-gke-consumer", "version": "0.0.0", "private": true }' > package.json
npm install --no-audit --no-fund --prefer-offline --loglevel=error \
  "$tarball" \
  "cdktf@$(version_of cdktf)" "constructs@$(version_of constructs)" \
  "@cdktf/provider-google@$(version_of @cdktf/provider-google)" \
  "@cdktf/provider-google-beta@$(version_of @cdktf/provider-google-beta)" \
  "@cdktf/provider-helm@$(version_of @cdktf/provider-helm)" \
  "@cdktf/provider-kubernetes@$(version_of @cdktf/provider-kubernetes)" \
  "typescript@$(version_of typescript)" "@types/node@$(version_of @types/node)"

# One copy of cdktf/constructs: a nested copy would split the construct tree.
if [ -d node_modules/tpu-gke-cdktf/node_modules ]; then
  echo "consumer check: the package brought its own node_modules:" >&2
  ls node_modules/tpu-gke-cdktf/node_modules >&2
  exit 1
fi

# 3. Compile against the package's declarations, synthesize, assert.
npx --no-install tsc -p tsconfig.json
node dist/main.js
