package cli

import (
	"bytes"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"handbook/internal/build"
	"handbook/internal/serve"
	"handbook/internal/sitetest"
)

// TestServeRecoversWhenContentIsMadeAgain runs the real preview server,
// watcher and build: deleting content/ breaks the build, and making it
// again (as a git checkout does) is picked up without a restart; a theme
// folder made after start is watched too.
func TestServeRecoversWhenContentIsMadeAgain(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n\nFirst.\n")
	base, waitFor := startServe(t, dir)
	waitFor("first build", func(st serve.Status, home string) bool { return st.OK && strings.Contains(home, "First.") })
	if err := os.RemoveAll(filepath.Join(dir, "content")); err != nil {
		t.Fatal(err)
	}
	waitFor("content deleted", func(st serve.Status, _ string) bool { return !st.OK })
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n\nSecond.\n")
	waitFor("content made again", func(st serve.Status, home string) bool { return st.OK && strings.Contains(home, "Second.") })
	sitetest.WriteTxtar(t, dir, "-- theme/assets/css/90-site.css --\nbody { --made-later: 1; }\n")
	waitFor("theme made after start", func(st serve.Status, home string) bool {
		if !st.OK {
			return false
		}
		for _, css := range cssLinks(home) {
			if res, err := http.Get(base + css); err == nil {
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				if strings.Contains(string(b), "--made-later") {
					return true
				}
			}
		}
		return false
	})
}

// In an MkDocs project serve watches docs_dir and every config file of
// the INHERIT chain: an edit to a page, and one to the parent config,
// each reach the served site without a restart.
func TestServeWatchesAnMkDocsProject(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- mkdocs.yml --\nINHERIT: config/base.yml\n-- config/base.yml --\nsite_name: First Title\n-- docs/index.md --\n# Home\n\nFirst.\n")
	_, waitFor := startServe(t, dir)
	waitFor("first build", func(st serve.Status, home string) bool { return st.OK && strings.Contains(home, "First.") })
	sitetest.WriteTxtar(t, dir, "-- docs/index.md --\n# Home\n\nSecond.\n")
	waitFor("page edited", func(st serve.Status, home string) bool { return st.OK && strings.Contains(home, "Second.") })
	sitetest.WriteTxtar(t, dir, "-- config/base.yml --\nsite_name: Other Title\n")
	waitFor("parent config edited", func(st serve.Status, home string) bool { return st.OK && strings.Contains(home, "Other Title") })
}

// In an MkDocs project serve rebuilds on an edit to a page, to a snippet a
// page includes, to a snippet made after start that a page names, to
// mkdocs.yml and to a file under theme.custom_dir; and a build with
// errors (strict: true and a broken link) is served with them listed.
func TestServeMkDocsProjectEndToEnd(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, `-- mkdocs.yml --
site_name: First Title
strict: true
theme:
  name: material
  custom_dir: overrides
markdown_extensions:
  - pymdownx.snippets:
      base_path: [snippets]
-- overrides/main.html --
{% extends "base.html" %}
-- snippets/part.md --
Snippet one.
-- docs/index.md --
# Home

Page one. [broken](missing.md)

--8<-- "part.md"

--8<-- "later.md"
`)
	var log syncBuffer
	base, waitFor := startServeLog(t, dir, &log)
	waitFor("first build, served with its error", func(st serve.Status, home string) bool {
		return !st.OK && st.Served && len(st.Problems) == 1 && strings.Contains(st.Problems[0].Message, "missing.md") &&
			strings.Contains(home, "Page one.") && strings.Contains(home, "Snippet one.")
	})
	sitetest.WriteTxtar(t, dir, "-- docs/index.md --\n# Home\n\nPage two.\n\n--8<-- \"part.md\"\n\n--8<-- \"later.md\"\n")
	waitFor("page edited, link fixed", func(st serve.Status, home string) bool { return st.OK && strings.Contains(home, "Page two.") })
	sitetest.WriteTxtar(t, dir, "-- snippets/part.md --\nSnippet two.\n")
	waitFor("snippet edited", func(st serve.Status, home string) bool { return st.OK && strings.Contains(home, "Snippet two.") })
	sitetest.WriteTxtar(t, dir, "-- snippets/later.md --\nMade later.\n")
	waitFor("missing snippet made", func(st serve.Status, home string) bool { return st.OK && strings.Contains(home, "Made later.") })
	sitetest.WriteTxtar(t, dir, "-- mkdocs.yml --\nsite_name: Other Title\ntheme:\n  name: material\n  custom_dir: overrides\nmarkdown_extensions:\n  - pymdownx.snippets:\n      base_path: [snippets]\n")
	waitFor("mkdocs.yml edited", func(st serve.Status, home string) bool { return st.OK && strings.Contains(home, "Other Title") })
	sitetest.WriteTxtar(t, dir, "-- overrides/main.html --\n{% extends \"base.html\" %}\n{# edited #}\n")
	waitFor("custom_dir file edited", func(serve.Status, string) bool {
		return strings.Contains(log.String(), "main.html)")
	})
	if res, err := http.Get(base); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("home: %v %v", res, err)
	}
	// A config that cannot be read is the one thing that stops it: the
	// last good site stays served, the overlay says why.
	sitetest.WriteTxtar(t, dir, "-- mkdocs.yml --\nsite_name: [broken\n")
	waitFor("unreadable config", func(st serve.Status, home string) bool {
		return !st.OK && !st.Served && len(st.Problems) > 0 && strings.Contains(st.Problems[0].Location, "mkdocs.yml") && strings.Contains(home, "Other Title")
	})
}

// syncBuffer is a bytes.Buffer safe for the server's log and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServe runs the real preview server, watcher and build on the
// project in dir, and returns its URL and a function that waits (10 s at
// most) until the build status and the home page satisfy ok.
func startServe(t *testing.T, dir string) (string, func(what string, ok func(serve.Status, string) bool)) {
	t.Helper()
	return startServeLog(t, dir, io.Discard)
}

// startServeLog is startServe with the server's log written to log.
func startServeLog(t *testing.T, dir string, log io.Writer) (string, func(what string, ok func(serve.Status, string) bool)) {
	t.Helper()
	srv, err := serve.NewServer(ServeBuild(build.Options{Source: dir}, nil), serve.Options{Watch: WatchPaths(dir), Log: log})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Close() })
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(l)
	base := "http://" + l.Addr().String() + "/"
	waitFor := func(what string, ok func(status serve.Status, home string) bool) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for {
			var st serve.Status
			res, err := http.Get(base + "__handbook/status")
			if err == nil {
				json.NewDecoder(res.Body).Decode(&st)
				res.Body.Close()
			}
			home := ""
			if res, err := http.Get(base); err == nil {
				b, _ := io.ReadAll(res.Body)
				res.Body.Close()
				home = string(b)
			}
			if ok(st, home) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: status %+v", what, st)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	return base, waitFor
}

// cssLinks returns the stylesheet hrefs of a page.
func cssLinks(page string) []string {
	var out []string
	for _, part := range strings.Split(page, `rel="stylesheet" href="`)[1:] {
		out = append(out, strings.TrimPrefix(part[:strings.IndexByte(part, '"')], "./"))
	}
	return out
}
