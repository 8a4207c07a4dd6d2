#!/usr/bin/env bash
# Builds handbook's release files into dist/: a static binary for each of
# linux, darwin and windows on amd64 and arm64 (CGO off, -trimpath, the
# version, commit and commit date stamped in), one archive per platform
# (.tar.gz, .zip for windows), a CycloneDX SBOM of each binary (the Go
# modules compiled into it, read from the binary itself) and checksums.txt
# (sha256). The release workflow runs it on a v* tag;
# the same command is the local dry run.
#
# Usage: .ci/release.sh [VERSION]
#   VERSION defaults to `git describe --tags --always --dirty` (a snapshot).
#   TARGETS="linux/amd64 darwin/arm64" limits the platforms.
#
# The same commit gives the same files: the date stamped in is the commit's
# (or SOURCE_DATE_EPOCH's), and the archives have fixed times and owners.
set -euo pipefail
cd "$(dirname "$0")/.."

version=${1:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
commit=$(git rev-parse HEAD 2>/dev/null || echo unknown)
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
date=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)
targets=${TARGETS:-linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64}
# The SBOM tool runs from the Go module proxy at a pinned version.
cyclonedx=github.com/CycloneDX/cyclonedx-gomod/cmd/cyclonedx-gomod@v1.10.0

pkg=handbook/internal/buildinfo
ldflags="-s -w -X $pkg.Version=$version -X $pkg.Commit=$commit -X $pkg.Date=$date"

rm -rf dist
mkdir -p dist
for target in $targets; do
	os=${target%/*}
	arch=${target#*/}
	name="handbook_${version#v}_${os}_${arch}"
	exe=handbook
	[ "$os" = windows ] && exe=handbook.exe
	mkdir -p "dist/$name"
	CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -buildvcs=false -ldflags "$ldflags" -o "dist/$name/$exe" ./cmd/handbook
	cp README.md "dist/$name/"
	touch -d "@$epoch" "dist/$name" "dist/$name"/*
	if [ "$os" = windows ]; then
		(cd dist && TZ=UTC zip -q -X -r "$name.zip" "$name")
	else
		tar -C dist --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner -cf - "$name" | gzip -n >"dist/$name.tar.gz"
	fi
	go run "$cyclonedx" bin -json -std -noserial -notimestamp -version "$version" \
		-output "dist/$name.cdx.json" "dist/$name/$exe"
	echo "built dist/$name ($target)"
done

shopt -s nullglob
(cd dist && sha256sum -- *.tar.gz *.zip *.cdx.json >checksums.txt)
echo "wrote dist/checksums.txt"
