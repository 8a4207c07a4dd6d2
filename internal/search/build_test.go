package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"handbook/internal/search/invert"
	"math/rand"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
)

func mustBuild(t testing.TB, docs []Doc, opts Options) map[string][]byte {
	t.Helper()
	files, err := Build(docs, opts)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func readEntry(t testing.TB, files map[string][]byte) entry {
	t.Helper()
	var e entry
	if err := json.Unmarshal(files[EntryPath], &e); err != nil {
		t.Fatalf("entry: %v", err)
	}
	return e
}

func TestBuildIsDeterministic(t *testing.T) {
	docs := append(append([]Doc(nil), handbookDocs...), manyDocs(500)...)
	a := mustBuild(t, docs, Options{FirstTier: 20, ShardBytes: 2000})
	for range 3 {
		b := mustBuild(t, docs, Options{FirstTier: 20, ShardBytes: 2000})
		if !reflect.DeepEqual(a, b) {
			t.Fatal("two builds of the same docs differ")
		}
	}
}

func manyDocs(n int) []Doc {
	words := strings.Fields("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau")
	var docs []Doc
	for i := range n {
		var text []string
		for j := range 12 {
			text = append(text, words[(i*7+j*j)%len(words)]+fmt.Sprint(j%3))
		}
		docs = append(docs, Doc{URL: fmt.Sprintf("p%d/#s%d", i/5, i%5), Page: fmt.Sprintf("Page %d", i/5),
			Headings: []string{"Section " + words[i%len(words)]}, Text: strings.Join(text, " "),
			Levels: []string{[]string{"L6", "L7", "L10"}[i%3]}})
	}
	return docs
}

func TestFileNamesAreHashedExceptTheEntry(t *testing.T) {
	files := mustBuild(t, manyDocs(300), Options{FirstTier: 10, ShardBytes: 1500})
	hashed := regexp.MustCompile(`^search/(t-[a-z0-9~]+\.|v-[a-z0-9~]+\.|c-\d+\.|p-)[0-9a-f]{10}\.json$`)
	kinds := map[byte]int{}
	for name := range files {
		if name == EntryPath {
			continue
		}
		if !hashed.MatchString(name) {
			t.Errorf("%s is not a content-hashed index file name", name)
		}
		kinds[name[len("search/")]]++
		var v any
		if err := json.Unmarshal(files[name], &v); err != nil {
			t.Errorf("%s is not valid JSON: %v", name, err)
		}
	}
	for _, k := range []byte("tvcp") {
		if kinds[k] == 0 {
			t.Errorf("no %c- files written: %v", k, kinds)
		}
	}
}

// Editing one section renames its group of chunk files, not the others.
func TestEditingASectionKeepsOtherChunkNames(t *testing.T) {
	docs := manyDocs(1000)
	before := mustBuild(t, docs, Options{})
	docs[0].Text += " novel"
	after := mustBuild(t, docs, Options{})
	for name := range before {
		if !strings.HasPrefix(name, "search/c-") {
			continue
		}
		n := 0
		fmt.Sscanf(name, "search/c-%d.", &n)
		_, kept := after[name]
		if firstGroup := n < chunkGroup; kept == firstGroup {
			t.Errorf("%s: kept=%v after editing section 0", name, kept)
		}
	}
}

func TestEntryListsShardsVocabChunksAndLevels(t *testing.T) {
	files := mustBuild(t, manyDocs(300), Options{FirstTier: 10, ShardBytes: 1500})
	e := readEntry(t, files)
	if !reflect.DeepEqual(e.Levels, []string{"L6", "L7", "L10"}) {
		t.Errorf("levels %q, want natural order L6 L7 L10", e.Levels)
	}
	if e.Docs != 300 || e.ChunkDocs != 12 || len(e.Chunks) != 1 {
		t.Errorf("entry %+v", e)
	}
	if len(e.Shards) < 5 {
		t.Errorf("only %d shards with a 1,500-byte limit", len(e.Shards))
	}
	for prefix, hash := range e.Shards {
		if _, ok := files["search/t-"+fileKey(prefix)+"."+hash+".json"]; !ok {
			t.Errorf("entry names shard %q (%s) that was not written", prefix, hash)
		}
	}
	for key, hash := range e.Vocab {
		if _, ok := files["search/v-"+fileKey(key)+"."+hash+".json"]; !ok {
			t.Errorf("entry names vocabulary %q (%s) that was not written", key, hash)
		}
	}
}

// Every term is in exactly one shard: the one with its longest prefix.
func TestShardsPartitionTheTerms(t *testing.T) {
	docs := manyDocs(300)
	files := mustBuild(t, docs, Options{FirstTier: 10, ShardBytes: 1500})
	e := readEntry(t, files)
	seen := map[string]string{}
	for prefix, hash := range e.Shards {
		var shard map[string]json.RawMessage
		json.Unmarshal(files["search/t-"+fileKey(prefix)+"."+hash+".json"], &shard)
		for term := range shard {
			if prev, dup := seen[term]; dup {
				t.Errorf("%q in shards %q and %q", term, prev, prefix)
			}
			seen[term] = prefix
			if longest := longestPrefix(e.Shards, term); longest != prefix {
				t.Errorf("%q is in shard %q, lookup would use %q", term, prefix, longest)
			}
		}
	}
	ix := invert.Docs(docs, nil)
	if len(seen) != len(ix.Terms) {
		t.Errorf("%d terms in shards, %d indexed", len(seen), len(ix.Terms))
	}
}

func longestPrefix(shards map[string]string, term string) string {
	best := ""
	for p := range shards {
		if strings.HasPrefix(term, p) && len(p) >= len(best) {
			best = p
		}
	}
	return best
}

// The first tier holds a term's highest-impact postings; deeper tiers the rest.
func TestTiersAreImpactOrdered(t *testing.T) {
	var list []invert.Posting
	for d := range 100 {
		list = append(list, invert.Posting{Doc: int32(d), Impact: int32((d * 37) % 50)})
	}
	var tierLists [][]invert.Posting
	for _, members := range tiers(list, 5) {
		var tier []invert.Posting
		for _, i := range members {
			tier = append(tier, list[i])
		}
		tierLists = append(tierLists, tier)
	}
	tiers := tierLists
	sizes := []int{}
	for _, tr := range tiers {
		sizes = append(sizes, len(tr))
	}
	if !reflect.DeepEqual(sizes, []int{5, 20, 75}) {
		t.Fatalf("tier sizes %v", sizes)
	}
	for i := 1; i < len(tiers); i++ {
		for _, hi := range tiers[i-1] {
			for _, lo := range tiers[i] {
				if lo.Impact > hi.Impact {
					t.Errorf("tier %d has impact %d above tier %d's %d", i, lo.Impact, i-1, hi.Impact)
				}
			}
		}
	}
	for _, tr := range tiers {
		for j := 1; j < len(tr); j++ {
			if tr[j].Doc <= tr[j-1].Doc {
				t.Errorf("tier not in doc order: %v", tr)
			}
		}
	}
}

func TestChunksCarryMetadataAsText(t *testing.T) {
	docs := []Doc{{URL: "a/#x", Page: `Quote " and \ back`, Headings: []string{"H"}, Text: "<img src=x onerror=alert(1)>\u2028", Levels: []string{"L7"}}}
	files := mustBuild(t, docs, Options{})
	var chunk [][]any
	for name, body := range files {
		if strings.HasPrefix(name, "search/c-0.") {
			if err := json.Unmarshal(body, &chunk); err != nil {
				t.Fatal(err)
			}
			if bytes.Contains(body, []byte("\u2028")) {
				t.Error("raw U+2028 in chunk")
			}
		}
	}
	want := []any{"a/#x", `Quote " and \ back`, []any{"H"}, []any{"L7"}, "<img src=x onerror=alert(1)>\u2028"}
	if len(chunk) != 1 || !reflect.DeepEqual(chunk[0], want) {
		t.Errorf("chunk %#v, want %#v", chunk, want)
	}
}

func TestBuildOfNothing(t *testing.T) {
	files := mustBuild(t, nil, Options{})
	e := readEntry(t, files)
	if e.Docs != 0 || len(files) != 1 {
		t.Errorf("empty build: %d files, entry %+v", len(files), e)
	}
}

// TestLevelsAlwaysAnArray: a site without levels gets "levels": [], which
// the search script iterates (null made it throw).
func TestLevelsAlwaysAnArray(t *testing.T) {
	for _, docs := range [][]Doc{nil, {{URL: "a/", Page: "A", Text: "words"}}} {
		files := mustBuild(t, docs, Options{})
		if !bytes.Contains(files["search/index.json"], []byte(`"levels":[]`)) {
			t.Errorf("%d docs: entry %s", len(docs), files["search/index.json"])
		}
	}
}

func TestNaturalCompare(t *testing.T) {
	in := []string{"L10", "L7", "L6", "E5", "L6a", "L06"}
	want := []string{"E5", "L6", "L06", "L6a", "L7", "L10"}
	got := append([]string(nil), in...)
	slices.SortStableFunc(got, naturalCompare)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// Tiers are the postings ranked by impact (then section) and cut, each in
// section order, whatever the list's length: as long as the first tier
// or longer, one scratch reused throughout.
func TestTiersOfEveryLength(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	var sc tierScratch
	for n := range 40 {
		list := make([]invert.Posting, n)
		for d := range list {
			list[d] = invert.Posting{Doc: int32(3 * d), Impact: 1 + int32(r.Intn(1+n%7*300))}
		}
		ranked := make([]int32, n)
		for i := range ranked {
			ranked[i] = int32(i)
		}
		slices.SortStableFunc(ranked, func(a, b int32) int { return int(list[b].Impact - list[a].Impact) })
		var want [][]int32
		for i, size := range tierSizes(n, 4) {
			start := 0
			for _, s := range tierSizes(n, 4)[:i] {
				start += s
			}
			want = append(want, slices.Sorted(slices.Values(ranked[start:start+size])))
		}
		got := sc.tiers(list, 4)
		if len(got) != len(want) {
			t.Fatalf("%d postings: %d tiers, want %d", n, len(got), len(want))
		}
		for i := range want {
			if !slices.Equal(got[i], want[i]) {
				t.Fatalf("%d postings: tier %d is %v, want %v", n, i, got[i], want[i])
			}
		}
	}
}
