package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"

	"handbook/internal/sitetest"
)

// TestPreCommitHook runs the hook of .pre-commit-hooks.yaml as the
// pre-commit framework does: its entry, then the staged files its pattern
// selects, from the repository root.
func TestPreCommitHook(t *testing.T) {
	data, err := os.ReadFile("../../.pre-commit-hooks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var hooks []struct {
		ID, Entry, Language, Files string
		RequireSerial              bool `yaml:"require_serial"`
	}
	if err := yaml.Unmarshal(data, &hooks); err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 1 || hooks[0].ID != "handbook-check" || hooks[0].Language != "golang" || !hooks[0].RequireSerial {
		t.Fatalf("hooks: %+v", hooks)
	}
	entry := strings.Fields(hooks[0].Entry)
	if entry[0] != "handbook" {
		t.Fatalf("entry %q does not run the handbook command", hooks[0].Entry)
	}
	files := regexp.MustCompile(hooks[0].Files)
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n\nSee [x](missing.md).\n-- content/other.md --\n# Other\n\nFine.\n-- content/pic.png --\nx\n")
	t.Chdir(dir)
	hook := func(staged ...string) int {
		args := entry[1:]
		for _, f := range staged {
			if files.MatchString(f) {
				args = append(args, f)
			}
		}
		code, _, _ := run(t, args...)
		return code
	}
	if code := hook("content/other.md", "content/pic.png"); code != 0 {
		t.Errorf("a clean staged page fails the hook: exit %d", code)
	}
	if code := hook(filepath.ToSlash("content/index.md")); code != 1 {
		t.Errorf("a staged page with a broken link passes the hook: exit %d", code)
	}
}
