package search

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"
)

// The search engine readers run (theme/assets/js/search/, the lazily loaded
// "search" bundle, in name order): tests load it under node to check that
// its analyser agrees with Go's and that its ranking gives the expected
// results.
const engineGlob = "../../theme/assets/js/search/*.js"

// engineFiles lists the engine's files in bundle order.
func engineFiles(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(engineGlob)
	if err != nil || len(files) == 0 {
		t.Fatalf("no search engine files at %s: %v", engineGlob, err)
	}
	sort.Strings(files)
	return files
}

// nodeDriver loads the engine's files (which only define
// globalThis.HBSearch) and answers one JSON request read from stdin:
//
//	{"mode":"analyze","strings":[…],"entry":{separator,stemmer}} → [[{term,stop,word}…]…]
//	{"mode":"search","dir":…,"queries":[{q,level,limit}…]}
//	    → [{results:[{url,page,headings,levels,typos,score}], suggestions, fetched:[paths]}…]
//
// In search mode each query runs on a fresh Searcher (a first query, as a
// reader's), loading index files from dir and recording which it fetched.
const nodeDriver = `
const fs = require("fs"), path = require("path");
for (const f of process.argv.slice(2)) require(f);
const H = globalThis.HBSearch;
const req = JSON.parse(fs.readFileSync(0, "utf8"));
async function main() {
  if (req.mode === "analyze") {
    const rules = H.rules(req.entry);
    return req.strings.map(s => H.analyze(s, rules).map(t => ({term: t.term, stop: t.stop, word: s.slice(t.start, t.end)})));
  }
  if (req.mode === "snippet") {
    return req.cases.map(c => H.snippet(c.text, c.terms, c.size));
  }
  const out = [];
  let shared = null;
  for (const q of req.queries) {
    const fetched = [];
    const load = p => { fetched.push(p); return Promise.resolve(JSON.parse(fs.readFileSync(path.join(req.dir, p), "utf8"))); };
    const s = req.warm ? (shared = shared || new H.Searcher(load)) : new H.Searcher(load);
    const t0 = process.hrtime.bigint();
    const res = await s.search(q.q, {level: q.level || "", limit: q.limit || 10});
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    out.push({
      results: res.results.map(r => ({url: r.doc.url, page: r.doc.page, headings: r.doc.headings, levels: r.doc.levels, typos: r.typos, score: r.score, missing: r.missing})),
      highlight: res.highlight, suggestions: res.suggestions, fetched, ms,
    });
  }
  return out;
}
main().then(r => process.stdout.write(JSON.stringify(r)), e => { console.error(e && e.stack || e); process.exit(1); });
`

// runNode runs the driver with req and decodes its answer into out. It skips
// the test when node is not installed.
func runNode(t testing.TB, req any, out any) {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node not installed: skipping the tests that run the search engine's JS")
	}
	var js []string
	for _, f := range engineFiles(t) {
		abs, err := filepath.Abs(f)
		if err != nil {
			t.Fatal(err)
		}
		js = append(js, abs)
	}
	driver := filepath.Join(t.TempDir(), "driver.js")
	if err := os.WriteFile(driver, []byte(nodeDriver), 0o644); err != nil {
		t.Fatal(err)
	}
	in, _ := json.Marshal(req)
	cmd := exec.Command(node, append([]string{driver}, js...)...)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("node: %v\n%s", err, stderr.String())
	}
	if err := json.Unmarshal(stdout, out); err != nil {
		t.Fatalf("node output: %v\n%s", err, stdout)
	}
}

// writeFiles writes Build's output under dir.
func writeFiles(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

type jsResult struct {
	URL      string   `json:"url"`
	Page     string   `json:"page"`
	Headings []string `json:"headings"`
	Levels   []string `json:"levels"`
	Typos    int      `json:"typos"`
	Score    float64  `json:"score"`
	Missing  []string `json:"missing"`
}

type jsAnswer struct {
	Results     []jsResult `json:"results"`
	Highlight   []string   `json:"highlight"`
	Suggestions []string   `json:"suggestions"`
	Fetched     []string   `json:"fetched"`
	Ms          float64    `json:"ms"`
}

type jsQuery struct {
	Q     string `json:"q"`
	Level string `json:"level,omitempty"`
	Limit int    `json:"limit,omitempty"`
}

// searchJSIndex builds docs, writes the index to a temp dir and runs the
// queries with the real JS, each as a reader's first query (or, with warm,
// all on one Searcher).
func searchJSIndex(t testing.TB, docs []Doc, opts Options, warm bool, queries ...jsQuery) []jsAnswer {
	t.Helper()
	files, err := Build(docs, opts)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFiles(t, dir, files)
	var out []jsAnswer
	runNode(t, map[string]any{"mode": "search", "dir": dir, "queries": queries, "warm": warm}, &out)
	if len(out) != len(queries) {
		t.Fatalf("node answered %d of %d queries", len(out), len(queries))
	}
	return out
}
