package handbooktest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

// TestExtraNoEightWordRunSharedWithOtherHandbooks: no run of
// sharedRunLimit words of any page appears in the markdown of another
// handbook (../shared/real/*: an extra, skipped when absent).
func TestExtraNoEightWordRunSharedWithOtherHandbooks(t *testing.T) {
	otherHandbooks := filepath.Join(sitetest.SharedDir(), "real")
	if _, err := os.Stat(otherHandbooks); err != nil {
		t.Skipf("extra test: ../shared/real is not beside the repository (%v)", err)
	}
	runs := map[string]string{} // run → file it came from
	files := 0
	err := filepath.WalkDir(otherHandbooks, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		files++
		w := words(string(b))
		for i := 0; i+sharedRunLimit <= len(w); i++ {
			runs[strings.Join(w[i:i+sharedRunLimit], " ")] = p
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Fatalf("no markdown under %s", otherHandbooks)
	}
	for _, p := range handbook.Site.Pages {
		pw := words(string(p.Source))
		for i := 0; i+sharedRunLimit <= len(pw); i++ {
			k := strings.Join(pw[i:i+sharedRunLimit], " ")
			if from, ok := runs[k]; ok {
				t.Errorf("%s shares a %d-word run with %s: %q", p.Src, sharedRunLimit, from, k)
			}
		}
	}
}
