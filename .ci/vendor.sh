#!/usr/bin/env bash
# Vendors the client-side libraries the theme loads on demand (mermaid for
# diagrams, KaTeX for math, GLightbox for the glightbox plugin's image zoom) into theme/vendor/, from pinned npm packages, and
# records name@version and the sha256 of every copied file in
# theme/vendor/VERSIONS. Generated pages never fetch anything from another
# host: these files are served from the site itself.
#
# The versions are those of theme/vendor/package.json (never installed: it
# is where Dependabot proposes updates).
#
# Usage: .ci/vendor.sh           vendor the declared versions
#        .ci/vendor.sh --check   vendor them into a temporary folder and
#                                    fail unless theme/vendor/ matches (CI)
# From anywhere; needs node, npm and the npm registry.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
declared() { node -p "require(process.argv[1]).dependencies[process.argv[2]]" "$repo/theme/vendor/package.json" "$1"; }
MERMAID_VERSION=$(declared mermaid)
KATEX_VERSION=$(declared katex)
GLIGHTBOX_VERSION=$(declared glightbox)

check=false
case "${1:-}" in
--check) check=true ;;
"") ;;
*) echo "usage: .ci/vendor.sh [--check]" >&2 && exit 2 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
vendor="$repo/theme/vendor"
if $check; then
	vendor="$work/out"
fi

fetch() { # fetch NAME VERSION: unpacks the package tarball into $work/NAME
	local name=$1 version=$2
	(cd "$work" && npm pack --silent "$name@$version" >/dev/null)
	mkdir -p "$work/$name"
	tar -xzf "$work/$name-$version.tgz" -C "$work/$name" --strip-components=1
}

fetch mermaid "$MERMAID_VERSION"
fetch katex "$KATEX_VERSION"
fetch glightbox "$GLIGHTBOX_VERSION"

rm -rf "$vendor/mermaid" "$vendor/katex" "$vendor/glightbox"
mkdir -p "$vendor/mermaid" "$vendor/katex/contrib" "$vendor/katex/fonts" "$vendor/glightbox"

cp "$work/glightbox/dist/js/glightbox.min.js" "$work/glightbox/dist/css/glightbox.min.css" "$vendor/glightbox/"
cp "$work/glightbox/LICENSE.md" "$vendor/glightbox/LICENSE.md"

cp "$work/mermaid/dist/mermaid.min.js" "$vendor/mermaid/mermaid.min.js"
cp "$work/katex/dist/katex.min.js" "$vendor/katex/katex.min.js"
cp "$work/katex/dist/contrib/auto-render.min.js" "$vendor/katex/contrib/auto-render.min.js"

# Keep only the woff2 fonts: drop the woff and truetype alternatives from each
# @font-face src list so the stylesheet references only files that are shipped.
sed -E 's/,url\(fonts\/[^)]+\.(woff|ttf)\) format\("(woff|truetype)"\)//g' \
	"$work/katex/dist/katex.min.css" >"$vendor/katex/katex.min.css"

# Copy exactly the fonts the rewritten stylesheet references, and fail if any is missing.
grep -o 'url([^)]*)' "$vendor/katex/katex.min.css" | sed -E 's/^url\((.*)\)$/\1/' | sort -u |
	while read -r ref; do
		case "$ref" in
		fonts/*.woff2) cp "$work/katex/dist/$ref" "$vendor/katex/$ref" ;;
		*) echo "vendor.sh: unexpected reference in katex.min.css: $ref" >&2 && exit 1 ;;
		esac
	done

{
	echo "# Vendored client libraries: written by .ci/vendor.sh, do not edit."
	echo "mermaid@$MERMAID_VERSION"
	echo "katex@$KATEX_VERSION"
	echo "glightbox@$GLIGHTBOX_VERSION"
	echo "# sha256  path (relative to theme/vendor)"
	(cd "$vendor" && find mermaid katex glightbox -type f | LC_ALL=C sort | xargs sha256sum)
} >"$vendor/VERSIONS"

if $check; then
	for item in VERSIONS mermaid katex glightbox; do
		if ! diff -r "$vendor/$item" "$repo/theme/vendor/$item" >"$work/diff" 2>&1; then
			echo "theme/vendor/$item does not match mermaid@$MERMAID_VERSION, katex@$KATEX_VERSION and glightbox@$GLIGHTBOX_VERSION (theme/vendor/package.json);" >&2
			echo "run .ci/vendor.sh and commit the result:" >&2
			head -20 "$work/diff" >&2
			exit 1
		fi
	done
	echo "theme/vendor matches mermaid@$MERMAID_VERSION, katex@$KATEX_VERSION and glightbox@$GLIGHTBOX_VERSION"
	exit 0
fi
echo "vendored mermaid@$MERMAID_VERSION, katex@$KATEX_VERSION and glightbox@$GLIGHTBOX_VERSION into $vendor"
