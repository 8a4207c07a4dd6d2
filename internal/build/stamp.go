package build

import (
	"bytes"
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
	"handbook/internal/gitinfo"
	"handbook/internal/output"
)

// stampVersion changes whenever what a stamp records changes.
const stampVersion = 1

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
	Files   []output.FileStat `json:"files"`   // config, theme and content
	Output  []output.FileStat `json:"output"`
	Diags   []diag.Diagnostic `json:"diags"` // the warnings, reported again when nothing changed
	Pages   int               `json:"pages"`
	Assets  int               `json:"assets"`
}

// sameState compares listings by everything but the content hashes.
func sameState(a, b []output.FileStat) bool {
	return slices.EqualFunc(a, b, func(x, y output.FileStat) bool {
		return x.Path == y.Path && x.Size == y.Size && x.Mod == y.Mod && x.Mode == y.Mode
	})
}

// TakeStamp records the inputs of a build of opts into out. Take it before
// the build reads anything: an edit made during the build then shows as a
// change next time.
func TakeStamp(opts Options, out string) (*Stamp, error) {
	if opts.Source == "" {
		opts.Source = "."
	}
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
	absSource, err := filepath.Abs(opts.Source)
	if err != nil {
		return nil, err
	}
	cfg, _ := loadProject(opts)
	contentDir := cfg.DocsDir()
	h := newKey().str("v1", exe).num(int(exeInfo.Size()), int(exeInfo.ModTime().UnixNano()))
	h.str(absSource, absOut, opts.ConfigPath, opts.BaseURL, opts.ThemeDir, boolStr(opts.Drafts), boolStr(opts.WarnLinks))
	h.str(gitinfo.State(contentDir))
	var files []output.FileStat
	// Every config file that could be found, and those the one read inherits from.
	configs := []string{filepath.Join(opts.Source, "handbook.yaml"), filepath.Join(opts.Source, "mkdocs.yml"), filepath.Join(opts.Source, "mkdocs.yaml"), filepath.Join(opts.Source, "zensical.toml"), filepath.Join(opts.Source, "zensical.yml")}
	for _, p := range cfg.Files {
		if !slices.Contains(configs, p) {
			configs = append(configs, p)
		}
	}
	for _, p := range configs {
		files = append(files, statFile(p))
		// MkDocs configs may read the environment (!ENV): then it is an input.
		if b, err := os.ReadFile(p); err == nil && bytes.Contains(b, []byte("!ENV")) {
			env := os.Environ()
			sort.Strings(env)
			h.str(env...)
		}
	}
	roots := []string{contentDir, cfg.ThemeDir}
	for _, p := range slices.Concat([]string{cfg.CustomDir}, cfg.SnippetPaths) {
		if p != "" {
			roots = append(roots, p)
		}
	}
	for _, root := range roots {
		walked, err := statTree(root)
		if err != nil {
			return nil, err
		}
		files = append(files, walked...)
	}
	sum := h.sum()
	return &Stamp{Version: stampVersion, Inputs: hex.EncodeToString(sum[:]), Started: started.UnixNano(), Files: files}, nil
}

func statFile(p string) output.FileStat {
	info, err := os.Stat(p)
	if err != nil {
		return output.FileStat{Path: p, Size: -1}
	}
	return output.FileStat{Path: p, Size: info.Size(), Mod: info.ModTime().UnixNano(), Mode: info.Mode()}
}

// statTree records every file and folder under root (nothing when root
// does not exist), following symbolic links to files as the build does.
func statTree(root string) ([]output.FileStat, error) {
	if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
		return []output.FileStat{{Path: root, Size: -1}}, nil
	}
	var out []output.FileStat
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			out = append(out, output.FileStat{Path: p, Mode: fs.ModeDir})
			return nil
		}
		info, err := os.Stat(p) // follows links: a link's target is the input
		if err != nil {
			out = append(out, output.FileStat{Path: p, Size: -1, Mode: d.Type()})
			return nil
		}
		out = append(out, output.FileStat{Path: p, Size: info.Size(), Mod: info.ModTime().UnixNano(), Mode: info.Mode() | d.Type()})
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

// PreviousBuild returns the stamp of the last build into out when out
// still holds exactly the files that build wrote, unmodified; else nil.
func PreviousBuild(cacheDir, out string) *Stamp {
	b, err := os.ReadFile(stampPath(cacheDir, out))
	if err != nil {
		return nil
	}
	var saved Stamp
	if json.Unmarshal(b, &saved) != nil || saved.Version != stampVersion {
		return nil
	}
	now, err := output.List(out)
	if err != nil || !sameState(now, saved.Output) {
		return nil
	}
	return &saved
}

// UpToDate reports whether prev (see PreviousBuild) was made from the same
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
	return true
}

// Save completes the stamp with the build's output (as written, before it
// was swapped into place) and its warnings, and keeps it for the next
// build. The write is atomic: an interrupted one leaves the old stamp or
// none.
func (s *Stamp) Save(cacheDir, out string, written []output.FileStat, res *Result) error {
	s.Output = written
	s.Pages, s.Assets = res.Pages, res.Assets
	s.Diags = res.Diags
	b, err := json.Marshal(s)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return err
	}
	return output.WriteFileAtomic(stampPath(cacheDir, out), b, 0o644)
}

// Forget removes the stamp of out (before a build replaces it).
func Forget(cacheDir, out string) {
	_ = os.Remove(stampPath(cacheDir, out))
}

// UpToDateSummary is the one-line summary of a build that had nothing to do.
func (s *Stamp) UpToDateSummary(took time.Duration, out string) string {
	return fmt.Sprintf("up to date: %d pages, %d assets, nothing changed since the last build (checked in %s) → %s",
		s.Pages, s.Assets, took.Round(time.Millisecond), out)
}

// Protect lists what a build of opts reads, which its output folder may
// never replace (see output.CheckTarget).
func Protect(opts Options) output.Protected {
	if opts.Source == "" {
		opts.Source = "."
	}
	cfg, _ := loadProject(opts)
	p := output.Protected{Source: opts.Source, Content: cfg.DocsDir(), Theme: cfg.ThemeDir}
	if opts.ConfigPath != "" {
		p.Config = opts.ConfigPath
	} else if cfg.Path != "" {
		p.Config = filepath.Join(opts.Source, cfg.Path)
	}
	if wd, err := os.Getwd(); err == nil {
		p.WorkDir = wd
	}
	return p
}
