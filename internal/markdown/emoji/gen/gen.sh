#!/bin/sh
# Rewrites ../shortcodes.tsv: emoji shortcodes from the gemoji package,
# pinned below. With --check it writes nothing and fails if the file
# differs from a fresh run. (The icon sets are vendored by
# internal/markdown/icons/vendor-icons.)
# Needs node, npm and go. Run from anywhere: sh internal/markdown/emoji/gen/gen.sh
set -eu
pkg=gemoji@8.1.0
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$tmp"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts "$pkg" >/dev/null
node --input-type=module \
	-e "import {gemoji} from '$tmp/node_modules/gemoji/index.js'; console.log(JSON.stringify(gemoji))" \
	>"$tmp/gemoji.json"

cd "$here"
go run . -gemoji "$tmp/gemoji.json" -source "$pkg" -out ../shortcodes.tsv "$@"
