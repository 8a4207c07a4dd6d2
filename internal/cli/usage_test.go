package cli

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

// Each command's usage line is generated from its flags; the README's
// command table shows the same line, so neither can drift.
func TestREADMEShowsEachCommandsUsageLine(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range commands() {
		if c.run == nil || c.name == "version" {
			continue
		}
		var stderr bytes.Buffer
		c.run([]string{"-h"}, &bytes.Buffer{}, &stderr)
		first, _, _ := strings.Cut(stderr.String(), "\n")
		line, ok := strings.CutPrefix(first, "Usage: ")
		if !ok {
			t.Fatalf("%s -h printed %q", c.name, first)
		}
		want := "| `" + strings.ReplaceAll(line, "|", `\|`) + "` |"
		if !bytes.Contains(readme, []byte(want)) {
			t.Errorf("README's command table has no row starting %s", want)
		}
	}
}
