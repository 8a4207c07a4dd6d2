package cli

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
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

// startServe runs the real preview server, watcher and build on the
// project in dir, and returns its URL and a function that waits (10 s at
// most) until the build status and the home page satisfy ok.
func startServe(t *testing.T, dir string) (string, func(what string, ok func(serve.Status, string) bool)) {
	t.Helper()
	srv, err := serve.NewServer(ServeBuild(build.Options{Source: dir}, nil), serve.Options{Watch: WatchPaths(dir), Log: io.Discard})
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
