#!/bin/sh
# Push time and peak RSS of a 64 MiB blob: hplugin's client vs `oras push`, each to a fresh repo on
# the same local docker-registry. Figures only; nothing is asserted. Needs a built package
# (npx tsc -b packages/oci), docker-registry, /usr/bin/time and oras.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
oras=${ORAS:-/root/go/bin/oras}
work=$(mktemp -d)
trap 'kill $reg 2>/dev/null || true; rm -rf "$work"' EXIT
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
cat > "$work/config.yml" <<YML
version: 0.1
log: {level: error}
storage: {filesystem: {rootdirectory: $work/data}}
http: {addr: 127.0.0.1:$port}
YML
docker-registry serve "$work/config.yml" >"$work/registry.log" 2>&1 &
reg=$!
until curl -sf "http://127.0.0.1:$port/v2/" >/dev/null; do sleep 0.1; done
head -c $((64 * 1024 * 1024)) /dev/urandom > "$work/blob.bin"
for i in 1 2 3; do
  /usr/bin/time -f "hplugin run $i: wall %e s, peak RSS %M KiB" node "$here/push-one.mjs" "127.0.0.1:$port/bench/hplugin$i:1" "$work/blob.bin" >/dev/null
  (cd "$work" && /usr/bin/time -f "oras    run $i: wall %e s, peak RSS %M KiB" "$oras" push --plain-http "127.0.0.1:$port/bench/oras$i:1" blob.bin:application/octet-stream >/dev/null)
done
