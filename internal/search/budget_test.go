package search

import (
	"bytes"
	"compress/gzip"
	"sort"
	"testing"
	"time"
)

// firstQueryBudget is what a reader's first query may transfer, gzip: the
// search JS, the entry file, the shards and tiers it needs and the snippet
// chunks of the first page of results.
const firstQueryBudget = 100 << 10

var budgetQueries = []string{"bar raiser", "design", "latency", "l7 strategy", "the bar raiser",
	"dynamodb partition", "postmortem incident", "customer obsession", "hiring", "roadmap budget quarter",
	`"bar raiser"`, "desig", "latnecy"}

func gzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.DefaultCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

func TestFirstQueryTransferOn10kPages(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the 10,000-page corpus index")
	}
	docs := corpusDocs(t, 10000)
	start := time.Now()
	files := mustBuild(t, docs, Options{})
	t.Logf("index of %d sections built in %v", len(docs), time.Since(start))
	page, engine := searchScripts(t)
	jsGzip := gzipSize(page) + gzipSize(engine)
	var queries []jsQuery
	for _, q := range budgetQueries {
		queries = append(queries, jsQuery{Q: q, Limit: 10}) // the search dialog's first page
	}
	dir := t.TempDir()
	writeFiles(t, dir, files)
	var answers []jsAnswer
	runNode(t, map[string]any{"mode": "search", "dir": dir, "queries": queries}, &answers)
	for i, a := range answers {
		total := jsGzip
		for _, p := range a.Fetched {
			total += gzipSize(files[p])
		}
		t.Logf("%-24q %2d results, %2d files, %6d bytes gzip (JS %d)", budgetQueries[i], len(a.Results), len(a.Fetched), total, jsGzip)
		if len(a.Results) == 0 {
			t.Errorf("%q found nothing in the corpus", budgetQueries[i])
		}
		if total > firstQueryBudget {
			t.Errorf("%q transfers %d bytes gzip, budget %d: %q", budgetQueries[i], total, firstQueryBudget, a.Fetched)
		}
	}
	// Once the files are loaded, queries are answered from memory.
	var warm []jsQuery
	for range 4 {
		warm = append(warm, queries...)
	}
	runNode(t, map[string]any{"mode": "search", "dir": dir, "queries": warm, "warm": true}, &answers)
	var ms []float64
	for _, a := range answers[len(queries):] {
		ms = append(ms, a.Ms)
	}
	sort.Float64s(ms)
	t.Logf("node, warm: p50 %.2f ms, p95 %.2f ms over %d queries", ms[len(ms)/2], ms[len(ms)*95/100], len(ms))
}
