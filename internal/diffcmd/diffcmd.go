// Package diffcmd is `handbook diff`: it compares two built sites, or
// builds two git refs of a site (each in a temporary worktree, sharing the
// site's highlight cache) and compares them, and reports what a reader
// would see change (see internal/sitediff).
package diffcmd

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"handbook/internal/build"
	"handbook/internal/cliflags"
	"handbook/internal/diag"
	"handbook/internal/output"
	"handbook/internal/sitediff"
)

// positional is the command's arguments after its flags.
const positional = "OLD NEW | BASE [HEAD]"

type flags struct {
	format, source, keep, linkBase, preview string
	ref                                     bool
	drafts                                  bool
}

// Run runs `handbook diff` with args (after the command name) and returns
// the exit code: 0 compared, 1 a build or git failed, 2 bad usage.
func Run(args []string, stdout, stderr io.Writer) int {
	var f flags
	fs := cliflags.New("diff", positional, stderr,
		"Compares two built sites (folders), or two git refs of the site with --ref, each built",
		"in a temporary worktree (HEAD left out: the working tree as it is).")
	fs.StringVar(&f.format, "format", "text", "output `FORMAT`: text, json or github (markdown for a job summary or a pull-request comment)")
	fs.BoolVar(&f.ref, "ref", false, "the arguments are git refs: BASE [HEAD]")
	fs.StringVar(&f.source, "source", ".", "with --ref: the project folder `SOURCE` (in a git checkout)")
	fs.BoolVar(&f.drafts, "drafts", false, "with --ref: include pages with draft: true")
	fs.StringVar(&f.keep, "keep", "", "with --ref: keep the two built sites in `DIR`/old and DIR/new")
	fs.StringVar(&f.linkBase, "link-base", "", "`URL` where the new build is served: page names become links")
	fs.StringVar(&f.preview, "preview", "", "`URL` to download the new build from (markdown report)")
	pos, err := cliflags.ParseInterleaved(fs, args)
	if err != nil {
		return 2
	}
	if f.format != "text" && f.format != "json" && f.format != "github" {
		fmt.Fprintf(stderr, "handbook diff: unknown format %q (text, json or github)\n", f.format)
		return 2
	}
	var report *sitediff.Report
	switch {
	case f.ref && (len(pos) == 1 || len(pos) == 2):
		report, err = compareRefs(f, pos, stderr)
	case !f.ref && len(pos) == 2:
		report, err = compareFolders(pos[0], pos[1])
	default:
		fs.Usage()
		return 2
	}
	if err != nil {
		fmt.Fprintf(stderr, "handbook diff: %v\n", err)
		return 1
	}
	opts := sitediff.FormatOptions{LinkBase: f.linkBase, Preview: f.preview}
	switch f.format {
	case "json":
		if err := sitediff.WriteJSON(stdout, report); err != nil {
			return 1
		}
	case "github":
		sitediff.WriteMarkdown(stdout, report, opts)
	default:
		sitediff.WriteText(stdout, report, opts)
	}
	return 0
}

func compareFolders(oldDir, newDir string) (*sitediff.Report, error) {
	for _, dir := range []string{oldDir, newDir} {
		st, err := os.Stat(dir)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("%s is not a folder (a built site)", dir)
		}
	}
	r, err := sitediff.CompareFS(os.DirFS(oldDir), os.DirFS(newDir))
	if err != nil {
		return nil, err
	}
	r.Old, r.New = oldDir, newDir
	return r, nil
}

// checkout is where a site lives in its git repository.
type checkout struct {
	root   string // the working tree's root
	prefix string // the site folder relative to it, slash-separated, "" at the root
}

func findCheckout(source string) (checkout, error) {
	out, err := git(source, "rev-parse", "--show-toplevel", "--show-prefix")
	if err != nil {
		return checkout{}, fmt.Errorf("--ref needs a git checkout: %v", err)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	c := checkout{root: lines[0]}
	if len(lines) > 1 {
		c.prefix = strings.TrimSuffix(lines[1], "/")
	}
	return c, nil
}

// built is one side of a comparison: a site built into dir.
type built struct {
	label string
	dir   string
	diags diag.List
}

func compareRefs(f flags, refs []string, stderr io.Writer) (*sitediff.Report, error) {
	co, err := findCheckout(f.source)
	if err != nil {
		return nil, err
	}
	absSource, err := filepath.Abs(f.source)
	if err != nil {
		return nil, err
	}
	cacheDir := filepath.Join(absSource, ".cache", "handbook")
	tmp, err := os.MkdirTemp("", "handbook-diff-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	out := func(name string) string {
		if f.keep != "" {
			return filepath.Join(f.keep, name)
		}
		return filepath.Join(tmp, name)
	}
	var sides [2]built
	for i, name := range []string{"old", "new"} {
		if i == 1 && len(refs) == 1 {
			sides[1], err = buildDir(absSource, "working tree", out(name), cacheDir, f.drafts)
		} else {
			sides[i], err = buildRef(co, refs[i], filepath.Join(tmp, "worktree-"+name), out(name), cacheDir, f.drafts)
		}
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(stderr, "built %s into %s\n", sides[i].label, sides[i].dir)
	}
	r, err := sitediff.CompareFS(os.DirFS(sides[0].dir), os.DirFS(sides[1].dir))
	if err != nil {
		return nil, err
	}
	r.Old, r.New = sides[0].label, sides[1].label
	r.Problems = sitediff.CompareProblems(problems(sides[0].diags), problems(sides[1].diags))
	r.OldErrors, r.NewErrors = countErrors(sides[0].diags), countErrors(sides[1].diags)
	return r, nil
}

// buildRef builds the site at ref in a temporary worktree into out.
func buildRef(co checkout, ref, worktree, out, cacheDir string, drafts bool) (built, error) {
	commit, err := git(co.root, "rev-parse", "--verify", "--quiet", ref+"^{commit}")
	if err != nil {
		return built{}, fmt.Errorf("%q is not a commit in %s", ref, co.root)
	}
	commit = strings.TrimSpace(commit)
	if _, err := git(co.root, "worktree", "add", "--detach", "--quiet", worktree, commit); err != nil {
		return built{}, fmt.Errorf("git worktree add %s: %v", ref, err)
	}
	defer func() {
		// Leave no worktree registered behind.
		if _, err := git(co.root, "worktree", "remove", "--force", worktree); err != nil {
			os.RemoveAll(worktree)
			_, _ = git(co.root, "worktree", "prune")
		}
	}()
	label := fmt.Sprintf("%s (%s)", ref, commit[:min(12, len(commit))])
	return buildDir(filepath.Join(worktree, filepath.FromSlash(co.prefix)), label, out, cacheDir, drafts)
}

// buildDir builds a site folder into out, which must not exist or be
// empty. Broken links do not stop it, and a build with errors keeps the
// pages it made: the comparison reports both. A folder that is not a site
// yet (a ref from before the site existed) is an empty site.
func buildDir(source, label, out, cacheDir string, drafts bool) (built, error) {
	if entries, err := os.ReadDir(out); err == nil && len(entries) > 0 {
		return built{}, fmt.Errorf("%s is not empty", out)
	}
	opts := build.Options{Source: source, CacheDir: cacheDir, Drafts: drafts, WarnLinks: true}
	cfg, _ := build.Project(opts)
	disk, err := output.Open(out, false, build.Protect(opts, cfg))
	if err != nil {
		return built{}, err
	}
	opts.Output = disk
	res := build.Run(opts)
	if err := disk.Commit(); err != nil {
		return built{}, err
	}
	return built{label: label, dir: out, diags: res.Diags}, nil
}

// problems are the diagnostics a comparison lists; broken links are left
// to its broken-links section, which finds them in the built pages.
func problems(l diag.List) []sitediff.Problem {
	out := []sitediff.Problem{}
	for _, d := range l {
		if d.Code == "broken-link" || d.Code == "broken-anchor" {
			continue
		}
		out = append(out, sitediff.Problem{Severity: d.Severity.String(), Path: d.Path, Line: d.Line, Col: d.Col, Code: d.Code, Message: d.Message})
	}
	return out
}

// countErrors counts the errors that are not broken links (which a
// comparison's builds let through).
func countErrors(l diag.List) int {
	n := 0
	for _, d := range l {
		if d.Severity == diag.Error {
			n++
		}
	}
	return n
}

func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return "", fmt.Errorf("%v: %s", err, msg)
		}
		return "", err
	}
	return string(out), nil
}
