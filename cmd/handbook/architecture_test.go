package main

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"
)

// ARCHITECTURE.md stays true: every package and folder it names exists.
func TestArchitectureNamesExistingPackages(t *testing.T) {
	doc, err := os.ReadFile("../../ARCHITECTURE.md")
	if err != nil {
		t.Fatal(err)
	}
	named := regexp.MustCompile("`((?:internal|cmd|theme)(?:/[a-z0-9_]+)*)/?`").FindAllSubmatch(doc, -1)
	if len(named) < 20 {
		t.Fatalf("ARCHITECTURE.md names only %d packages", len(named))
	}
	for _, m := range named {
		dir := filepath.Join("..", "..", filepath.FromSlash(string(m[1])))
		st, err := os.Stat(dir)
		if err != nil || !st.IsDir() {
			t.Errorf("ARCHITECTURE.md names %s, which is not a folder of the repository", m[1])
			continue
		}
		if m[1][0] == 't' { // theme/…: a folder of files
			continue
		}
		if goFiles, _ := filepath.Glob(filepath.Join(dir, "*.go")); len(goFiles) == 0 {
			t.Errorf("ARCHITECTURE.md names %s, which holds no Go package", m[1])
		}
	}
}
