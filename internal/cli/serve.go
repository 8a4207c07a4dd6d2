package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"handbook/internal/build"
	"handbook/internal/cliflags"
	"handbook/internal/diag"
	"handbook/internal/serve"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	var f buildFlags
	var port int
	var bind string
	var poll, open bool
	var hosts hostList
	fs := newFlags("serve", "", stderr)
	f.siteFlags(fs, true)
	fs.IntVar(&port, "port", 8000, "`PORT` to listen on (the next free one is taken if it is busy)")
	fs.StringVar(&bind, "bind", "127.0.0.1", "`ADDRESS` to listen on")
	fs.BoolVar(&poll, "poll", false, "poll for changes instead of using file system events")
	fs.BoolVar(&open, "open", false, "open the site in a browser")
	fs.Var(&hosts, "host", "another `NAME` the server answers to when bound to loopback (repeatable; localhost names always work)")
	if _, err := cliflags.ParseInterleaved(fs, args); err != nil {
		return 2
	}
	var server atomic.Pointer[serve.Server]
	buildFn := ServeBuild(f.options(), func() {
		if s := server.Load(); s != nil {
			s.Rebuild([]string{}) // no file changed: the build publishes the finished index
		}
	})
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := serve.Run(ctx, buildFn, serve.Options{
		Bind: bind, Port: port, BasePath: f.baseURL, Watch: watchPaths(f), WatchWithin: watchWithin(f), Poll: poll, Open: open, Log: stdout,
		Hosts: hosts, Started: server.Store,
	})
	if err != nil {
		fmt.Fprintf(stderr, "handbook serve: %v\n", err)
		return 1
	}
	return 0
}

// ServeBuild returns the build function serve calls on every change: a build
// in memory (never into public/) that reuses the previous builds' work and,
// told which files changed, redoes only what they show. An
// edit reaches the browser before the search index is rebuilt: the index is
// finished in the background and then published by calling refresh (which
// should rebuild; that build reuses everything else).
func ServeBuild(opts build.Options, refresh func()) serve.BuildFunc {
	opts.Cache = &build.Cache{} // rebuild only what an edit changed
	opts.DeferSearch = refresh != nil
	var pending sync.Mutex // one background index at a time
	return func(changed []string) (*serve.Output, diag.List, error) {
		opts := opts
		opts.Changed = changed
		res := build.Run(opts)
		if res.ConfigErrors || len(res.Files) == 0 {
			// Nothing to serve: the config cannot be read, or no page was
			// made. Any other problem is served with the site.
			return nil, res.Diags, nil
		}
		if res.SearchPending() {
			go func() {
				// Let the open page reload first: on a small machine the
				// index would take the CPU the browser needs to show the edit.
				time.Sleep(searchDelay)
				pending.Lock()
				res.FinishSearch()
				pending.Unlock()
				refresh()
			}()
		}
		return &serve.Output{Files: res.Files, Pages: res.Deps}, res.Diags, nil
	}
}

// searchDelay is how long the search index waits after a rebuild.
const searchDelay = 300 * time.Millisecond

// WatchPaths are what a build of the site folder reads (see
// project.Config.Inputs): docs, config files, theme.
func WatchPaths(source string) []string { return watchPaths(buildFlags{source: source}) }

// watchPaths are the files and folders a build reads (project
// Config.Inputs), whether they exist yet or not: the watcher picks up those
// made later, or deleted and made again.
func watchPaths(f buildFlags) []string {
	cfg, _ := f.project()
	return cfg.Inputs()
}

// watchWithin is the project folder: links in watched folders that lead
// into it are followed, as the build follows them.
func watchWithin(f buildFlags) []string {
	cfg, _ := f.project()
	return []string{cfg.Root}
}

// hostList collects repeated --host flags.
type hostList []string

func (h *hostList) String() string     { return strings.Join(*h, ",") }
func (h *hostList) Set(v string) error { *h = append(*h, v); return nil }
