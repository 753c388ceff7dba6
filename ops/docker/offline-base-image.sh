#!/bin/sh
# Builds a stand-in for node:20-bookworm-slim on a machine that reaches Debian's mirror and npm but no
# container registry (this project's CI machines): a Debian bookworm minbase (debootstrap) with this
# machine's Node 20 (node, npm) and CA bundle, imported as an image. `npm run test:containers` then builds
# the real Dockerfile on it with NODE_IMAGE=<this image>. Needs root, debootstrap and podman; takes minutes.
# Usage: ops/docker/offline-base-image.sh [image-name] (default localhost/routing-node20-bookworm:offline)
set -eu

image="${1:-localhost/routing-node20-bookworm:offline}"
engine="${CONTAINER_ENGINE:-podman}"
node_bin="$(command -v node)"
node_modules="$(dirname "$(readlink -f "$(command -v npm)")")/../.."
"$node_bin" -e 'process.exit(process.versions.node.split(".")[0] === "20" ? 0 : 1)' \
  || { echo "offline-base-image: this machine's node is not Node 20" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
  || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
mkdir -p "$work/rootfs/usr/lib/node_modules" "$work/rootfs/etc/ssl/certs"
cp "$node_bin" "$work/rootfs/usr/bin/node"
cp -a "$node_modules/npm" "$work/rootfs/usr/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$work/rootfs/usr/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$work/rootfs/usr/bin/npx"
# The machine's trust store (it may hold the CA of a TLS proxy in front of the registries).
cp /etc/ssl/certs/ca-certificates.crt "$work/rootfs/etc/ssl/certs/ca-certificates.crt"
rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb
tar -C "$work/rootfs" -cf "$work/rootfs.tar" .
# shellcheck disable=SC2086 # flags are words on purpose
$engine ${CONTAINER_ENGINE_FLAGS:-} import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'CMD ["node"]' \
  "$work/rootfs.tar" "$image"
echo "$image"
