#!/usr/bin/env bash
# Shared by .ci/consumer-check.sh and .ci/examples-check.sh (sourced, not run):
# pack the library the way it is published and install the tarball with its peer
# dependencies into a scratch project, as an adopter's `npm install` would.
#
#   source .ci/library-package.sh
#   pack_library DEST_DIR            # sets LIBRARY_TARBALL (absolute path)
#   install_library PROJECT_DIR      # tarball + peers at the root devDependencies' versions
#
# Expects $root (the repository) to be set by the caller.

# npm pack (its prepack rebuilds dist/) into DEST_DIR, then check what the tarball holds:
# only the compiled library and the files it reads at run time.
pack_library() {
  local dest=$1 name contents unexpected required
  name=$(cd "$root" && npm pack --silent --pack-destination "$dest" | tail -n 1)
  LIBRARY_TARBALL="$dest/$name"
  contents="$dest/.tarball-contents.txt"
  tar tzf "$LIBRARY_TARBALL" | sort > "$contents"
  unexpected=$(grep -vE '^package/(dist/lib/.+\.(js|d\.ts)|dist/bin/tpu-gke\.js|dist/scripts/(summary|plan-summary|pr-comment)\.js|dist/scripts/summary/[a-z-]+\.js|charts/k8s-objects/.+|vendor/gateway-api-inference-extension/v[0-9.]+/[a-z0-9_.-]+\.yaml|package\.json|README\.md|API\.md|LICENSE)$' "$contents" || true)
  if [ -n "$unexpected" ]; then
    echo "library package: unexpected files in $name:" >&2
    echo "$unexpected" >&2
    return 1
  fi
  # Read at run time from the installed package: the carrier chart (lib/k8s/objects-chart.ts)
  # and the vendored GAIE CRDs (lib/serving/pd/gaie-crds.ts); the tpu-gke bin and its summary.
  for required in package/dist/lib/index.js package/dist/lib/index.d.ts \
    package/dist/bin/tpu-gke.js package/dist/scripts/summary.js package/dist/scripts/summary/markdown.js \
    package/charts/k8s-objects/Chart.yaml package/charts/k8s-objects/templates/objects.yaml \
    package/vendor/gateway-api-inference-extension/v1.5.0/inference.networking.k8s.io_inferencepools.yaml; do
    grep -qx "$required" "$contents" || { echo "library package: $required missing from $name" >&2; return 1; }
  done
}

# The version of a dev dependency of the library (the peers are tested at these versions).
library_dev_version() {
  node -p "require('$root/package.json').devDependencies['$1']"
}

# npm install the tarball with the peers (and the TypeScript toolchain) into PROJECT_DIR.
install_library() {
  local dir=$1 v
  v=library_dev_version
  (cd "$dir" && npm install --no-audit --no-fund --prefer-offline --loglevel=error \
    "$LIBRARY_TARBALL" \
    "cdktf@$($v cdktf)" "constructs@$($v constructs)" \
    "@cdktf/provider-google@$($v @cdktf/provider-google)" \
    "@cdktf/provider-google-beta@$($v @cdktf/provider-google-beta)" \
    "@cdktf/provider-helm@$($v @cdktf/provider-helm)" \
    "@cdktf/provider-kubernetes@$($v @cdktf/provider-kubernetes)" \
    "typescript@$($v typescript)" "@types/node@$($v @types/node)")
  # One copy of cdktf/constructs: a nested copy would split the construct tree.
  if [ -d "$dir/node_modules/tpu-gke-cdktf/node_modules" ]; then
    echo "library package: the package brought its own node_modules:" >&2
    ls "$dir/node_modules/tpu-gke-cdktf/node_modules" >&2
    return 1
  fi
}
