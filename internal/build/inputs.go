package build

import (
	"bytes"
	"handbook/internal/site"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"handbook/internal/blog"
	"handbook/internal/gitinfo"
	"handbook/internal/output"
	"handbook/internal/output/stamp"
	"handbook/internal/project"
	"handbook/internal/site/frontmatter"
)

// Inputs lists what a build of opts reads, for the build stamp (see
// output.Publish): the options and git state, every config file that could
// be found or is inherited from, and the content, theme and custom_dir
// folders. (The snippet files pages include are in Result.Read: a snippet
// base path may be the whole project folder, output included.) cfg is the
// project as Project loads it.
func Inputs(opts Options, cfg *project.Config) stamp.Inputs {
	if opts.Source == "" {
		opts.Source = "."
	}
	absSource, err := filepath.Abs(opts.Source)
	if err != nil {
		absSource = opts.Source
	}
	in := stamp.Inputs{Key: []string{absSource, opts.ConfigPath, opts.BaseURL, opts.ThemeDir,
		strconv.FormatBool(opts.Drafts), strconv.FormatBool(opts.WarnLinks), strconv.FormatBool(opts.Strict), gitinfo.State(cfg.DocsDir()),
		// The repository links may come from the environment or git.
		cfg.RepoURL, cfg.RepoName, cfg.EditPath}}
	for _, name := range project.SearchOrder() {
		in.Files = append(in.Files, filepath.Join(opts.Source, name))
	}
	for _, p := range cfg.Files {
		if !slices.Contains(in.Files, p) {
			in.Files = append(in.Files, p)
		}
	}
	for _, p := range in.Files {
		// MkDocs configs may read the environment (!ENV): then it is an input.
		if b, err := os.ReadFile(p); err == nil && bytes.Contains(b, []byte("!ENV")) {
			in.Env = true
		}
	}
	in.Trees = []string{cfg.DocsDir(), cfg.ThemeDir}
	if cfg.CustomDir != "" {
		in.Trees = append(in.Trees, cfg.CustomDir)
	}
	if cfg.CustomDir != "" {
		in.Trees = append(in.Trees, filepath.Join(cfg.CustomDir, ".icons")) // a dot-folder, so not in custom_dir's walk
	}
	in.Within = []string{cfg.Root}
	in.Include = []string{frontmatter.MetaFile}
	if cfg.Plugins.Blog != nil {
		bc, _ := blog.ReadConfig(cfg.Plugins.Blog)
		in.Include = append(in.Include, path.Base(bc.AuthorsFile))
	}
	if opts.OutDir != "" {
		in.Exclude = []string{opts.OutDir}
	}
	return in
}

// Protect lists what a build of opts reads, which its output folder may
// never replace (see output.CheckTarget); cfg is the project as Project
// loads it.
func Protect(opts Options, cfg *project.Config) output.Protected {
	if opts.Source == "" {
		opts.Source = "."
	}
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

// listing gives the listing of a folder the build stamp walked (see
// site.Options.Listing), from its files as it found them: the folder's
// entry and those under it that follow it (nil without files).
func listing(files []stamp.FileStat) func(dir string) ([]site.ListedFile, bool) {
	if files == nil {
		return nil
	}
	return func(dir string) ([]site.ListedFile, bool) {
		start := slices.IndexFunc(files, func(f stamp.FileStat) bool { return f.Path == dir && f.Mode.IsDir() })
		if start < 0 {
			return nil, false
		}
		prefix := dir + string(filepath.Separator)
		under := files[start+1:]
		if end := slices.IndexFunc(under, func(f stamp.FileStat) bool { return !strings.HasPrefix(f.Path, prefix) }); end >= 0 {
			under = under[:end]
		}
		out := make([]site.ListedFile, 1, 1+len(under)) // (made once: a large site's is megabytes)
		out[0] = site.ListedFile{Path: dir, Dir: true}
		for _, f := range under {
			if f.Size < 0 || f.Mode&fs.ModeSymlink != 0 {
				return nil, false // (a link, or what could not be read: the walk reports it)
			}
			out = append(out, site.ListedFile{Path: f.Path, Dir: f.Mode.IsDir(), State: site.FileState{Size: f.Size, Mod: time.Unix(0, f.Mod)}})
		}
		return out, true
	}
}
