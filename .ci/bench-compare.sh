#!/usr/bin/env bash
# Compares handbook's build time and peak memory with Hugo's (and MkDocs'
# for the 1,000-page corpus) on the synthetic corpora from
# ../shared/bench/gen_corpus.py. Needs Debian's hugo and mkdocs-material
# packages (apt-get install hugo mkdocs mkdocs-material).
# Usage: .ci/bench-compare.sh [PAGES...]   (default: 1000 10000)
# "code" instead of a page count uses .ci/gen_codeheavy.py: 180 pages,
# 5 MB, 2,700 code blocks, the shape of a real MkDocs handbook. A folder
# instead uses that folder's markdown (say, a real handbook's docs/).
# OUT_ROOT=/dev/shm writes the outputs to a RAM disk: see the note on
# deleted files below.
set -euo pipefail
cd "$(dirname "$0")/.."
gen=${GEN_CORPUS:-../shared/bench/gen_corpus.py} # (GEN_CORPUS: its path from elsewhere)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go build -o "$work/handbook" ./cmd/handbook
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

rounds=${ROUNDS:-3}
out=$(mktemp -d "${OUT_ROOT:-$work}/bench-out.XXXXXX")
trap 'rm -rf "$work" "$out"' EXIT

# run LABEL CMD...: one timed run, appended to $work/LABEL as "secs user sys kb".
run() {
  local label=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { echo "$label failed:"; tail -5 "$work/err"; return 1; }
  cat "$work/time" >> "$work/$label.times"
}

# report LABEL: the median wall time of its runs, with that run's CPU and the peak memory.
report() {
  sort -n "$work/$1.times" | awk -v label="$2" '{ l[NR] = $0 } END {
    split(l[int((NR + 1) / 2)], m, " "); peak = 0
    for (i = 1; i <= NR; i++) { split(l[i], f, " "); if (f[4] > peak) peak = f[4] }
    printf "%-36s %7.2f s  (user %.1f s, sys %.1f s)  %6d MB peak  [%d runs]\n", label, m[1], m[2], m[3], peak / 1024, NR }'
}

# corpus DIR PAGES [--hugo]
corpus() {
  if [ -d "$2" ]; then
    mkdir -p "$1" && cp -r "$2"/. "$1"
    # Hugo names a section's page _index.md.
    [ "${3:-}" = --hugo ] && find "$1" -name index.md -execdir mv index.md _index.md \;
    return 0
  fi
  if [ "$2" = code ]; then python3 .ci/gen_codeheavy.py "$1" ${3:-}; else python3 "$gen" "$1" "$2" ${3:-}; fi
}

hugo_site() { # dir pages
  local d=$1
  corpus "$d/content" "$2" --hugo
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

# The tools take turns, round after round, so that a slow spell of the
# machine (its disk in particular) does not fall on one of them only; each
# line reports the median run.
idx=0
for n in "${sizes[@]}"; do
  idx=$((idx + 1)); k="s$idx" # names this corpus's files
  label="$n pages"; [ "$n" = code ] && label="code-heavy corpus (180 pages, 2,700 code blocks)"
  [ -d "$n" ] && label="$n"
  echo "== $label ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), median of $rounds rounds"
  hb="$work/hb-$k"; corpus "$hb/content" "$n"
  page=$(find "$hb/content" -name '*.md' | sort | sed -n 2p)
  hugo_ok=false; mkdocs_ok=false
  if command -v hugo >/dev/null; then hs="$work/hugo-$k"; hugo_site "$hs" "$n"; hugo_ok=true; fi
  if { [ "$n" = code ] || [ -d "$n" ] || [ "$n" -le 1000 ]; } && command -v mkdocs >/dev/null; then
    ms="$work/mk-$k"; mkdir -p "$ms"; corpus "$ms/docs" "$n"
    printf 'site_name: Handbook\ntheme: {name: material}\nmarkdown_extensions: [admonition, tables, attr_list, pymdownx.details, pymdownx.highlight, pymdownx.superfences, {pymdownx.tabbed: {alternate_style: true}}, {toc: {permalink: true}}]\n' > "$ms/mkdocs.yml"
    mkdocs_ok=true
  fi
  for r in $(seq "$rounds"); do
    # Every cold build writes into a new folder and nothing is deleted until
    # the end: on a file system without a journal (this VM's ext4), Linux
    # avoids reusing an inode for one to five minutes after its file is
    # deleted, so creating files right after deleting thousands costs several
    # times more, and the cost would land on whichever tool runs next. The
    # same holds for minutes after an earlier run's clean-up: OUT_ROOT=/dev/shm
    # keeps the outputs off that disk altogether.
    rm -rf "$hb/.cache"
    run "cold-$k" "$work/handbook" build --source "$hb" --out "$out/hb-$k-$r"
    # Right after the cold build: files saved within two seconds of a build
    # are compared by content, and the build is still up to date.
    run "warm-$k" "$work/handbook" build --source "$hb" --out "$out/hb-$k-$r"
    printf '\nOne more line.\n' >> "$page"; touch -d '-1 minute' "$page"
    run "edit-$k" "$work/handbook" build --source "$hb" --out "$out/hb-$k-$r"
    if $hugo_ok; then
      run "hugo-$k" hugo --source "$hs" --destination "$out/hugo-$k-$r" --quiet
    fi
    if $mkdocs_ok && [ ! -f "$work/mkdocs-$k.times" ]; then # once: it is slow
      run "mkdocs-$k" mkdocs build -q -f "$ms/mkdocs.yml" -d "$out/mk-$k"
    fi
  done
  report "cold-$k" "handbook cold (no cache, new folder)"
  report "warm-$k" "handbook warm (nothing changed)"
  report "edit-$k" "handbook, one page edited"
  $hugo_ok && report "hugo-$k" "hugo $(hugo version | awk '{print $2}') (new folder)"
  $mkdocs_ok && report "mkdocs-$k" "mkdocs $(mkdocs --version | awk '{print $3}') + material"
done
