#!/usr/bin/env bash
# Examples check: every consumer repo under examples/ built as an adopter builds it.
# Pack the library, copy the example outside the repository (without node_modules,
# dist, cdktf.out), install the tarball its package.json names (file:) with the peers
# at the versions the library is tested with (the root devDependencies), compile with
# its strict tsconfig, synthesize every stack, run the example's own check, then the
# project's offline verification of the output (Kubernetes objects, google 7.x
# arguments, Terraform core). Needs the npm registry (the npm cache makes repeat runs
# fast) and terraform; runs from .ci/run, not from jest.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export CHECKPOINT_DISABLE=1
work=$(mktemp -d "${TMPDIR:-/tmp}/tpu-gke-examples.XXXXXX")
trap 'rm -rf "$work"' EXIT
start=$SECONDS
phase() { echo "examples check: $1 ($((SECONDS - start)) s)"; }

# 1. Pack (prepack rebuilds dist/, including dist/scripts/verify used below).
source "$root/.ci/library-package.sh"
mkdir "$work/repo"
pack_library "$work/repo"
phase "packed $(basename "$LIBRARY_TARBALL")"
for script in k8s-objects tf-schema tf-core; do
  [ -f "$root/dist/scripts/verify/$script.js" ] || { echo "examples check: dist/scripts/verify/$script.js missing (npm run build)" >&2; exit 1; }
done

# Every example repo (a directory of examples/ with its own package.json).
examples=("$root"/examples/*/package.json)
[ -e "${examples[0]}" ] || { echo "examples check: no examples/*/package.json" >&2; exit 1; }
for manifest in "${examples[@]}"; do
  example=$(dirname "$manifest")
  name=$(basename "$example")
  # The same relative place as in the repository, so the example's file: path to the tarball resolves.
  dir="$work/repo/examples/$name"
  mkdir -p "$dir"
  tar -C "$example" --exclude=./node_modules --exclude=./dist --exclude=./cdktf.out --exclude='*.tgz' -cf - . | tar -C "$dir" -xf -

  # 2. The example declares what it is built with: the packed tarball and the tested peer versions.
  (cd "$dir" && node -e '
    const pkg = require("./package.json");
    const root = require(process.argv[1] + "/package.json");
    const deps = { ...pkg.dependencies, ...pkg.devDependencies };
    const want = { "tpu-gke-cdktf": `file:../../${root.name}-${root.version}.tgz` };
    for (const peer of [...Object.keys(root.peerDependencies), "typescript", "@types/node"]) want[peer] = root.devDependencies[peer];
    const wrong = Object.entries(want).filter(([n, v]) => deps[n] !== v).map(([n, v]) => `${n}: ${deps[n] ?? "missing"} (expected ${v})`);
    if (wrong.length) { console.error(`examples check: ${pkg.name} package.json disagrees with the library:\n  ${wrong.join("\n  ")}`); process.exit(1); }
  ' "$root")
  install_library "$dir"
  phase "$name: installed"

  # 3. Compile (strict, the example's tsconfig), synthesize, the example's own assertions.
  (cd "$dir" && npx --no-install tsc -p tsconfig.json && node dist/main.js && { [ ! -f dist/check.js ] || node dist/check.js; })
  phase "$name: compiled and synthesized"

  # 4. The project's offline verification of the example's output.
  node "$root/dist/scripts/verify/k8s-objects.js" --quiet "$dir/cdktf.out"
  node "$root/dist/scripts/verify/tf-schema.js" -q "$dir/cdktf.out"
  node "$root/dist/scripts/verify/tf-core.js" "$dir/cdktf.out"
  phase "$name: verified"
done
