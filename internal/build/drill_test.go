package build

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

// writeDrillFixture writes testdata/sites/drill.txtar (without its want/
// files) into a new folder and returns it.
func writeDrillFixture(t *testing.T) string {
	t.Helper()
	return sitetest.WriteFixture(t, "testdata/sites/drill.txtar")
}

func TestDrillFrontMatterProblems(t *testing.T) {
	for _, tc := range []struct {
		name, drill, want string
	}{
		{"missing source page", "  source: ../nowhere.md\n", `drill/index.md:4:1: drill source "../nowhere.md": no page`},
		{"no source", "  level: L6\n", "drill/index.md:4:1: drill needs a source"},
		{"unknown level", "  source: ../bank.md\n  level: L9\n", `drill/index.md:6:3: unknown level "L9"`},
		{"bad minutes", "  source: ../bank.md\n  minutes: lots\n", `drill/index.md:6:3: drill field "minutes": must be a whole number`},
		{"rank out of range", "  source: ../bank.md\n  rank: 9\n", `drill/index.md:6:3: drill field "rank": must be between 1 and 6`},
		{"itself", "  source: index.md\n", "a drill cannot take its questions from itself"},
		{"no question", "  source: ../other.md\n", "warning: the drill finds no question: no heading of rank 3 for level L6 in content/other.md"},
		{"unknown key", "  source: ../bank.md\n  shuffle: true\n", `warning: unknown drill field "shuffle"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeDrillFixture(t)
			level := "  level: L6\n"
			if strings.Contains(tc.drill, "level:") {
				level = ""
			}
			page := "---\ntitle: L6 drill\nlevels: [L6]\ndrill:\n" + tc.drill + level + "---\n# L6 drill\n"
			if err := os.WriteFile(filepath.Join(dir, "content", "drill", "index.md"), []byte(page), 0o644); err != nil {
				t.Fatal(err)
			}
			res := Run(Options{Source: dir})
			var all []string
			for _, d := range res.Diags {
				all = append(all, d.String())
			}
			if !strings.Contains(strings.Join(all, "\n"), tc.want) {
				t.Errorf("diagnostics:\n%s\nwant one containing %q", strings.Join(all, "\n"), tc.want)
			}
		})
	}
}

// An edit of the bank, built incrementally, reaches the drill page; the
// result equals a clean build's.
func TestDrillFollowsItsSourceIncrementally(t *testing.T) {
	dir := writeDrillFixture(t)
	cache := &Cache{}
	if res := Run(Options{Source: dir, Cache: cache}); !res.OK() {
		t.Fatal(res.Diags)
	}
	bank := filepath.Join(dir, "content", "bank.md")
	src, _ := os.ReadFile(bank)
	if err := os.WriteFile(bank, bytes.Replace(src, []byte("OWN1RUBRIC"), []byte("EDITEDRUBRIC"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	res := Run(Options{Source: dir, Cache: cache, Changed: []string{bank}})
	if !res.OK() || !res.Stats.Cache.Incremental {
		t.Fatalf("the edit was not built incrementally (ok %v): %v", res.OK(), res.Diags)
	}
	if !bytes.Contains(res.Files["drill/index.html"], []byte("EDITEDRUBRIC")) {
		t.Error("the drill page does not show the edited question")
	}
	clean := Run(Options{Source: dir})
	compareFiles(t, "after editing the bank", res.Files, clean.Files)
}
