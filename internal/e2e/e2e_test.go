// Package e2e tests the built handbook in a real headless Chromium: the
// site is built by the real generator and served by a plain static file
// server on loopback, under a sub-path as on GitHub Pages.
package e2e

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"handbook/internal/build"
	"handbook/internal/repoinfo"
	"handbook/internal/sitetest"
)

const prefix = "/handbook/"

var (
	siteOnce sync.Once
	siteDir  string
	siteErr  string
)

// handbookSite builds the repository's own handbook once per test binary
// and returns the server's URL of its root.
func handbookSite(t *testing.T) string {
	t.Helper()
	siteOnce.Do(func() {
		// Built as the Pages workflow publishes it: in GitHub Actions,
		// where the repository links are inferred.
		actions := map[string]string{"GITHUB_ACTIONS": "true", "GITHUB_SERVER_URL": "https://github.com", "GITHUB_REPOSITORY": "acme/interview-handbook"}
		repo := &repoinfo.Sources{Env: func(k string) string { return actions[k] }}
		res := build.Run(build.Options{Source: "../..", BaseURL: "https://example.org" + prefix, Repo: repo})
		if !res.OK() {
			siteErr = res.Diags[0].String()
			return
		}
		dir, err := tempDir()
		if err != nil {
			siteErr = err.Error()
			return
		}
		siteDir = filepath.Join(dir, "public")
		sitetest.WriteFiles(t, siteDir, res.Files)
	})
	if siteErr != "" {
		t.Fatalf("building the handbook: %s", siteErr)
	}
	srv := httptest.NewServer(http.StripPrefix(strings.TrimSuffix(prefix, "/"), http.FileServer(http.Dir(siteDir))))
	t.Cleanup(srv.Close)
	return srv.URL + prefix
}
