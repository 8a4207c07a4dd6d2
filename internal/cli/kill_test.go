package cli

import (
	"bytes"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"handbook/internal/output"
)

// TestKilledUpdateLeavesOldOrNewBuild kills a real handbook process with
// SIGKILL at random points of an in-place update of its output folder (a
// site title edit: every page changes), lets the next build's recovery run,
// and checks the folder holds exactly the old build or exactly the new one.
//
// CI runs a short version. The full check, 200 kills of a 10,000-page
// update:
//
//	HANDBOOK_KILL_PAGES=10000 HANDBOOK_KILL_RUNS=200 go test ./internal/cli -run KilledUpdate -v -timeout 2h
func TestKilledUpdateLeavesOldOrNewBuild(t *testing.T) {
	pages := envInt(t, "HANDBOOK_KILL_PAGES", 300)
	runs := envInt(t, "HANDBOOK_KILL_RUNS", 12)
	bin, src := binaryAndSite(t, pages, "Old title")
	tmp := filepath.Dir(bin)
	public := filepath.Join(src, "public")
	hb := func(args ...string) time.Duration {
		t.Helper()
		start := time.Now()
		cmd := exec.Command(bin, args...)
		cmd.Dir = src
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("handbook %v: %v\n%s", args, err, out)
		}
		return time.Since(start)
	}
	hb("build")
	saved := filepath.Join(tmp, "saved")
	copyTree(t, public, filepath.Join(saved, "public"))
	copyTree(t, filepath.Join(src, ".cache"), filepath.Join(saved, "cache"))
	oldBuild := readTree(t, public)

	writeConfig(t, src, "New title")
	hb("build", "--no-cache", "--out", filepath.Join(tmp, "new"))
	newBuild := readTree(t, filepath.Join(tmp, "new"))
	restore := func() {
		t.Helper()
		for _, p := range []string{public, filepath.Join(src, ".cache")} {
			if err := os.RemoveAll(p); err != nil {
				t.Fatal(err)
			}
		}
		copyTree(t, filepath.Join(saved, "public"), public)
		copyTree(t, filepath.Join(saved, "cache"), filepath.Join(src, ".cache"))
	}
	restore()
	took := hb("build") // an uninterrupted in-place update, to aim the kills
	if got := readTree(t, public); !sameTree(got, newBuild) {
		t.Fatal("an uninterrupted in-place update differs from a cold build")
	}

	rng := rand.New(rand.NewPCG(1, uint64(pages)))
	var olds, news, midCommit int
	for i := range runs {
		restore()
		// Half the kills anywhere in the build, half near its end, where the
		// output folder is being changed.
		frac := rng.Float64()
		if i%2 == 1 {
			frac = 0.75 + 0.35*rng.Float64()
		}
		cmd := exec.Command(bin, "build")
		cmd.Dir = src
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(frac * float64(took)))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if _, err := os.Stat(filepath.Join(src, ".public.journal")); err == nil {
			midCommit++
		}
		if err := output.Recover(public); err != nil {
			t.Fatalf("run %d: recovery: %v", i, err)
		}
		got := readTree(t, public)
		switch {
		case sameTree(got, oldBuild):
			olds++
		case sameTree(got, newBuild):
			news++
		default:
			t.Fatalf("run %d, killed after %.0f%% of a build: the output is neither the old build nor the new one (%s)", i, frac*100, treeDiff(got, oldBuild, newBuild))
		}
		if names := leftovers(t, src); len(names) > 0 {
			t.Fatalf("run %d: left %v", i, names)
		}
	}
	t.Logf("%d kills of a %d-page update (%v uninterrupted): %d left the old build, %d the new one; %d were killed while the output folder was changing", runs, pages, took.Round(time.Millisecond), olds, news, midCommit)
}

func envInt(t *testing.T, name string, def int) int {
	if v := os.Getenv(name); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			t.Fatalf("%s=%q: %v", name, v, err)
		}
		return n
	}
	return def
}

func writeConfig(t *testing.T, src, title string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(src, "handbook.yaml"), []byte("title: "+title+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writeSite writes n pages in folders of 100, each linking the next one
// of its folder.
func writeSite(t *testing.T, src string, n int, title string) {
	t.Helper()
	for i := range n {
		dir := filepath.Join(src, "content", fmt.Sprintf("s%03d", i/100))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		body := fmt.Sprintf("# Page %d\n\nSome text about topic %d.\n\n## Details\n\nMore words %d.\n", i, i, i)
		if next := i + 1; next < n && next/100 == i/100 {
			body += fmt.Sprintf("\nSee [the next page](p%d.md#details).\n", next)
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("p%d.md", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeConfig(t, src, title)
}

// copyTree copies a folder with its files' modes and times (as cp -a).
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("cp", "-a", from, to).CombinedOutput(); err != nil {
		t.Fatalf("cp -a: %v\n%s", err, out)
	}
}

func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

func sameTree(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return true
}

func treeDiff(got, old, new map[string][]byte) string {
	var asOld, asNew, other int
	for k, v := range got {
		switch {
		case bytes.Equal(v, old[k]) && bytes.Equal(v, new[k]):
		case bytes.Equal(v, old[k]):
			asOld++
		case bytes.Equal(v, new[k]):
			asNew++
		default:
			other++
		}
	}
	return fmt.Sprintf("%d files of %d as in the old build, %d as in the new, %d neither; old has %d files, new %d", asOld, len(got), asNew, other, len(old), len(new))
}

func leftovers(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".public.") {
			names = append(names, e.Name())
		}
	}
	return names
}

// TestKilledEditLeavesTheNextBuildRight kills a real handbook process with
// SIGKILL at random points of builds after one page's text changed (the
// edit path, which appends to the state's log of conversions and writes
// its state file anew), and checks that the output folder holds the old
// build or the new one, and that the next build writes exactly what a
// cold build writes, leaving no temporary file behind.
//
//	HANDBOOK_KILL_EDIT_PAGES=10000 HANDBOOK_KILL_EDIT_RUNS=100 go test ./internal/cli -run KilledEdit -v -timeout 2h
func TestKilledEditLeavesTheNextBuildRight(t *testing.T) {
	pages := envInt(t, "HANDBOOK_KILL_EDIT_PAGES", 600)
	runs := envInt(t, "HANDBOOK_KILL_EDIT_RUNS", 10)
	bin, src := binaryAndSite(t, pages, "Title")
	tmp := filepath.Dir(bin)
	public := filepath.Join(src, "public")
	hb := func(args ...string) (time.Duration, string) {
		t.Helper()
		start := time.Now()
		cmd := exec.Command(bin, args...)
		cmd.Dir = src
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("handbook %v: %v\n%s", args, err, out)
		}
		return time.Since(start), string(out)
	}
	edit := func(i int) {
		t.Helper()
		p := filepath.Join(src, "content", fmt.Sprintf("s%03d", i%pages/100), fmt.Sprintf("p%d.md", i%pages))
		f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(f, "\n## Added %d\n\nOne more paragraph, %d.\n", i, i)
		f.Close()
	}
	cold := func(i int) map[string][]byte {
		t.Helper()
		out := filepath.Join(tmp, fmt.Sprintf("cold-%d", i))
		hb("build", "--no-cache", "--out", out)
		defer os.RemoveAll(out)
		return readTree(t, out)
	}
	hb("build")
	edit(0)
	took, out := hb("build", "--stats") // an uninterrupted edit, to aim the kills
	if !strings.Contains(out, "from the last build's state") {
		t.Fatalf("the build after an edit did not take the edit path:\n%s", out)
	}
	rng := rand.New(rand.NewPCG(2, uint64(pages)))
	var olds, news int
	for i := 1; i <= runs; i++ {
		oldBuild := readTree(t, public)
		edit(i * 37)
		newBuild := cold(i)
		cmd := exec.Command(bin, "build")
		cmd.Dir = src
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Half the kills anywhere, half in the second half of the build,
		// where its state is written and the output folder changed.
		frac := 1.2 * rng.Float64()
		if i%2 == 1 {
			frac = 0.5 + 0.7*rng.Float64()
		}
		time.Sleep(time.Duration(frac * float64(took)))
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if err := output.Recover(public); err != nil {
			t.Fatalf("run %d: recovery: %v", i, err)
		}
		switch got := readTree(t, public); {
		case sameTree(got, oldBuild):
			olds++
		case sameTree(got, newBuild):
			news++
		default:
			t.Fatalf("run %d, killed after %.0f%% of a build: the output is neither the old build nor the new one (%s)", i, frac*100, treeDiff(got, oldBuild, newBuild))
		}
		hb("build")
		if got := readTree(t, public); !sameTree(got, newBuild) {
			t.Fatalf("run %d, killed after %.0f%% of a build: the next build differs from a cold one (%s)", i, frac*100, treeDiff(got, oldBuild, newBuild))
		}
		if names := leftovers(t, src); len(names) > 0 {
			t.Fatalf("run %d: left %v", i, names)
		}
		entries, _ := os.ReadDir(filepath.Join(src, ".cache", "handbook"))
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), "state-") && strings.Contains(e.Name(), ".tmp") {
				t.Fatalf("run %d: the next build left %s in the cache", i, e.Name())
			}
		}
		// (the search cache's segment folder: only files its manifest names)
		_, segments := segmentFiles(t, src)
		for _, name := range segments {
			if len(name) != 32 {
				t.Fatalf("run %d: the next build left %s in the search cache's segments", i, name)
			}
		}
	}
	t.Logf("%d kills of a %d-page edit build (%v uninterrupted): %d left the old build, %d the new one", runs, pages, took.Round(time.Millisecond), olds, news)
}

// binaryAndSite builds handbook's binary, for runs to be killed, into a
// new temporary folder and writes a site of the given pages beside it.
func binaryAndSite(t *testing.T, pages int, title string) (bin, src string) {
	t.Helper()
	tmp := t.TempDir()
	bin = filepath.Join(tmp, "handbook")
	if out, err := exec.Command("go", "build", "-o", bin, "handbook/cmd/handbook").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	src = filepath.Join(tmp, "site")
	writeSite(t, src, pages, title)
	return bin, src
}
