#!/usr/bin/env bash
# Compares handbook's build time and peak memory with Hugo's (and MkDocs'
# for the 1,000-page corpus) on the synthetic corpora from
# ../shared/bench/gen_corpus.py. Needs Debian's hugo and mkdocs-material
# packages (apt-get install hugo mkdocs mkdocs-material).
# Usage: scripts/bench-compare.sh [PAGES...]   (default: 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
gen=../shared/bench/gen_corpus.py
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/handbook" ./cmd/handbook
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

measure() { # label, command...
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { echo "$label failed:"; tail -5 "$work/err"; return; }
  read -r secs kb < "$work/time"
  printf '%-34s %7.2f s %7d MB\n' "$label" "$secs" $((kb / 1024))
}

hugo_site() { # dir pages
  local d=$1
  python3 "$gen" "$d/content" "$2" --hugo
  cat > "$d/hugo.toml" <<'TOML'
baseURL = "https://example.org/"
title = "Handbook"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
[markup.highlight]
  noClasses = false
[markup.goldmark.renderer]
  unsafe = true
TOML
  mkdir -p "$d/layouts/_default"
  # A minimal layout: each page with its section's page list and a TOC.
  cat > "$d/layouts/_default/single.html" <<'HTML'
<!doctype html><html><head><title>{{ .Title }}</title></head><body>
<nav><ul>{{ range .CurrentSection.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>
<aside>{{ .TableOfContents }}</aside><main>{{ .Content }}</main></body></html>
HTML
  cp "$d/layouts/_default/single.html" "$d/layouts/_default/list.html"
}

for n in "${sizes[@]}"; do
  echo "== $n pages ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
  hb="$work/hb-$n"; python3 "$gen" "$hb/content" "$n"
  rm -rf "$hb/.cache"
  measure "handbook cold (no cache)" "$work/handbook" build --source "$hb" --out "$work/out-hb-$n"
  measure "handbook warm (highlight cache)" "$work/handbook" build --source "$hb" --out "$work/out-hb-$n"
  if command -v hugo >/dev/null; then
    hs="$work/hugo-$n"; hugo_site "$hs" "$n"
    measure "hugo $(hugo version | awk '{print $2}')" hugo --source "$hs" --destination "$work/out-hugo-$n" --quiet
  fi
  if [ "$n" -le 1000 ] && command -v mkdocs >/dev/null; then
    ms="$work/mk-$n"; mkdir -p "$ms"; python3 "$gen" "$ms/docs" "$n"
    printf 'site_name: Handbook\ntheme: {name: material}\nmarkdown_extensions: [admonition, tables, attr_list, pymdownx.details, pymdownx.highlight, pymdownx.superfences, {pymdownx.tabbed: {alternate_style: true}}, {toc: {permalink: true}}]\n' > "$ms/mkdocs.yml"
    measure "mkdocs $(mkdocs --version | awk '{print $3}') + material" mkdocs build -q -f "$ms/mkdocs.yml" -d "$work/out-mk-$n"
  fi
done
