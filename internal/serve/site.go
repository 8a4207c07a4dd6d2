package serve

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
)

// site is one immutable snapshot of what is served.
type site struct {
	files    map[string][]byte
	hashes   map[string]string
	built    bool      // a build has succeeded at least once; files are real
	problems []Problem // the latest build's problems when it failed, else nil
	// errors are the problems of the build being served: it had errors
	// (broken links, bad content) but was made, and is shown with them.
	errors []Problem

	// from is the snapshot this one was made from, and touched the files
	// that were not handed over unchanged from it (see diffSites).
	from    *site
	touched []string

	// updates are the pages' updates from the site this one replaced
	// (see update).
	updates *updates
}

// updates remembers the pages' updates made for a site, nil included.
type updates struct {
	mu    sync.Mutex
	pages map[string]*Update
}

// update returns the update of page name from before, the site s replaced
// (the same for every event of the rebuild), made once for all the
// streams showing that page.
func (s *site) update(before *site, name string) *Update {
	m := s.updates
	m.mu.Lock()
	defer m.mu.Unlock()
	if u, ok := m.pages[name]; ok {
		return u
	}
	u := makeUpdate(before, s, name)
	m.pages[name] = u
	return u
}

func emptySite() *site {
	return &site{files: map[string][]byte{}, hashes: map[string]string{}}
}

// newSite snapshots a build's files, with their content hashes. The build
// hands over a map it never changes again, so it is kept as it is. A file
// handed over unchanged (the very same bytes as in prev, which a cached
// build does for pages it did not re-render) keeps its hash without being
// hashed again; on a large site most files are such.
func newSite(files map[string][]byte, prev *site) *site {
	s := &site{files: files, built: true, from: prev, updates: &updates{pages: map[string]*Update{}}}
	if prev == nil {
		s.hashes = make(map[string]string, len(files))
	} else {
		s.hashes = maps.Clone(prev.hashes)
	}
	for name, body := range files {
		if prev != nil && sameBytes(prev.files[name], body) {
			continue
		}
		s.hashes[name] = contentHash(body)
		s.touched = append(s.touched, name)
	}
	if prev != nil && len(s.hashes) != len(files) {
		for name := range s.hashes {
			if _, ok := files[name]; !ok {
				delete(s.hashes, name)
			}
		}
	}
	return s
}

// sameBytes reports whether a and b are the same slice of the same array.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && len(a) > 0 && &a[0] == &b[0]
}

// withProblems returns a copy of s that still serves the same files but
// reports a failed build.
func (s *site) withProblems(problems []Problem) *site {
	c := *s
	c.problems = problems
	return &c
}

func (s *site) broken() bool { return s.problems != nil }

func contentHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// Change is what one rebuild changed in the served site; it is the payload of
// the "reload" event.
type Change struct {
	Changed []string          `json:"changed"` // added or modified paths (HTML pages that only link renamed stylesheets are left out)
	Removed []string          `json:"removed"` // paths no longer in the site
	Renamed map[string]string `json:"renamed"` // stylesheet old path → new path (fingerprint changes)
	Pages   int               `json:"-"`       // HTML files added or modified, for the log
}

func (c Change) empty() bool { return len(c.Changed) == 0 && len(c.Removed) == 0 }

// diffSites compares two snapshots by content hash. When after was made
// from before, only the files it did not take over unchanged are compared.
func diffSites(before, after *site) Change {
	c := Change{Changed: []string{}, Removed: []string{}, Renamed: map[string]string{}}
	candidates := after.touched
	if after.from != before {
		candidates = slices.Collect(maps.Keys(after.hashes))
	}
	added := 0
	for _, name := range candidates {
		old, existed := before.hashes[name]
		if !existed {
			added++
		}
		if old != after.hashes[name] {
			c.Changed = append(c.Changed, name)
			if isHTML(name) {
				c.Pages++
			}
		}
	}
	if after.from != before || len(before.hashes) != len(after.hashes)-added {
		for name := range before.hashes {
			if _, ok := after.hashes[name]; !ok {
				c.Removed = append(c.Removed, name)
			}
		}
	}
	c.Renamed = pairRenamedStylesheets(c.Removed, c.Changed, after)
	c.Changed = dropStylesheetOnlyPages(c.Changed, c.Renamed, before, after)
	sort.Strings(c.Changed)
	sort.Strings(c.Removed)
	return c
}

// fingerprint matches the content-hash part of a fingerprinted asset name,
// as in "assets/app.3f2a9c.css".
var fingerprint = regexp.MustCompile(`\.[0-9a-zA-Z]{4,}(\.css)$`)

// pairRenamedStylesheets pairs a removed and an added stylesheet that differ
// only in their fingerprint, when that pairing is unambiguous.
func pairRenamedStylesheets(removed, changed []string, after *site) map[string]string {
	removedByKey := map[string][]string{}
	for _, name := range removed {
		if strings.HasSuffix(name, ".css") {
			key := fingerprint.ReplaceAllString(name, "$1")
			removedByKey[key] = append(removedByKey[key], name)
		}
	}
	addedByKey := map[string][]string{}
	for _, name := range changed {
		if strings.HasSuffix(name, ".css") {
			key := fingerprint.ReplaceAllString(name, "$1")
			addedByKey[key] = append(addedByKey[key], name)
		}
	}
	renamed := map[string]string{}
	for key, olds := range removedByKey {
		news := addedByKey[key]
		if len(olds) == 1 && len(news) == 1 {
			renamed[olds[0]] = news[0]
		}
	}
	return renamed
}

// dropStylesheetOnlyPages removes from changed the HTML pages whose only
// difference is links to renamed stylesheets: pages swap those without reloading.
func dropStylesheetOnlyPages(changed []string, renamed map[string]string, before, after *site) []string {
	if len(renamed) == 0 {
		return changed
	}
	kept := changed[:0]
	for _, name := range changed {
		old, existed := before.files[name]
		if existed && isHTML(name) && bytes.Equal(renameRefs(old, renamed), after.files[name]) {
			continue
		}
		kept = append(kept, name)
	}
	return kept
}

// renameRefs replaces, in an HTML page, references to each old stylesheet's
// file name with the new one's.
func renameRefs(html []byte, renamed map[string]string) []byte {
	olds := make([]string, 0, len(renamed))
	for old := range renamed {
		olds = append(olds, old)
	}
	sort.Strings(olds)
	for _, old := range olds {
		html = bytes.ReplaceAll(html, []byte(baseName(old)), []byte(baseName(renamed[old])))
	}
	return html
}

func baseName(p string) string { return p[strings.LastIndex(p, "/")+1:] }

func isHTML(name string) bool { return strings.HasSuffix(name, ".html") }
