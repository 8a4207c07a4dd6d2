// Package sitetest has helpers for tests that build whole sites: txtar
// fixtures written to real folders, and a crawler that serves a built site
// with a plain static file server and follows every internal link.
package sitetest

import (
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"handbook/internal/diag"

	"golang.org/x/tools/txtar"
)

// WriteTxtar writes the files of a txtar archive under dir.
func WriteTxtar(t testing.TB, dir, archive string) {
	t.Helper()
	a := txtar.Parse([]byte(archive))
	for _, f := range a.Files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// WriteFixture writes the input files of the txtar fixture at path (a
// site with the output it should build under want/, left out) under a new
// temporary folder, and returns that folder.
func WriteFixture(t testing.TB, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var in txtar.Archive
	for _, f := range txtar.Parse(data).Files {
		if !strings.HasPrefix(f.Name, "want/") {
			in.Files = append(in.Files, f)
		}
	}
	dir := t.TempDir()
	WriteTxtar(t, dir, string(txtar.Format(&in)))
	return dir
}

var (
	attrRe = regexp.MustCompile(`\s(?:href|src)="([^"]*)"`)
	idRe   = regexp.MustCompile(`\sid="([^"]*)"`)
)

// Broken is one link that did not resolve.
type Broken struct{ Page, Link, Problem string }

// Crawl serves dir under prefix (e.g. "/repo/") with http.FileServer and,
// as GitHub Pages does, the site's 404.html (status 404) for missing paths.
// It follows every internal href and src from every HTML page reachable
// from the root and from extra start paths (which may be missing paths, to
// see the 404 page from any depth), checking each target answers 200 and
// that #fragments exist in the target page. It returns what is broken and
// the set of pages visited.
func Crawl(t testing.TB, dir, prefix string, extra ...string) (broken []Broken, visited []string) {
	t.Helper()
	files := http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.FileServer(http.Dir(dir)))
	fsrv := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rel := strings.TrimPrefix(r.URL.Path, prefix)
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if strings.HasSuffix(r.URL.Path, "/") {
			p = filepath.Join(p, "index.html")
		}
		if _, err := os.Stat(p); err != nil && strings.HasPrefix(r.URL.Path, prefix) {
			if body, err := os.ReadFile(filepath.Join(dir, "404.html")); err == nil {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.WriteHeader(http.StatusNotFound)
				w.Write(body)
				return
			}
		}
		files.ServeHTTP(w, r)
	})
	srv := httptest.NewServer(fsrv)
	defer srv.Close()
	base, _ := url.Parse(srv.URL + prefix)
	seen := map[string]bool{}
	bodies := map[string]string{}
	fetch := func(u *url.URL) (string, int) {
		key := u.Path
		if b, ok := bodies[key]; ok {
			return b, 200
		}
		resp, err := http.Get(u.String())
		if err != nil {
			return "", 0
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode == 200 {
			bodies[key] = string(b)
		}
		return string(b), resp.StatusCode
	}
	idSets := map[string]map[string]bool{} // page path → its ids, worked out once
	hasID := func(path, body, id string) bool {
		set, ok := idSets[path]
		if !ok {
			set = idsOf(body)
			idSets[path] = set
		}
		return set[id]
	}
	queue := []*url.URL{base}
	start := map[string]bool{}
	for _, e := range extra {
		u, _ := base.Parse(strings.TrimPrefix(e, "/"))
		queue = append(queue, u)
		start[u.Path] = true
	}
	for len(queue) > 0 {
		u := queue[0]
		queue = queue[1:]
		if seen[u.Path] {
			continue
		}
		seen[u.Path] = true
		body, code := fetch(u)
		if code != 200 && !(start[u.Path] && code == 404) {
			broken = append(broken, Broken{Page: "(start)", Link: u.Path, Problem: "status " + http.StatusText(code)})
			continue
		}
		if !strings.HasSuffix(u.Path, "/") && !strings.HasSuffix(u.Path, ".html") {
			continue
		}
		if code == 200 {
			visited = append(visited, strings.TrimPrefix(u.Path, prefix))
		}
		for _, m := range attrRe.FindAllStringSubmatch(body, -1) {
			raw := html.UnescapeString(m[1])
			if raw == "" || strings.HasPrefix(raw, "mailto:") || strings.HasPrefix(raw, "data:") || strings.HasPrefix(raw, "javascript:") {
				continue
			}
			if strings.HasPrefix(raw, "#") {
				if !hasID(u.Path, body, raw[1:]) {
					broken = append(broken, Broken{u.Path, raw, "no id " + raw[1:] + " on the page"})
				}
				continue
			}
			target, err := u.Parse(raw)
			if err != nil {
				broken = append(broken, Broken{u.Path, raw, "unparseable"})
				continue
			}
			if target.Host != base.Host {
				continue // external
			}
			if !strings.HasPrefix(target.Path, prefix) {
				broken = append(broken, Broken{u.Path, raw, "leaves the base path " + prefix})
				continue
			}
			tbody, code := fetch(target)
			if code != 200 {
				broken = append(broken, Broken{u.Path, raw, "status " + http.StatusText(code)})
				continue
			}
			if target.Fragment != "" && !hasID(target.Path, tbody, target.Fragment) {
				broken = append(broken, Broken{u.Path, raw, "no id " + target.Fragment})
			}
			if !seen[target.Path] {
				clean := *target
				clean.Fragment, clean.RawQuery = "", ""
				queue = append(queue, &clean)
			}
		}
	}
	sort.Strings(visited)
	return broken, visited
}

// idsOf returns the ids of a page's elements.
func idsOf(body string) map[string]bool {
	ids := map[string]bool{}
	for _, m := range idRe.FindAllStringSubmatch(body, -1) {
		ids[html.UnescapeString(m[1])] = true
	}
	return ids
}

// WriteFiles writes a build's in-memory files (Result.Files) into dir.
func WriteFiles(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// Messages is each diagnostic of diags on a line of its own, as the
// commands print them, for a test to compare with what it expects.
func Messages(diags diag.List) string {
	var b strings.Builder
	for _, d := range diags {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}
