package search

import (
	"crypto/sha256"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestScratchStats(t *testing.T) {
	docs := corpusDocs(t, 10000)
	tb, cb := 0, 0
	for _, d := range docs {
		tb += len(d.Text)
		cb += len(d.Code)
	}
	t0 := time.Now()
	ix := invert(docs)
	t1 := time.Now()
	np, npos := 0, 0
	for _, l := range ix.terms {
		np += len(l)
		for _, p := range l {
			npos += int(p.n)
		}
	}
	files := write(ix, docs, Options{}.withDefaults())
	t2 := time.Now()
	fmt.Printf("docs %d text %d code %d terms %d postings %d positions %d invert %v write %v\n", len(docs), tb, cb, len(ix.terms), np, npos, t1.Sub(t0), t2.Sub(t1))
	by := map[string][2]int{}
	for name, b := range files {
		k := strings.SplitN(strings.TrimPrefix(name, "search/"), "-", 2)[0]
		v := by[k]
		v[0]++
		v[1] += len(b)
		by[k] = v
	}
	var ks []string
	for k := range by {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	for _, k := range ks {
		fmt.Printf("%-12s %6d files %10d bytes\n", k, by[k][0], by[k][1])
	}
}
func TestDumpManifest(t *testing.T) {
	docs := corpusDocs(t, 10000)
	files, err := Build(docs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	f, _ := os.Create(os.Getenv("MANIFEST"))
	defer f.Close()
	for _, n := range names {
		fmt.Fprintf(f, "%x %d %s\n", sha256.Sum256(files[n]), len(files[n]), n)
	}
	if dir := os.Getenv("DUMPDIR"); dir != "" {
		for _, n := range names {
			os.MkdirAll(dir+"/search", 0o755)
			os.WriteFile(dir+"/"+n, files[n], 0o644)
		}
	}
}
