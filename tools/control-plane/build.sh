#!/usr/bin/env bash
# Builds etcd, kube-apiserver and kube-controller-manager from the Go modules pinned in go.mod/go.sum
# into a cache outside the work tree, and prints that directory. A second run with the same pins (and the
# same Go) finds the binaries there and builds nothing; changing a pin changes the directory.
#
#   tools/control-plane/build.sh            build if needed, print the directory
#   tools/control-plane/build.sh --check    build nothing: print the directory, or fail if it is not built
#   STAGELINE_CONTROL_PLANE_CACHE=DIR ...   cache root (default ${XDG_CACHE_HOME:-~/.cache}/stageline/control-plane)
#
# The tests find the directory the same way (io.stageline.testing.RealControlPlane), or through
# -Dstageline.controlPlane.dir=DIR / STAGELINE_CONTROL_PLANE_DIR.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"

command -v go >/dev/null || { echo "build.sh: Go is not installed (the control plane is built from Go modules)" >&2; exit 1; }

pin() { awk -v m="$1" '$1 == m && $2 ~ /^v/ { print $2; exit }' go.mod; }
k8s="$(pin k8s.io/kubernetes)"
etcd="$(pin go.etcd.io/etcd/server/v3)"
[ -n "$k8s" ] && [ -n "$etcd" ] || { echo "build.sh: go.mod pins no k8s.io/kubernetes or etcd server" >&2; exit 1; }
# The key changes whenever go.mod, go.sum or the Go toolchain change, so a new pin builds anew.
key="$(cat go.mod go.sum <(go env GOVERSION GOOS GOARCH) | sha256sum | cut -c1-12)"
root="${STAGELINE_CONTROL_PLANE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/stageline/control-plane}"
dir="$root/k8s-$k8s-etcd-$etcd-$key"

if [ -x "$dir/kube-apiserver" ] && [ -x "$dir/kube-controller-manager" ] && [ -x "$dir/etcd" ]; then
  echo "$dir"
  exit 0
fi
if [ "${1:-}" = "--check" ]; then
  echo "build.sh: Kubernetes $k8s and etcd $etcd are not built in $dir; run tools/control-plane/build.sh" >&2
  exit 2
fi

mkdir -p "$root"
tmp="$(mktemp -d "$root/.build.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
start=$SECONDS
echo "build.sh: building Kubernetes $k8s and etcd $etcd into $dir (the first build takes long)" >&2
# The version stamp is what hack/lib/version.sh would set; without it /version reports v0.0.0-master.
minor="${k8s#v1.}"; minor="${minor%%.*}"
ver="k8s.io/component-base/version"
ldflags="-s -w -X $ver.gitVersion=$k8s -X $ver.gitMajor=1 -X $ver.gitMinor=$minor -X $ver.gitTreeState=clean"
go build -trimpath -ldflags "$ldflags" -o "$tmp/" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager
go build -trimpath -ldflags "-s -w" -o "$tmp/etcd" go.etcd.io/etcd/server/v3
printf 'kubernetes %s\netcd %s\n%s\n' "$k8s" "$etcd" "$(go env GOVERSION)" > "$tmp/VERSIONS"
rm -rf "$dir"
mv "$tmp" "$dir"
trap - EXIT
echo "build.sh: built in $((SECONDS - start)) s" >&2
echo "$dir"
