package output

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"time"

	"handbook/internal/diag"
	"handbook/internal/srctree"
)

// stampVersion changes whenever what a stamp records changes.
const stampVersion = 3

// racyWindow: a file modified this close to (or after) the moment its
// state was recorded may change again without its size or time changing,
// so such a stamp proves nothing (git's "racily clean" rule).
const racyWindow = 2 * time.Second

// Stamp records what a build read and wrote, so that the next build of the
// same site into the same folder can tell that nothing changed and leave
// the output as it is: every input (options, the handbook program, config,
// theme and content files, the git commit the dates come from) and every
// output file, by size and modification time. Anything different, an input
// touched too close to the build (see racyWindow), a missing or unreadable
// stamp: the build runs.
type Stamp struct {
	Version int               `json:"version"`
	Inputs  string            `json:"inputs"`  // hash of what is not a file: options, program, git state
	Started int64             `json:"started"` // unix nanoseconds when the files were recorded
	Files   []FileStat        `json:"files"`   // config, theme and content
	Read    []FileStat        `json:"read"`    // files the build found it needed (Built.Read)
	Output  []FileStat        `json:"output"`
	Diags   []diag.Diagnostic `json:"diags"` // the warnings, reported again when nothing changed
	Pages   int               `json:"pages"`
	Assets  int               `json:"assets"`
}

// sameState compares listings by everything but the content hashes.
func sameState(a, b []FileStat) bool {
	return slices.EqualFunc(a, b, func(x, y FileStat) bool {
		return x.Path == y.Path && x.Size == y.Size && x.Mod == y.Mod && x.Mode == y.Mode
	})
}

// Inputs describe what a build reads, for its stamp.
type Inputs struct {
	// Key holds everything that is not a file: options, the git state the
	// dates come from, …
	Key []string
	// Files are single files (such as every config file that could be
	// found), recorded even when missing: creating one is a change.
	Files []string
	// Trees are folders recorded file by file (content, theme), as the
	// build reads them (see srctree): Within are the folders their links
	// may lead into, and Exclude the folders left out (the output folder).
	Trees           []string
	Within, Exclude []string
	// Include are the names starting with "." the build reads in the
	// trees (.meta.yml); other dotfiles are not inputs.
	Include []string
	// Env adds the environment to the key (a config reads it: MkDocs' !ENV).
	Env bool
}

// takeStamp records the inputs of a build into out. Take it before the
// build reads anything: an edit made during the build then shows as a
// change next time.
func takeStamp(in Inputs, out string) (*Stamp, error) {
	started := time.Now()
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	exeInfo, err := os.Stat(exe)
	if err != nil {
		return nil, err
	}
	absOut, err := filepath.Abs(out)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	add := func(ss ...string) {
		for _, s := range ss {
			fmt.Fprintf(h, "%d:%s\x00", len(s), s)
		}
	}
	add("v1", exe, fmt.Sprint(exeInfo.Size(), exeInfo.ModTime().UnixNano()), absOut)
	add(in.Key...)
	if in.Env {
		env := os.Environ()
		sort.Strings(env)
		add(env...)
	}
	var files []FileStat
	for _, p := range in.Files {
		files = append(files, statFile(p))
	}
	for _, root := range in.Trees {
		walked, err := statTree(root, srctree.Options{Within: in.Within, Exclude: in.Exclude, Include: in.Include})
		if err != nil {
			return nil, err
		}
		files = append(files, walked...)
	}
	return &Stamp{Version: stampVersion, Inputs: hex.EncodeToString(h.Sum(nil)), Started: started.UnixNano(), Files: files}, nil
}

func statFile(p string) FileStat {
	info, err := os.Stat(p)
	if err != nil {
		return FileStat{Path: p, Size: -1}
	}
	return FileStat{Path: p, Size: info.Size(), Mod: info.ModTime().UnixNano(), Mode: info.Mode()}
}

// statTree records every file and folder under root (nothing when root
// does not exist) as the build reads them: links followed under the one
// rule (see srctree), dotfiles and output folders left out. A link that is
// not followed is recorded too, so that mending it is a change.
func statTree(root string, opts srctree.Options) ([]FileStat, error) {
	if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
		return []FileStat{{Path: root, Size: -1}}, nil
	}
	var out []FileStat
	opts.Problem = func(rel, msg string) {
		out = append(out, FileStat{Path: filepath.Join(root, filepath.FromSlash(rel)), Size: -1, Mode: fs.ModeSymlink})
	}
	err := srctree.Walk(root, opts, func(e srctree.Entry) error {
		mode := e.Info.Mode()
		if e.Link {
			mode |= fs.ModeSymlink
		}
		if e.IsDir() {
			out = append(out, FileStat{Path: e.Path, Mode: mode})
			return nil
		}
		out = append(out, FileStat{Path: e.Path, Size: e.Info.Size(), Mod: e.Info.ModTime().UnixNano(), Mode: mode})
		return nil
	})
	return out, err
}

// stampPath is where the stamp of the output folder out is kept.
func stampPath(cacheDir, out string) string {
	abs, err := filepath.Abs(out)
	if err != nil {
		abs = out
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(cacheDir, "build-"+hex.EncodeToString(sum[:6])+".json")
}

// previousBuild returns the stamp of the last build into out when out
// still holds exactly the files that build wrote, unmodified; else nil.
func previousBuild(cacheDir, out string) *Stamp {
	b, err := os.ReadFile(stampPath(cacheDir, out))
	if err != nil {
		return nil
	}
	var saved Stamp
	if json.Unmarshal(b, &saved) != nil || saved.Version != stampVersion {
		return nil
	}
	now, err := List(out)
	if err != nil || !sameState(now, saved.Output) {
		return nil
	}
	return &saved
}

// UpToDate reports whether prev (see previousBuild) was made from the same
// inputs as s, none of them touched within racyWindow of that build: then
// its output is what this build would write.
func (s *Stamp) UpToDate(prev *Stamp) bool {
	if prev == nil || prev.Inputs != s.Inputs || !slices.Equal(prev.Files, s.Files) {
		return false
	}
	racy := prev.Started - int64(racyWindow)
	for _, f := range prev.Files {
		if f.Mod >= racy {
			return false
		}
	}
	for _, f := range prev.Read {
		if f.Mod >= racy || statFile(f.Path) != f {
			return false
		}
	}
	return true
}

// Save completes the stamp with the build's output (as written, before it
// was swapped into place) and its warnings, and keeps it for the next
// build. The write is atomic: an interrupted one leaves the old stamp or
// none.
func (s *Stamp) save(cacheDir, out string, written []FileStat, b Built) error {
	s.Output = written
	s.Pages, s.Assets = b.Pages, b.Assets
	// Recorded after the build: one changed during it shows as too recent
	// (racy) next time.
	s.Read = nil
	for _, p := range b.Read {
		s.Read = append(s.Read, statFile(p))
	}
	s.Diags = b.Diags
	data, err := json.Marshal(s)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return err
	}
	return WriteFileAtomic(stampPath(cacheDir, out), data, 0o644)
}

// forget removes the stamp of out (before a build replaces it).
func forget(cacheDir, out string) {
	_ = os.Remove(stampPath(cacheDir, out))
}
