package e2e

import (
	"encoding/json"
	"io/fs"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestHTMLIsValid runs the Nu HTML Checker over every page of the built
// handbook: zero errors.
func TestHTMLIsValid(t *testing.T) {
	vnu := ciTool(t, "vnu-jar/build/dist/vnu.jar")
	java := needJava(t)
	handbookSite(t)
	var pages []string
	filepath.WalkDir(siteDir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			pages = append(pages, p)
		}
		return nil
	})
	if len(pages) < 20 {
		t.Fatalf("only %d pages built", len(pages))
	}
	checkHTML(t, vnu, java, siteDir, pages)
}

// checkHTML runs the Nu HTML checker over pages and reports each error
// at its page (relative to root) and line.
func checkHTML(t *testing.T, vnu, java, root string, pages []string) {
	t.Helper()
	args := append([]string{"-jar", vnu, "--errors-only", "--format", "json", "--exit-zero-always"}, pages...)
	out, err := exec.Command(java, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("vnu: %v\n%s", err, out)
	}
	var report struct {
		Messages []struct {
			Type, URL, Message, Extract string
			LastLine                    int
		}
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("vnu output: %v\n%.2000s", err, out)
	}
	for _, m := range report.Messages {
		if m.Type == "error" {
			rel, _ := filepath.Rel(root, strings.TrimPrefix(m.URL, "file:"))
			t.Errorf("%s:%d: %s (%q)", rel, m.LastLine, m.Message, m.Extract)
		}
	}
}
