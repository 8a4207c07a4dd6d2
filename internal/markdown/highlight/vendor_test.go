package highlight

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// vendorDir holds the client libraries .ci/vendor.sh installs.
var vendorDir = filepath.Join("..", "..", "..", "theme", "vendor")

// TestVendoredFilesMatchVERSIONS checks that every vendored file is recorded
// in VERSIONS with its sha256, and that nothing recorded is missing.
func TestVendoredFilesMatchVERSIONS(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(vendorDir, "VERSIONS"))
	if err != nil {
		t.Fatalf("run .ci/vendor.sh: %v", err)
	}
	recorded := map[string]string{}
	packages := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		fields := strings.Fields(line)
		switch {
		case len(fields) == 0 || strings.HasPrefix(line, "#"):
		case len(fields) == 1 && strings.Contains(fields[0], "@"):
			packages[strings.SplitN(fields[0], "@", 2)[0]] = true
		case len(fields) == 2:
			recorded[fields[1]] = fields[0]
		default:
			t.Errorf("unexpected VERSIONS line %q", line)
		}
	}
	if !packages["mermaid"] || !packages["katex"] {
		t.Errorf("VERSIONS must name mermaid and katex with versions: %v", packages)
	}
	for _, required := range []string{
		"mermaid/mermaid.min.js", "katex/katex.min.js", "katex/katex.min.css", "katex/contrib/auto-render.min.js",
	} {
		if _, ok := recorded[required]; !ok {
			t.Errorf("%s is not vendored", required)
		}
	}
	onDisk := 0
	for lib := range packages {
		onDisk += checkLibrary(t, filepath.Join(vendorDir, lib), recorded)
	}
	if onDisk != len(recorded) {
		t.Errorf("VERSIONS records %d files, %d are on disk", len(recorded), onDisk)
	}
}

// checkLibrary compares every file under dir with its recorded sha256 and
// returns how many files it saw.
func checkLibrary(t *testing.T, dir string, recorded map[string]string) int {
	t.Helper()
	onDisk := 0
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		onDisk++
		rel, _ := filepath.Rel(vendorDir, path)
		rel = filepath.ToSlash(rel)
		content, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(content)
		if want, ok := recorded[rel]; !ok {
			t.Errorf("%s is not recorded in VERSIONS", rel)
		} else if hex.EncodeToString(sum[:]) != want {
			t.Errorf("%s does not match its sha256 in VERSIONS", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return onDisk
}

// TestKatexStylesheetReferencesOnlyShippedFiles: a missing font would be a
// broken request on every page with math.
func TestKatexStylesheetReferencesOnlyShippedFiles(t *testing.T) {
	css, err := os.ReadFile(filepath.Join(vendorDir, "katex", "katex.min.css"))
	if err != nil {
		t.Fatal(err)
	}
	refs := regexp.MustCompile(`url\(([^)]*)\)`).FindAllStringSubmatch(string(css), -1)
	if len(refs) == 0 {
		t.Fatal("katex.min.css references no fonts: the rewrite broke it")
	}
	for _, ref := range refs {
		target := strings.Trim(ref[1], `"'`)
		if strings.Contains(target, "//") {
			t.Errorf("katex.min.css references a remote file: %s", target)
			continue
		}
		if _, err := os.Stat(filepath.Join(vendorDir, "katex", filepath.FromSlash(target))); err != nil {
			t.Errorf("katex.min.css references a missing file: %s", target)
		}
	}
}
