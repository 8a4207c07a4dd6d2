package cli

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/search/invert"
)

// segmentFiles are the search cache's segment folder under dir's cache
// and its files.
func segmentFiles(t *testing.T, dir string) (folder string, names []string) {
	t.Helper()
	found, _ := filepath.Glob(filepath.Join(dir, ".cache", "handbook", "state-*.segments"))
	if len(found) != 1 {
		t.Fatalf("segment folders %v, want one", found)
	}
	entries, err := os.ReadDir(found[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return found[0], names
}

// A search cache whose segment files or manifest are damaged, cut short,
// missing or of another build never crashes the build after an edit: it
// writes exactly what a cold build writes, and the build after it is
// right again.
func TestDamagedSearchCacheSegments(t *testing.T) {
	defer invert.SetMinSegment(2)()
	damages := map[string]func(t *testing.T, folder string, names []string){
		"a byte changed in each": func(t *testing.T, folder string, names []string) {
			for _, n := range names {
				p := filepath.Join(folder, n)
				b, _ := os.ReadFile(p)
				b[len(b)/2] ^= 1
				os.WriteFile(p, b, 0o644)
			}
		},
		"each cut short": func(t *testing.T, folder string, names []string) {
			for _, n := range names {
				os.Truncate(filepath.Join(folder, n), 10)
			}
		},
		"one removed": func(t *testing.T, folder string, names []string) {
			os.Remove(filepath.Join(folder, names[len(names)/2]))
		},
		"the folder removed": func(t *testing.T, folder string, _ []string) {
			os.RemoveAll(folder)
		},
		"each another's bytes": func(t *testing.T, folder string, names []string) {
			first, _ := os.ReadFile(filepath.Join(folder, names[0]))
			for _, n := range names[1:] {
				os.WriteFile(filepath.Join(folder, n), first, 0o644)
			}
		},
		"the manifest cut short": func(t *testing.T, folder string, _ []string) {
			manifest := strings.TrimSuffix(folder, ".segments") + ".search"
			info, err := os.Stat(manifest)
			if err != nil {
				t.Fatal(err)
			}
			os.Truncate(manifest, info.Size()/2)
		},
	}
	for what, damage := range damages {
		t.Run(what, func(t *testing.T) {
			dir := t.TempDir()
			m := &siteModel{r: rand.New(rand.NewSource(5)), pages: map[string]*modelPage{}, levels: true}
			m.pages["index.md"] = m.newPage()
			for i := range 30 {
				m.pages[fmt.Sprintf("guide/p%02d.md", i)] = m.newPage()
			}
			m.write(t, dir)
			for step := range 4 {
				if step > 0 {
					m.bodyEdit()
					m.write(t, dir)
				}
				if step == 2 {
					folder, names := segmentFiles(t, dir)
					if len(names) < 3 {
						t.Fatalf("%d segment files, want several", len(names))
					}
					damage(t, folder, names)
				}
				if code, _, errOut := run(t, "build", "--source", dir, "--warn-links"); code != 0 {
					t.Fatalf("step %d: exit %d: %s", step, code, errOut)
				}
				fresh := filepath.Join(t.TempDir(), "fresh")
				if code, _, errOut := run(t, "build", "--source", dir, "--out", fresh, "--no-cache", "--warn-links"); code != 0 {
					t.Fatalf("step %d: cold build: exit %d: %s", step, code, errOut)
				}
				sameAsColdBuild(t, fmt.Sprintf("%s, step %d", what, step), contents(t, filepath.Join(dir, "public")), contents(t, fresh))
			}
			// The folder holds the files the manifest names: none left of
			// the last builds', and no temporary one.
			_, names := segmentFiles(t, dir)
			for _, n := range names {
				if len(n) != 32 {
					t.Errorf("the segment folder holds %s", n)
				}
			}
		})
	}
}
