package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const fixtureTable = "# gemoji shortcodes from gemoji@0.0.0, written by gen/gen.sh: do not edit.\n" +
	"+1\t👍\n" +
	"rocket\t🚀\n" +
	"thumbsup\t👍\n" +
	"zombie_woman\t🧟\u200d♀️\n"

// TestGenerate: every name of an entry gets a line, sorted by name.
func TestGenerate(t *testing.T) {
	src, err := os.ReadFile("testdata/gemoji.json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := generate(src, "gemoji@0.0.0")
	if err != nil || string(got) != fixtureTable {
		t.Errorf("generate = %q (%v), want %q", got, err, fixtureTable)
	}
}

func TestGenerateRejects(t *testing.T) {
	for _, src := range []string{`{`, `[{"emoji":"x","names":["a\tb"]}]`, `[{"emoji":"","names":["a"]}]`, `[{"emoji":"x","names":[""]}]`} {
		if got, err := generate([]byte(src), "gemoji"); err == nil {
			t.Errorf("generate(%s) = %q, want an error", src, got)
		}
	}
}

func TestCheckFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shortcodes.tsv")
	if err := os.WriteFile(path, []byte(fixtureTable), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := checkFile(path, []byte(fixtureTable)); err != nil {
		t.Errorf("same file: %v", err)
	}
	if err := checkFile(path, []byte(strings.Replace(fixtureTable, "🚀", "🛸", 1))); err == nil {
		t.Error("a changed emoji was not reported")
	}
}
