package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A page left out of search (search: {exclude: true}) has no sections. A
// build with the disk cache took it for a page the cache held, asked for
// its sections, got none again and failed: the first build of Material's
// own documentation stopped there.
func TestBuildWithAPageLeftOutOfSearch(t *testing.T) {
	src := t.TempDir()
	writeSite(t, src, 3, "Exclusions")
	hidden := "---\nsearch:\n  exclude: true\n---\n# Hidden\n\nUnfindablewordium here.\n"
	if err := os.WriteFile(filepath.Join(src, "content", "s000", "hidden.md"), []byte(hidden), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, step := range []string{"first build", "second build"} {
		if code, _, errOut := run(t, "build", "--source", src); code != 0 {
			t.Fatalf("%s: exit %d: %s", step, code, errOut)
		}
		index := contents(t, filepath.Join(src, "public", "search"))
		found := map[string]bool{}
		for _, body := range index {
			found["unfindablewordium"] = found["unfindablewordium"] || strings.Contains(body, "nfindablewordium")
			found["topic"] = found["topic"] || strings.Contains(body, "topic")
		}
		if found["unfindablewordium"] || !found["topic"] {
			t.Errorf("%s: the hidden page's word in the index %v, the others' %v", step, found["unfindablewordium"], found["topic"])
		}
		os.WriteFile(filepath.Join(src, "content", "s000", "p1.md"), []byte("# Page 1\n\nEdited topic text.\n\n## Details\n\nMore.\n"), 0o644)
	}
}
