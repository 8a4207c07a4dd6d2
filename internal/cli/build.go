package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"

	"handbook/internal/build"
	"handbook/internal/cliflags"
	"handbook/internal/diag"
	"handbook/internal/gcpace"
	"handbook/internal/offline"
	"handbook/internal/output"
	"handbook/internal/output/stamp"
	"handbook/internal/progress"
	"handbook/internal/project"
	"handbook/internal/repoinfo"
	"handbook/internal/site"
)

type buildFlags struct {
	source, config, out, baseURL, theme string
	drafts, force, warnLinks, stats     bool
	strict                              bool
	noCache, offline                    bool
	cpuProfile, memProfile              string
}

func (f *buildFlags) options() build.Options {
	repo := repoinfo.System(f.source)
	return build.Options{
		Source: f.source, ConfigPath: f.config, BaseURL: f.baseURL, ThemeDir: f.theme,
		Drafts: f.drafts, WarnLinks: f.warnLinks, Strict: f.strict,
		CacheDir: f.cacheDir(),
		Repo:     &repo,
	}
}

// project loads the project the flags name, as every command does.
func (f *buildFlags) project() (*project.Config, diag.List) {
	return project.Load(project.Options{Source: f.source, ConfigPath: f.config, BaseURL: f.baseURL, ThemeDir: f.theme})
}

// cacheDir holds the highlight cache and the build stamps ("" with --no-cache).
func (f *buildFlags) cacheDir() string {
	if f.noCache {
		return ""
	}
	return filepath.Join(f.source, ".cache", "handbook")
}

func runBuild(args []string, stdout, stderr io.Writer) int {
	var f buildFlags
	fs := newFlags("build", "", stderr)
	f.siteFlags(fs, false)
	fs.StringVar(&f.out, "out", "", "output `DIR` (default SOURCE/public; an MkDocs or Zensical project's site_dir, SOURCE/site by default)")
	fs.BoolVar(&f.force, "force", false, "replace an output folder handbook did not create (it is moved aside)")
	fs.BoolVar(&f.warnLinks, "warn-links", false, "report link and nav problems as warnings, whatever the config's strict says")
	fs.BoolVar(&f.strict, "strict", false, "make link and nav warnings errors, as MkDocs' --strict does")
	fs.BoolVar(&f.stats, "stats", false, "print per-phase times and peak memory")
	fs.BoolVar(&f.noCache, "no-cache", false, "build everything anew: no highlight cache, no up-to-date check")
	fs.BoolVar(&f.offline, "offline", false, "make a folder that works opened from disk (file://): links to index.html, search without fetch")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile to `FILE` (go tool pprof)")
	fs.StringVar(&f.memProfile, "memprofile", "", "write a heap profile to `FILE` at the end")
	if _, err := cliflags.ParseInterleaved(fs, args); err != nil {
		return 2
	}
	outGiven := f.out != ""
	if !outGiven {
		// (right unless the config sets site_dir: corrected once it is read)
		f.out = project.GuessOutDir(project.Options{Source: f.source, ConfigPath: f.config})
	}
	// What the up-to-date check allocates (the last stamp, a few MB) is
	// all live until it ends: collecting it as the heap doubles from the
	// runtime's first few MB is wasted work.
	gcDone := relaxGC()
	defer gcDone()
	var check *stamp.Check
	if !f.noCache && !f.offline {
		// The output folder is checked against the last build's stamp
		// while the project loads (the check's inputs need it).
		check = stamp.StartCheck(f.cacheDir(), f.out)
	}
	opts := f.options()
	opts.OutDir = f.out
	cfg, _ := build.Project(opts) // loaded once here; its problems are the build's to report
	if out := cfg.OutDir(); !outGiven && out != f.out {
		f.out, opts.OutDir = out, out
		if check != nil {
			check = stamp.StartCheck(f.cacheDir(), f.out)
		}
	}
	if !f.offline {
		// Material's offline plugin asks for what --offline makes.
		f.offline = cfg.Plugins.Offline
	}
	began := time.Now()
	stopProfile, err := startCPUProfile(f.cpuProfile)
	if err != nil {
		fmt.Fprintf(stderr, "%v\n", err)
		return 1
	}
	defer stopProfile()
	var res *build.Result
	job := output.Job{Out: f.out, Force: f.force, Protect: build.Protect(opts, cfg)}
	if opts.CacheDir != "" && !f.offline { // the stamp does not tell an offline folder from another
		job.CacheDir, job.Inputs = opts.CacheDir, build.Inputs(opts, cfg)
		// The output and the cache may lie inside an input folder (a
		// content folder "."): what the build writes there is no input.
		job.Inputs.Exclude = []string{f.out, opts.CacheDir}
		job.Check = check
	}
	if job.CacheDir != "" {
		opts.StateFile = filepath.Join(opts.CacheDir, "state-"+stamp.OutputID(f.out)+".bin")
	}
	// The state is written while the output is published (see
	// build.Options.SaveInBackground): the command ends once both are.
	opts.SaveInBackground = true
	defer func() {
		if res != nil {
			res.WaitState()
		}
	}()
	rep, err := output.Publish(job, func(sink output.Sink, prev output.Previous) output.Built {
		if res != nil {
			res.WaitState() // (a build run again starts once the first one's state is saved)
		}
		gcDone() // the build paces its collector itself
		opts.Output, opts.PrevState, opts.Changed = sink, prev.State, prev.Changed
		opts.Stat, opts.Listed = statsOf(prev.Inputs), prev.Inputs
		if f.offline {
			opts.Output = offline.Folder{Next: sink}
		}
		stop := buildProgress(stderr, &opts)
		res = build.Run(opts)
		stop()
		writeHeapProfile(f.memProfile)
		return output.Built{OK: res.OK(), Diags: res.Diags, Pages: res.Pages, Assets: res.Assets, Read: res.Read, State: res.State}
	})
	printDiags(stderr, rep.Built.Diags)
	switch {
	case err != nil:
		if at := cfg.SiteDirAt; !outGiven && at.Path != "" {
			// (the output folder is the config's: say where it is set)
			at.Message = "site_dir: " + err.Error()
			fmt.Fprintln(stderr, at)
			return 1
		}
		fmt.Fprintln(stderr, err)
		return 1
	case rep.UpToDate:
		// Nothing changed since the last build into this folder: its output
		// stands (its warnings were reported again).
		fmt.Fprintf(stdout, "up to date: %d pages, %d assets, nothing changed since the last build (checked in %s) → %s\n",
			rep.Built.Pages, rep.Built.Assets, time.Since(began).Round(time.Millisecond), f.out)
		return 0
	case rep.Failed:
		left := f.out + " left unchanged"
		if _, err := os.Stat(f.out); os.IsNotExist(err) {
			left = "nothing written"
		}
		fmt.Fprintf(stderr, "build failed: %s; %s\n", failure(res, f.config), left)
		return 1
	}
	if rep.StampErr != nil {
		fmt.Fprintf(stderr, "warning: cannot keep the build stamp (the next build runs in full): %v\n", rep.StampErr)
	}
	if f.stats {
		printStats(stdout, res)
	}
	fmt.Fprintln(stdout, res.Summary(rep.Where))
	return 0
}

// relaxGC makes the collector run less often (GOGC=400) until done is
// called (once or more).
func relaxGC() (done func()) { return gcpace.AtLeast(400) }

// startCPUProfile writes a CPU profile to path ("" = none) until stop.
func startCPUProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	pf, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(pf); err != nil {
		pf.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); pf.Close() }, nil
}

// writeHeapProfile writes a heap profile to path ("" = none).
func writeHeapProfile(path string) {
	if path == "" {
		return
	}
	if pf, err := os.Create(path); err == nil {
		// The profile holds what was allocated up to the last collection:
		// one now brings in the rest (an edit build may not collect after
		// its first few hundred milliseconds).
		runtime.GC()
		_ = pprof.WriteHeapProfile(pf)
		pf.Close()
	}
}

// summaryLimit is how many warnings (or notes) of one kind a build lists
// before it says how many there are instead (check lists them all).
const summaryLimit = 5

// printDiags prints a build's problems: every error, and the warnings and
// notes of each kind, or their count when there are many.
func printDiags(w io.Writer, l diag.List) {
	for _, line := range l.Summarised(summaryLimit) {
		fmt.Fprintln(w, line)
	}
}

// printAll prints every problem, one a line.
func printAll(w io.Writer, l diag.List) {
	for _, d := range l {
		fmt.Fprintln(w, d.String())
	}
}

// progressOptions are the progress display's: the defaults (tests show it
// sooner).
var progressOptions progress.Options

// buildProgress shows the build's phase and pages (see internal/progress)
// once it has taken 2 s: one line on a terminal, plain lines in a CI log.
// The returned func ends the display.
func buildProgress(w io.Writer, opts *build.Options) (stop func()) {
	m := progress.Start(w, progressOptions)
	m.Phase("building: loading", 0)
	opts.Progress = func(phase string, done, total int) {
		if name := "building: " + phase; m.State().Phase != name {
			m.Phase(name, total)
		}
		m.Set(done, total)
	}
	return m.Stop
}

// failure says why a build failed: how many errors of which kinds, and,
// when strict mode made link and nav problems errors, which setting did
// and what makes them warnings.
func failure(res *build.Result, configFlag string) string {
	var errs, strictErrs diag.List
	for _, d := range res.Diags {
		if d.Severity != diag.Error {
			continue
		}
		errs = append(errs, d)
		if site.IsValidationCode(d.Code) {
			strictErrs = append(strictErrs, d)
		}
	}
	msg := plural(errs.Count(), "error", "errors")
	if len(errs) > 0 {
		msg += " (" + diag.CountByKind(errs) + ")"
	}
	if len(strictErrs) == 0 || !res.Strict.On {
		return msg
	}
	config := "the config"
	if res.Site != nil && res.Site.Config.Path != "" {
		config = res.Site.Config.Path
	}
	hint := "--warn-links, or strict: false in " + config + ", makes them warnings"
	if res.Strict.Source == "--strict" {
		hint = "without --strict they are warnings"
	}
	return fmt.Sprintf("%s; %s makes link and nav problems errors (%s)", msg, res.Strict.Source, hint)
}

func printStats(w io.Writer, res *build.Result) {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	s := res.Stats
	fmt.Fprintf(w, "load %s · convert+highlight %s · render %s · search %s · total %s\n",
		s.Load.Round(time.Millisecond), s.Convert.Round(time.Millisecond), s.Render.Round(time.Millisecond),
		s.Search.Round(time.Millisecond), s.Total.Round(time.Millisecond))
	if s.Highlight != "" {
		fmt.Fprintf(w, "highlight: %s\n", s.Highlight)
	}
	c := s.Cache
	how := ""
	if c.Edit {
		how = " (only what the changed pages show, from the last build's state)"
	}
	fmt.Fprintf(w, "pages: %d converted, %d from the last build; %d rendered, %d kept as they were%s\n",
		c.Converted, c.ConvReused, c.Rendered, c.RenderReused, how)
	fmt.Fprintf(w, "heap in use %d MB, total allocated %d MB, from the OS %d MB\n", m.HeapInuse>>20, m.TotalAlloc>>20, m.Sys>>20)
	fmt.Fprintf(w, "collector: %d cycles\n", m.NumGC)
}

// statsOf answers for the files of a stamp's listing (see site.Options.Stat).
func statsOf(files []stamp.FileStat) func(string) *site.FileState {
	if files == nil {
		return nil
	}
	// (Made when first asked: a build whose load has the stamp's listing
	// asks only about files outside the content folder, if any.)
	states := sync.OnceValue(func() map[string]*site.FileState {
		m := make(map[string]*site.FileState, len(files))
		for _, f := range files {
			if f.Size >= 0 && f.Mode.IsRegular() {
				m[f.Path] = &site.FileState{Size: f.Size, Mod: time.Unix(0, f.Mod)}
			}
		}
		return m
	})
	return func(p string) *site.FileState { return states()[p] }
}
