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

// cssLinks returns the stylesheet hrefs of a page.
func cssLinks(page string) []string {
	var out []string
	for _, part := range strings.Split(page, `rel="stylesheet" href="`)[1:] {
		out = append(out, strings.TrimPrefix(part[:strings.IndexByte(part, '"')], "./"))
	}
	return out
}
