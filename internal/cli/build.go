package cli

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"sync"
	"sync/atomic"
	"time"

	"handbook/internal/build"
	"handbook/internal/diag"
	"handbook/internal/offline"
	"handbook/internal/output"
	"handbook/internal/project"
)

type buildFlags struct {
	source, config, out, baseURL, theme string
	drafts, force, warnLinks, stats     bool
	noCache, offline                    bool
	cpuProfile, memProfile              string
}

func (f *buildFlags) options() build.Options {
	return build.Options{
		Source: f.source, ConfigPath: f.config, BaseURL: f.baseURL, ThemeDir: f.theme,
		Drafts: f.drafts, WarnLinks: f.warnLinks,
		CacheDir: f.cacheDir(),
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
	fs := newFlags("build", "[flags]", stderr)
	fs.StringVar(&f.source, "source", ".", "site folder holding content/ and handbook.yaml")
	fs.StringVar(&f.config, "config", "", "config file (default SOURCE/handbook.yaml, optional)")
	fs.StringVar(&f.out, "out", "", "output folder (default SOURCE/public)")
	fs.StringVar(&f.baseURL, "base-url", "", "published site URL, e.g. https://user.github.io/repo/ (overrides base_url)")
	fs.StringVar(&f.theme, "theme", "", "theme folder overriding the default theme (default SOURCE/theme)")
	fs.BoolVar(&f.drafts, "drafts", false, "include pages with draft: true")
	fs.BoolVar(&f.force, "force", false, "replace an output folder handbook did not create")
	fs.BoolVar(&f.warnLinks, "warn-links", false, "report broken links as warnings instead of failing")
	fs.BoolVar(&f.stats, "stats", false, "print per-phase times and peak memory")
	fs.BoolVar(&f.noCache, "no-cache", false, "build everything anew: no highlight cache, no up-to-date check")
	fs.BoolVar(&f.offline, "offline", false, "make a folder that works opened from disk (file://): links to index.html, search without fetch")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "write a CPU profile to this file (go tool pprof)")
	fs.StringVar(&f.memProfile, "memprofile", "", "write a heap profile to this file at the end")
	if _, err := parseInterleaved(fs, args); err != nil {
		return 2
	}
	if f.out == "" {
		f.out = filepath.Join(f.source, "public")
	}
	opts := f.options()
	began := time.Now()
	var stamp, prev *build.Stamp
	if opts.CacheDir != "" && !f.offline { // the stamp does not tell an offline folder from another
		prev = build.PreviousBuild(opts.CacheDir, f.out)
		if st, err := build.TakeStamp(opts, f.out); err == nil {
			if st.UpToDate(prev) {
				// Nothing changed since the last build into this folder: its
				// output stands (its warnings are reported again).
				printDiags(stderr, prev.Diags)
				fmt.Fprintln(stdout, prev.UpToDateSummary(time.Since(began), f.out))
				return 0
			}
			stamp = st
		}
	}
	out, err := output.Open(f.out, f.force, build.Protect(opts))
	if err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", f.out, err)
		return 1
	}
	if prev != nil && stamp != nil {
		out.Update(prev.Output) // write only what changed
	}
	opts.Output = out
	if f.offline {
		opts.Output = offline.Folder{Next: out}
	}
	out.Record = stamp != nil
	if f.cpuProfile != "" {
		pf, err := os.Create(f.cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "%v\n", err)
			return 1
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			fmt.Fprintf(stderr, "%v\n", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	stop := progress(stderr, &opts)
	res := build.Run(opts)
	stop()
	if f.memProfile != "" {
		if pf, err := os.Create(f.memProfile); err == nil {
			_ = pprof.WriteHeapProfile(pf)
			pf.Close()
		}
	}
	printDiags(stderr, res.Diags)
	if !res.OK() {
		out.Abort()
		fmt.Fprintf(stderr, "build failed: %s; %s left unchanged\n", countErrors(res.Diags), f.out)
		return 1
	}
	if opts.CacheDir != "" {
		// The output changes now: its old stamp no longer describes it (a
		// commit cut short leaves none, and the next build writes everything).
		build.Forget(opts.CacheDir, f.out)
	}
	if err := out.Commit(); err != nil {
		fmt.Fprintf(stderr, "%s: %v\n", f.out, err)
		return 1
	}
	if stamp != nil {
		if err := stamp.Save(opts.CacheDir, f.out, out.Written, res); err != nil {
			fmt.Fprintf(stderr, "warning: cannot keep the build stamp (the next build runs in full): %v\n", err)
		}
	}
	if f.stats {
		printStats(stdout, res)
	}
	fmt.Fprintln(stdout, res.Summary(out.String()))
	return 0
}

func countErrors(l diag.List) string {
	n := 0
	for _, d := range l {
		if d.Severity == diag.Error {
			n++
		}
	}
	return plural(n, "error", "errors")
}

func printDiags(w io.Writer, l diag.List) {
	for _, d := range l {
		fmt.Fprintln(w, d.String())
	}
}

// progress shows "building: 120/1000 pages" on a terminal once a build has
// taken more than a second. The returned func clears it.
func progress(w io.Writer, opts *build.Options) (stop func()) {
	if !isTerminal(w) {
		return func() {}
	}
	var done, total atomic.Int64
	opts.Progress = func(d, t int) { done.Store(int64(d)); total.Store(int64(t)) }
	quit := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		timer := time.NewTimer(time.Second)
		defer timer.Stop()
		select {
		case <-quit:
			return
		case <-timer.C:
		}
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			fmt.Fprintf(w, "\rbuilding: %d/%d pages", done.Load(), total.Load())
			select {
			case <-quit:
				fmt.Fprint(w, "\r\033[K")
				return
			case <-tick.C:
			}
		}
	}()
	return func() { close(quit); wg.Wait() }
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
	fmt.Fprintf(w, "heap in use %d MB, total allocated %d MB, from the OS %d MB\n", m.HeapInuse>>20, m.TotalAlloc>>20, m.Sys>>20)
}
