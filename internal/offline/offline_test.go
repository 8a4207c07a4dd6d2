package offline

import (
	"fmt"
	"maps"
	"math/rand"
	"slices"
	"sort"
	"strings"
	"testing"
)

func TestFilePageNamesIndexHTML(t *testing.T) {
	in := `<a href="../guide/">g</a><a href="./">h</a><a href="">e</a><a href="../">u</a><a href="x/?q=1#a">q</a>` +
		`<a href="#top">t</a><a href="/abs/">a</a><a href="https://example.org/">x</a><img src="pic.png"><a href="file.pdf">f</a>`
	want := `<a href="../guide/index.html">g</a><a href="./index.html">h</a><a href="">e</a><a href="../index.html">u</a><a href="x/index.html?q=1#a">q</a>` +
		`<a href="#top">t</a><a href="/abs/">a</a><a href="https://example.org/">x</a><img src="pic.png"><a href="file.pdf">f</a>`
	if got := string(FilePage([]byte(in))); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestDigestIgnoresOrderAndSeesEveryChange(t *testing.T) {
	var a, b, c Digest
	a.Add("x", "1")
	a.Add("y", "2")
	b.Add("y", "2")
	b.Add("x", "1")
	c.Add("x", "1")
	c.Add("y", "3")
	if a.Version() != b.Version() {
		t.Error("the order of files changed the version")
	}
	if a.Version() == c.Version() {
		t.Error("a changed file kept the version")
	}
	if strings.Join(a.Names(), ",") != "x,y" {
		t.Errorf("names %v", a.Names())
	}
}

// A build that puts a file twice (search files named for their content,
// shared by terms) and one that keeps it once from the last build must
// give the same version.
func TestDigestCountsAFileAddedTwiceOnce(t *testing.T) {
	var once, twice Digest
	once.Add("search/p-1.json", "h1")
	once.Add("a.html", "h2")
	twice.Add("search/p-1.json", "h1")
	twice.Add("a.html", "h2")
	twice.Add("search/p-1.json", "h1")
	if once.Version() != twice.Version() {
		t.Errorf("versions %s and %s", once.Version(), twice.Version())
	}
	if strings.Join(twice.Names(), ",") != "a.html,search/p-1.json" {
		t.Errorf("names %v", twice.Names())
	}
}

func TestServiceWorkerPrecachesAssetsFirstAndPagesAsFolders(t *testing.T) {
	sw := string(ServiceWorker("v1", []string{"search/index.json", "a/index.html", "assets/app.1.js", "index.html"}))
	if !strings.Contains(sw, `const VERSION = "v1";`) || !strings.Contains(sw, `const PRECACHE = ["assets/app.1.js","a/","","search/index.json"];`) {
		t.Errorf("sw.js starts:\n%.200s", sw)
	}
	var many []string
	for i := range MaxPrecache + 10 {
		many = append(many, "p"+strings.Repeat("x", i%7)+"/index.html")
	}
	if n := strings.Count(string(ServiceWorker("v", many)), `/"`); n != MaxPrecache {
		t.Errorf("%d pages precached, want %d", n, MaxPrecache)
	}
}

func TestSearchScript(t *testing.T) {
	if got := string(SearchScript("search/t-a.1.json", []byte("{\"a\":[1]}\n"))); got != "HBSearchFile(\"search/t-a.1.json\",{\"a\":[1]});\n" {
		t.Errorf("got %q", got)
	}
}

func TestDigestAddAllIsAddOfEach(t *testing.T) {
	var a, b Digest
	a.Add("x", "1")
	a.Add("y", "2")
	a.Add("z", "3")
	b.Add("x", "1")
	b.AddAll([]string{"z", "y"}, []string{"3", "2"})
	if a.Version() != b.Version() || strings.Join(a.Names(), ",") != strings.Join(b.Names(), ",") {
		t.Errorf("AddAll gave %s %v, Add of each %s %v", b.Version(), b.Names(), a.Version(), a.Names())
	}
}

// TestServiceWorkerPrecacheIsByRankThenName: the files precached are the
// first by rank, then name, whatever order they are given in (a build
// gives them unsorted), as a stable sort by rank of the sorted names
// gives them.
func TestServiceWorkerPrecacheIsByRankThenName(t *testing.T) {
	var files []string
	for i := range 3 * MaxPrecache {
		files = append(files, fmt.Sprintf("s%d/p%d/index.html", i%13, i), fmt.Sprintf("search/t-%d.json", i), fmt.Sprintf("x%d.txt", i))
		if i%50 == 0 {
			files = append(files, fmt.Sprintf("assets/a%d.css", i), fmt.Sprintf("nav/list-%d.html", i))
		}
	}
	want := slices.Clone(files)
	sort.Strings(want)
	sort.SliceStable(want, func(i, j int) bool { return rank(want[i]) < rank(want[j]) })
	want = want[:MaxPrecache]
	for seed := range int64(3) {
		shuffled := slices.Clone(files)
		rand.New(rand.NewSource(seed)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := precache(shuffled); !slices.Equal(got, want) {
			t.Fatalf("seed %d: precached %v…, want %v…", seed, got[:5], want[:5])
		}
	}
	if got := precache(files[:7]); len(got) != 7 || got[0] != "assets/a0.css" {
		t.Errorf("a few files: %v", got)
	}
}

// A version worked out from the last build's (VersionSince) is the one
// Version gives, whatever files were kept, changed, added or removed.
func TestVersionSinceIsVersion(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	for round := range 200 {
		last := map[string]string{}
		var lastDigest Digest
		for i := range r.Intn(30) {
			name, hash := fmt.Sprintf("f%d.html", i), fmt.Sprintf("h%d", r.Intn(5))
			last[name] = hash
			lastDigest.Add(name, hash)
		}
		var d Digest
		unbuilt := map[string]string{}
		for name, hash := range last {
			switch r.Intn(4) {
			case 0: // removed
				unbuilt[name] = hash
			case 1:
				d.Add(name, hash+"x") // changed
			case 2:
				d.Add(name, hash) // made again, the same
			default:
				d.AddKept(name, hash)
			}
		}
		for i := range r.Intn(5) {
			d.Add(fmt.Sprintf("new%d.html", i), "n")
			d.Add(fmt.Sprintf("new%d.html", i), "n") // (put twice)
		}
		got, ok := d.VersionSince(lastDigest.Version(), listing(last, unbuilt))
		if !ok || got != d.Version() {
			t.Fatalf("round %d: VersionSince %q, %v; Version %q", round, got, ok, d.Version())
		}
	}
}

// listing is the Listing of the files listed, of which unbuilt are
// neither made nor kept.
func listing(listed, unbuilt map[string]string) Listing {
	return Listing{Files: len(listed), Unbuilt: maps.All(unbuilt), Hash: func(name string) (string, bool) {
		hash, ok := listed[name]
		return hash, ok
	}}
}

// VersionSince refuses a last version that is not of the files listed,
// or a listing without a file's hash; AddKept files must be listed, and
// every listed file neither made nor kept must be unbuilt, and only those.
func TestVersionSinceRefusesWhatItCannotWorkOut(t *testing.T) {
	var lastDigest Digest
	lastDigest.Add("a.html", "1")
	lastDigest.Add("b.html", "2")
	lastDigest.Add("c.html", "5")
	last := lastDigest.Version()
	listed := map[string]string{"a.html": "1", "b.html": "2", "c.html": "5"}
	removed := map[string]string{"c.html": "5"}
	var d Digest
	d.AddKept("a.html", "1")
	d.Add("b.html", "3")
	if _, ok := d.VersionSince(last, listing(listed, removed)); !ok {
		t.Fatal("refused a version it can work out")
	}
	for _, bad := range []string{"", "x", "0123-3", strings.Replace(last, "-3", "-4", 1), strings.Replace(last, "-3", "-03", 1)} {
		if v, ok := d.VersionSince(bad, listing(listed, removed)); ok {
			t.Errorf("last version %q: got %q", bad, v)
		}
	}
	if v, ok := d.VersionSince(last, listing(map[string]string{"a.html": "1", "b.html": "", "c.html": "5"}, removed)); ok {
		t.Errorf("a listed file made again without its hash: got %q", v)
	}
	if v, ok := d.VersionSince(last, listing(listed, map[string]string{"c.html": ""})); ok {
		t.Errorf("a file gone without its hash: got %q", v)
	}
	if v, ok := d.VersionSince(last, listing(listed, nil)); ok {
		t.Errorf("a file gone not given as unbuilt: got %q", v)
	}
	if v, ok := d.VersionSince(last, listing(listed, map[string]string{"a.html": "1", "c.html": "5"})); ok {
		t.Errorf("a file kept given as unbuilt: got %q", v)
	}
	d.AddKept("d.html", "4")
	if v, ok := d.VersionSince(last, listing(listed, removed)); ok {
		t.Errorf("a kept file not listed: got %q", v)
	}
}

func TestWorkerVersionReadsServiceWorkersVersion(t *testing.T) {
	var d Digest
	d.Add("a.html", "1")
	v := d.Version()
	if got, ok := WorkerVersion(ServiceWorker(v, d.Files())); !ok || got != v {
		t.Errorf("got %q, %v; want %q", got, ok, v)
	}
	if got, ok := WorkerVersion([]byte("self.x = 1;")); ok {
		t.Errorf("not a service worker: got %q", got)
	}
}
