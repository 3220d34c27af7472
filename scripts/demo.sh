#!/usr/bin/env bash
# The README's main job: scaffold a plugin, build it, run its cases in the in-process host, package
# it, and publish it to the embedded default (the plugin's local OCI layout), so no server is needed.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
npx --prefix "$root" tsc -b "$root"
hplugin() { node "$root/packages/cli/bin/hplugin.js" "$@"; }

work="${DEMO_DIR:-$(mktemp -d -t hplugin-demo.XXXXXX)}"
cd "$work"
echo "== working in $work"
hplugin new demo --yes
cd demo
hplugin build
hplugin test
hplugin package
hplugin publish
hplugin inspect dist/oci:0.1.0
echo "== done: the artifact is in $work/demo/dist/oci"
