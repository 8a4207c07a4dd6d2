#!/bin/sh
# Regenerates ../table_gen.go: emoji shortcodes from the gemoji package and
# the icons listed in icons.txt from the icon packages, all pinned below.
# Needs node, npm and go. Run from anywhere: sh internal/markdown/emoji/gen/gen.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cd "$tmp"
npm init -y >/dev/null
npm install --no-audit --no-fund --ignore-scripts \
	gemoji@8.1.0 @mdi/svg@7.4.47 @primer/octicons@19.42.0 \
	@fortawesome/fontawesome-free@7.3.1 simple-icons@16.37.0 >/dev/null
node --input-type=module \
	-e "import {gemoji} from '$tmp/node_modules/gemoji/index.js'; console.log(JSON.stringify(gemoji))" \
	>"$tmp/gemoji.json"

cd "$here"
go run . -modules "$tmp/node_modules" -gemoji "$tmp/gemoji.json" -icons icons.txt -out ../table_gen.go
