// Package offline makes a built site readable without a network: a
// service worker (sw.js at the site root, so its scope is the site and
// nothing else on the origin) with a cache named for the build, a web app
// manifest with icons, and Folder, which turns a build into a folder that
// works when opened from disk (file://): links name index.html and the
// search index is also written as scripts, which file:// pages may load.
package offline

import (
	"bytes"
	"container/heap"
	"encoding/json"
	"fmt"
	"hash/crc64"
	"iter"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Digest combines the names and contents of a build's files into a
// version, whatever order they are added in (concurrently). A file added
// again counts once: a build may put the same file twice (the search
// index's content-named files shared by several terms), where a build
// keeping the last build's file adds it once, and both must agree.
type Digest struct {
	mu    sync.Mutex
	files map[string]string // name → content hash
	// made are the names Add was given (AddKept's are not): only they may
	// differ from the last build's files (see VersionSince).
	made []string
}

var table = crc64.MakeTable(crc64.ECMA)

// Add records one output file the build made by its name and a hash of
// its content.
func (d *Digest) Add(name, hash string) {
	d.mu.Lock()
	if d.files == nil {
		d.files = map[string]string{}
	}
	d.files[name] = hash
	d.made = append(d.made, name)
	d.mu.Unlock()
}

// AddKept is Add of a file the build kept as the last build wrote it.
func (d *Digest) AddKept(name, hash string) {
	d.mu.Lock()
	if d.files == nil {
		d.files = map[string]string{}
	}
	d.files[name] = hash
	d.mu.Unlock()
}

// AddAll is AddKept of each name with the hash at its place in hashes.
func (d *Digest) AddAll(names, hashes []string) {
	d.mu.Lock()
	if len(names) > len(d.files) {
		// Grown one by one, the map of a large site's files is rebuilt a
		// dozen times: made once for all of them (and those it holds).
		files := make(map[string]string, len(d.files)+len(names))
		for name, hash := range d.files {
			files[name] = hash
		}
		d.files = files
	}
	for i, name := range names {
		d.files[name] = hashes[i]
	}
	d.mu.Unlock()
}

// Names lists the files added, sorted.
func (d *Digest) Names() []string {
	out := d.Files()
	sort.Strings(out)
	return out
}

// Files lists the files added, in no order (ServiceWorker takes them so).
func (d *Digest) Files() []string {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]string, 0, len(d.files))
	for name := range d.files {
		out = append(out, name)
	}
	return out
}

// Version is the build's version: it changes whenever any file does.
func (d *Digest) Version() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	var sum uint64
	for name, hash := range d.files {
		sum ^= fileTerm(name, hash)
	}
	return version(sum, len(d.files))
}

// fileTerm is a file's part of the version: the version's sum is the
// exclusive or of its files' terms, so a file changed, added or removed
// changes it by its terms alone (VersionSince).
func fileTerm(name, hash string) uint64 {
	h := crc64.Update(crc64.Checksum([]byte(name), table), table, []byte(hash))
	return h*0x9E3779B97F4A7C15 + uint64(len(hash)) // mixed, so equal pairs do not cancel as simply
}

func version(sum uint64, files int) string {
	return fmt.Sprintf("%016x-%d", sum, files)
}

// Listing is the last build's files as the output folder lists them,
// sw.js left out: how many, a listed file's content hash ("" when not
// known; false when not listed), and the files this build has neither
// made (Add) nor kept (AddKept), with their hashes.
type Listing struct {
	Files   int
	Hash    func(name string) (hash string, listed bool)
	Unbuilt iter.Seq2[string, string]
}

// VersionSince is Version worked out from the last build's version
// (last) and files (listed): only the files made again (Add) and those
// neither made nor kept are hashed, where Version hashes every file, and
// the files kept (a large site's hundreds of thousands) are not looked
// at: every file added with AddKept must be listed with the same hash,
// its term in both versions. ok is false when last is not a version of
// as many files as listed, or the files added are not the listed ones
// but those unbuilt, and those made.
func (d *Digest) VersionSince(last string, listed Listing) (v string, ok bool) {
	sum, files, ok := parseVersion(last)
	if !ok || files != listed.Files {
		return "", false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	made := make(map[string]bool, len(d.made))
	madeListed := 0
	for _, name := range d.made {
		if made[name] {
			continue // (put twice)
		}
		made[name] = true
		if old, found := listed.Hash(name); found {
			if old == "" {
				return "", false // (its term cannot be worked out)
			}
			sum ^= fileTerm(name, old)
			madeListed++
		}
		sum ^= fileTerm(name, d.files[name])
	}
	removed := 0
	for name, old := range listed.Unbuilt {
		if _, added := d.files[name]; added || old == "" {
			return "", false
		}
		sum ^= fileTerm(name, old)
		removed++
	}
	if len(d.files)-len(made) != files-removed-madeListed {
		return "", false // (a file kept that the last build did not list)
	}
	return version(sum, len(d.files)), true
}

// parseVersion reads a version back: its sum and its files.
func parseVersion(v string) (sum uint64, files int, ok bool) {
	hex, count, found := strings.Cut(v, "-")
	if !found || len(hex) != 16 {
		return 0, 0, false
	}
	sum, err := strconv.ParseUint(hex, 16, 64)
	if err != nil {
		return 0, 0, false
	}
	files, err = strconv.Atoi(count)
	if err != nil || files < 0 || version(sum, files) != v {
		return 0, 0, false
	}
	return sum, files, true
}

// WorkerVersion is the version a service worker of ServiceWorker's was
// made with (false when sw is not one).
func WorkerVersion(sw []byte) (string, bool) {
	rest, found := bytes.CutPrefix(sw, []byte(versionPrefix))
	if !found {
		return "", false
	}
	v, _, found := bytes.Cut(rest, []byte(`"`))
	return string(v), found
}

// versionPrefix begins a service worker: its version follows, quoted.
const versionPrefix = `const VERSION = "`

// MaxPrecache bounds the files a service worker fetches when it installs:
// a larger site caches its pages as they are read.
const MaxPrecache = 400

// ServiceWorker returns sw.js for a build: files (in any order) are the
// site-relative paths it caches when installed (assets first, each rank
// by name), the rest as they are fetched. Pages are fetched from the
// network first and fall back to the cache; fingerprinted assets come
// from the cache.
func ServiceWorker(version string, files []string) []byte {
	list := precache(files)
	for i, f := range list {
		if strings.HasSuffix(f, "index.html") {
			list[i] = strings.TrimSuffix(f, "index.html")
		}
	}
	names, _ := json.Marshal(list)
	var b bytes.Buffer
	fmt.Fprintf(&b, "const VERSION = %q;\nconst PRECACHE = %s;\n", version, names)
	b.WriteString(workerSource)
	return b.Bytes()
}

// precache is the first MaxPrecache of files by rank, then name (a copy):
// picked in one pass, so that a large site's files (some 280,000 at
// 100,000 pages) are not all sorted for it.
func precache(files []string) []string {
	h := precacheHeap(make([]string, 0, min(len(files), MaxPrecache)+1))
	for _, f := range files {
		if len(h) < MaxPrecache {
			heap.Push(&h, f)
		} else if precedes(f, h[0]) {
			h[0] = f
			heap.Fix(&h, 0)
		}
	}
	list := []string(h)
	slices.SortFunc(list, func(a, b string) int {
		if precedes(a, b) {
			return -1
		}
		if precedes(b, a) {
			return 1
		}
		return 0
	})
	return list
}

// precedes reports whether file a comes before file b in a service
// worker's precache list: by rank, then name.
func precedes(a, b string) bool {
	if ra, rb := rank(a), rank(b); ra != rb {
		return ra < rb
	}
	return a < b
}

// precacheHeap holds the files precached so far, the last of them on top.
type precacheHeap []string

func (h precacheHeap) Len() int           { return len(h) }
func (h precacheHeap) Less(i, j int) bool { return precedes(h[j], h[i]) }
func (h precacheHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *precacheHeap) Push(x any)        { *h = append(*h, x.(string)) }
func (h *precacheHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// rank orders what a reader needs first: the theme's assets (and the
// long nav lists every page shows whole, see pages.WindowNav), the pages,
// then the search index and the rest.
func rank(name string) int {
	switch {
	case strings.HasPrefix(name, "assets/"), strings.HasPrefix(name, "nav/list-"):
		return 0
	case strings.HasSuffix(name, ".html"):
		return 1
	case strings.HasPrefix(name, "search/"):
		return 2
	}
	return 3
}

const workerSource = `// The site's service worker, written by handbook build. Its cache is named
// for the build; a new build installs a new worker, which the page
// announces ("updated, reload"), and removes the old caches of this site.
const PREFIX = "handbook:" + self.registration.scope + ":";
const CACHE = PREFIX + VERSION;
const scoped = (path) => new URL(path, self.registration.scope).href;

self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => Promise.all(PRECACHE.map((p) => c.add(scoped(p)).catch(() => {})))));
});

self.addEventListener("activate", (e) => {
  e.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
    .then(() => self.clients.claim()));
});

// A page asks for itself to be cached (its first visit came before this worker).
self.addEventListener("message", (e) => {
  if (e.data && typeof e.data.cache === "string" && e.data.cache.startsWith(self.registration.scope)) {
    e.waitUntil(caches.open(CACHE).then((c) => c.match(e.data.cache).then((hit) => hit || c.add(e.data.cache))).catch(() => {}));
  }
});

self.addEventListener("fetch", (e) => {
  const req = e.request;
  if (req.method !== "GET" || !req.url.startsWith(self.registration.scope)) return;
  const url = new URL(req.url);
  url.search = "";
  url.hash = "";
  const key = url.href;
  if (req.mode === "navigate" || /\/$|\.html$|\.json$/.test(url.pathname)) {
    // Network first, so a reader online always gets the live page.
    e.respondWith(fetch(req).then((res) => {
      if (res.ok) { const copy = res.clone(); caches.open(CACHE).then((c) => c.put(key, copy)); }
      return res;
    }).catch(() => caches.open(CACHE).then((c) => c.match(key).then((hit) => hit || c.match(scoped("404.html")))).then((hit) => hit || Response.error())));
    return;
  }
  e.respondWith(caches.open(CACHE).then((c) => c.match(key).then((hit) => hit || fetch(req).then((res) => {
    if (res.ok) c.put(key, res.clone());
    return res;
  }))));
});
`

// Manifest is the web app manifest (manifest.webmanifest at the site root).
func Manifest(title, description, themeColor, background string, icons []Icon) []byte {
	type icon struct {
		Src     string `json:"src"`
		Sizes   string `json:"sizes"`
		Type    string `json:"type"`
		Purpose string `json:"purpose,omitempty"`
	}
	m := struct {
		Name            string `json:"name"`
		ShortName       string `json:"short_name"`
		Description     string `json:"description,omitempty"`
		StartURL        string `json:"start_url"`
		Scope           string `json:"scope"`
		Display         string `json:"display"`
		ThemeColor      string `json:"theme_color"`
		BackgroundColor string `json:"background_color"`
		Icons           []icon `json:"icons"`
	}{Name: title, ShortName: shortName(title), Description: description, StartURL: "./", Scope: "./", Display: "standalone",
		ThemeColor: themeColor, BackgroundColor: background}
	for _, ic := range icons {
		m.Icons = append(m.Icons, icon{Src: ic.Path, Sizes: ic.Sizes, Type: ic.Type, Purpose: ic.Purpose})
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	return append(b, '\n')
}

// Icon is one of the manifest's icons.
type Icon struct{ Path, Sizes, Type, Purpose string }

// shortName is the title's first words, within the 12 characters a home
// screen shows.
func shortName(title string) string {
	out := ""
	for _, w := range strings.Fields(title) {
		if len(out)+len(w)+1 > 12 && out != "" {
			break
		}
		out = strings.TrimSpace(out + " " + w)
	}
	if out == "" {
		return title
	}
	return out
}

// linkAttr finds href and src attributes in HTML.
var linkAttr = regexp.MustCompile(`\b(href|src)="([^"]*)"`)

// FilePage rewrites a page's links for file://: a relative link to a
// folder ("../guide/", "./", "") names its index.html. Links with a scheme,
// site-absolute ones and fragments are left alone.
func FilePage(html []byte) []byte {
	return linkAttr.ReplaceAllFunc(html, func(m []byte) []byte {
		sub := linkAttr.FindSubmatch(m)
		v := string(sub[2])
		if v == "" || strings.HasPrefix(v, "#") || strings.HasPrefix(v, "/") || strings.Contains(v, ":") {
			return m
		}
		path, rest := v, ""
		if i := strings.IndexAny(v, "?#"); i >= 0 {
			path, rest = v[:i], v[i:]
		}
		if path != "" && !strings.HasSuffix(path, "/") && path != "." && path != ".." {
			return m
		}
		if path == "." || path == ".." {
			path += "/"
		}
		return []byte(fmt.Sprintf(`%s="%sindex.html%s"`, sub[1], path, rest))
	})
}

// SearchScript wraps a search index file as a script for file:// pages,
// which may not fetch: HBSearchFile(path, data).
func SearchScript(name string, data []byte) []byte {
	q, _ := json.Marshal(name)
	var b bytes.Buffer
	b.WriteString("HBSearchFile(")
	b.Write(q)
	b.WriteString(",")
	b.Write(bytes.TrimSpace(data))
	b.WriteString(");\n")
	return b.Bytes()
}

// Folder adapts a build's output for reading from disk: it passes each
// file on to Next, adapted.
type Folder struct {
	Next interface {
		Put(name string, data []byte) error
	}
}

// Put writes one file of the build, adapted: pages with links to
// index.html, search index files also as scripts, and no service worker
// (file:// has none).
func (f Folder) Put(name string, data []byte) error {
	switch {
	case strings.HasSuffix(name, ".html"):
		return f.Next.Put(name, FilePage(data))
	case strings.HasPrefix(name, "search/") && strings.HasSuffix(name, ".json"):
		if err := f.Next.Put(name, data); err != nil {
			return err
		}
		return f.Next.Put(strings.TrimSuffix(name, ".json")+".js", SearchScript(name, data))
	case name == "sw.js":
		return nil
	}
	return f.Next.Put(name, data)
}
