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
source "$root/.ci/library-package.sh"
pack_library "$work"

# 2. A scratch project outside the repository, with the peers a consumer installs.
mkdir "$work/consumer"
cp "$root/.ci/consumer/main.ts" "$root/.ci/consumer/tsconfig.json" "$work/consumer/"
echo '{ "name": "tpu-gke-consumer", "version": "0.0.0", "private": true }' > "$work/consumer/package.json"
install_library "$work/consumer"
cd "$work/consumer"

# 3. Compile against the package's declarations, synthesize, assert.
npx --no-install tsc -p tsconfig.json
node dist/main.js

# 4. The package's review tool on the consumer's own tree, as an adopter runs it.
summary=$(npx --no-install tpu-gke summary --out cdktf.out)
for line in '# Infrastructure summary' '## Stack `team-tpu`' '```mermaid'; do
  grep -qxF -- "$line" <<<"$summary" || { echo "consumer check: tpu-gke summary printed no line '$line':" >&2; echo "$summary" | head -20 >&2; exit 1; }
done
grep -qE '^- team-tpu: .*16 TPU v6e chips / 4 VMs' <<<"$summary" \
  || { echo "consumer check: tpu-gke summary does not report team-tpu's 16 v6e chips:" >&2; echo "$summary" | head -5 >&2; exit 1; }
echo 'consumer check: tpu-gke summary reports team-tpu'
