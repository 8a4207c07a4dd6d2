package sitetest

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/slug"
)

// corpusVersion changes whenever WriteCorpus writes something else, so a
// corpus kept from an earlier version is not reused.
const corpusVersion = 1

// Corpus returns a synthetic handbook of n pages (see WriteCorpus) for
// benchmarks and scaling tests. It is made once and kept in the temporary
// folder, so later runs reuse it.
func Corpus(tb testing.TB, n int) string {
	tb.Helper()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("handbook-corpus-v%d-%d", corpusVersion, n))
	done := filepath.Join(dir, ".complete")
	if _, err := os.Stat(done); err == nil {
		return dir
	}
	os.RemoveAll(dir) // an interrupted generation
	if err := WriteCorpus(filepath.Join(dir, "content"), n); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(done, nil, 0o644); err != nil {
		tb.Fatal(err)
	}
	return dir
}

var corpusWords = strings.Fields(`amazon leadership principle ownership backbone customer obsession metric latency
	throughput design review bar raiser candidate interview loop story result impact
	team scale dynamodb kinesis lambda strategy roadmap hiring conflict decision data
	velocity incident postmortem budget quarter tradeoff partition cache replica`)

// WriteCorpus writes a deterministic synthetic handbook of n pages into dir,
// in sections of 100, in the Material for MkDocs dialect: admonitions, tabs,
// code blocks, tables, L6/L7 headings and cross-links to real heading
// anchors (every link resolves). It has the shape of the shared benchmark
// generator (../shared/bench/gen_corpus.py), written in Go so that tests
// and benchmarks need nothing beside the repository.
func WriteCorpus(dir string, n int) error {
	per := min(100, n)
	sections := max(1, n/max(per, 1))
	r := rand.New(rand.NewPCG(42, 42))
	word := func() string { return corpusWords[r.IntN(len(corpusWords))] }
	para := func(words int) string {
		w := make([]string, words)
		for i := range w {
			w[i] = word()
		}
		s := strings.Join(w, " ")
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	// Headings first, so every cross-link can name a real anchor.
	type page struct {
		level string
		heads []string
	}
	pages := make([][]page, sections)
	for s := range pages {
		pages[s] = make([]page, per)
		for i := range pages[s] {
			p := page{level: "L7"}
			if (s+i)%2 == 1 {
				p.level = "L6"
			}
			for h := range 4 {
				p.heads = append(p.heads, fmt.Sprintf("%s Round %d: %s", p.level, h, strings.TrimSuffix(para(3), ".")))
			}
			pages[s][i] = p
		}
	}
	var index strings.Builder
	index.WriteString("# Handbook\n\n")
	for s := range sections {
		fmt.Fprintf(&index, "- [Section %d](section-%03d/index.md)\n", s, s)
	}
	if err := writeFile(filepath.Join(dir, "index.md"), index.String()); err != nil {
		return err
	}
	for s := range sections {
		sec := filepath.Join(dir, fmt.Sprintf("section-%03d", s))
		if err := writeFile(filepath.Join(sec, "index.md"), fmt.Sprintf("# Section %d\n\n%s\n", s, para(30))); err != nil {
			return err
		}
		for i, p := range pages[s] {
			var b strings.Builder
			fmt.Fprintf(&b, "# %s Case Study %d-%d: %s\n\n%s\n\n", p.level, s, i, strings.TrimSuffix(para(4), "."), para(40))
			for h, head := range p.heads {
				fmt.Fprintf(&b, "## %s\n\n%s\n\n", head, para(60))
				kind := []string{"info", "warning", "tip", "success", "quote"}[r.IntN(5)]
				fmt.Fprintf(&b, "!!! %s %q\n    %s\n\n", kind, strings.TrimSuffix(para(3), "."), para(30))
				if h == 1 {
					fn, a, c := word(), word(), word()
					fmt.Fprintf(&b, "```python\ndef %s_%d_%d(candidate):\n    total = %d\n    for %s in candidate.%ss:\n        total += %s.weight * %s.evidence  # %s\n    return total / max(%d, len(candidate.%ss))\n```\n\n",
						fn, s, i, r.IntN(10), a, c, a, a, para(3), 1+r.IntN(5), c)
				}
				if h == 2 {
					b.WriteString("| Metric | Before | After |\n|---|---|---|\n")
					for range 5 {
						fmt.Fprintf(&b, "| %s | %d | %d |\n", word(), 1+r.IntN(99), 1+r.IntN(99))
					}
					fmt.Fprintf(&b, "\n=== \"L6\"\n    %s\n\n=== \"L7\"\n    %s\n\n", para(15), para(15))
				}
				ts, ti := r.IntN(sections), r.IntN(per)
				target := ""
				switch {
				case ts == s && ti == i:
				case ts == s:
					target = fmt.Sprintf("case-%03d.md", ti)
				default:
					target = fmt.Sprintf("../section-%03d/case-%03d.md", ts, ti)
				}
				anchor := slug.Slugify(pages[ts][ti].heads[r.IntN(4)])
				fmt.Fprintf(&b, "See also [case %d-%d](%s#%s) and the [section index](index.md).\n\n### Follow-ups\n\n", ts, ti, target, anchor)
				for range 4 {
					fmt.Fprintf(&b, "- %s\n", para(8))
				}
				b.WriteString("\n")
			}
			if err := writeFile(filepath.Join(sec, fmt.Sprintf("case-%03d.md", i)), b.String()); err != nil {
				return err
			}
		}
	}
	return nil
}

func writeFile(p, text string) error {
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	return os.WriteFile(p, []byte(text), 0o644)
}
