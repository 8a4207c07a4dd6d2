package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/tools/txtar"
)

// FuzzBuildTree builds a random project twice, from a file tree written as
// txtar: a file whose content is "->TARGET" is a symbolic link (TARGET
// "@outside" is a file outside the project), and names may hold anything a
// file name can (unicode, colons, control characters). It checks that no
// build panics, that nothing outside the output folder changes, that the
// second build's output equals the first's, and that no file from outside
// the project is published. Its seeds are in testdata/fuzz/FuzzBuildTree.
func FuzzBuildTree(f *testing.F) {
	f.Fuzz(func(t *testing.T, archive string) {
		if len(archive) > 64<<10 {
			return
		}
		root := t.TempDir()
		project, out := filepath.Join(root, "project"), filepath.Join(root, "out")
		outside := filepath.Join(root, "outside")
		if err := os.MkdirAll(outside, 0o755); err != nil {
			t.Fatal(err)
		}
		// The secret is also a custom_dir main.html's announcement, so a
		// main.html linked to it shows it if read.
		if err := os.WriteFile(filepath.Join(outside, "secret"), []byte("{% block announce %}OUTSIDE SECRET{% endblock %}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		if !writeTree(t, project, outside, archive) {
			return
		}
		before := treeState(t, root, out)
		build := func() (int, map[string]string, string) {
			code, stdout, stderr := run(t, "build", "--source", project, "--out", out, "--no-cache")
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "parser failed") {
				t.Fatalf("build of\n%q\npanicked:\n%s", archive, stderr)
			}
			return code, treeState(t, out, ""), stdout + stderr
		}
		code1, out1, log1 := build()
		if after := treeState(t, root, out); !sameState(before, after) {
			t.Fatalf("building\n%q\nchanged files outside the output folder: %s", archive, stateDiff(before, after))
		}
		code2, out2, log2 := build()
		if code1 != code2 || !sameState(out1, out2) {
			t.Fatalf("building\n%q\ntwice gave different output (exit %d, %d): %s\n%s\n%s", archive, code1, code2, stateDiff(out1, out2), log1, log2)
		}
		for p, v := range out1 {
			if strings.Contains(v, hashOf([]byte("OUTSIDE SECRET"))) {
				t.Fatalf("building\n%q\npublished the file outside the project as %s", archive, p)
			}
		}
	})
}

// writeTree makes the archive's files under project; false when the
// archive names nothing to build.
func writeTree(t *testing.T, project, outside, archive string) bool {
	a := txtar.Parse([]byte(archive))
	if len(a.Files) == 0 || len(a.Files) > 64 {
		return false
	}
	if err := os.MkdirAll(project, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, f := range a.Files {
		name := path.Clean(f.Name)
		if name == "." || path.IsAbs(name) || name == ".." || strings.HasPrefix(name, "../") || strings.Contains(name, "\x00") {
			continue
		}
		p := filepath.Join(project, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			continue // a file where a folder is wanted
		}
		data := f.Data
		if target, ok := bytes.CutPrefix(bytes.TrimSpace(data), []byte("->")); ok && len(bytes.TrimSpace(data)) == len(data)-1 {
			dest := string(target)
			if dest == "@outside" {
				dest = filepath.Join(outside, "secret")
			}
			_ = os.Symlink(dest, p)
			continue
		}
		_ = os.WriteFile(p, data, 0o644)
	}
	return true
}

// treeState maps every entry under root (links not followed), but those
// under skip, to its type, mode and content hash or link target.
func treeState(t *testing.T, root, skip string) map[string]string {
	state := map[string]string{}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		if skip != "" && (p == skip || strings.HasPrefix(p, skip+string(filepath.Separator))) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		info, err := d.Info()
		if err != nil {
			return err
		}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			state[rel] = "link " + target
		case d.IsDir():
			state[rel] = fmt.Sprintf("dir %v", info.Mode())
		default:
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			state[rel] = fmt.Sprintf("file %v %s", info.Mode(), hashOf(b))
			if bytes.Contains(b, []byte("OUTSIDE SECRET")) && !strings.HasSuffix(rel, "secret") {
				state[rel] += " " + hashOf([]byte("OUTSIDE SECRET"))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return state
}

func hashOf(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:8])
}

func sameState(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func stateDiff(a, b map[string]string) string {
	var lines []string
	for k, v := range a {
		if b[k] != v {
			lines = append(lines, fmt.Sprintf("%q: %q → %q", k, v, b[k]))
		}
	}
	for k, v := range b {
		if _, ok := a[k]; !ok {
			lines = append(lines, fmt.Sprintf("%q: new %q", k, v))
		}
	}
	sort.Strings(lines)
	if len(lines) > 20 {
		lines = append(lines[:20], fmt.Sprintf("… %d more", len(lines)-20))
	}
	return strings.Join(lines, "\n")
}
