package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"handbook/internal/build"
	"handbook/internal/config"
	"handbook/internal/diag"
	"handbook/internal/serve"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	var f buildFlags
	var port int
	var bind string
	var poll, open bool
	fs := newFlags("serve", "[flags]", stderr)
	fs.StringVar(&f.source, "source", ".", "site folder holding content/ and handbook.yaml")
	fs.StringVar(&f.config, "config", "", "config file (default SOURCE/handbook.yaml, optional)")
	fs.StringVar(&f.baseURL, "base-url", "", "serve under this URL's path, e.g. https://user.github.io/repo/ → /repo/")
	fs.StringVar(&f.theme, "theme", "", "theme folder overriding the default theme")
	fs.IntVar(&port, "port", 8000, "port (the next free one is taken if it is busy)")
	fs.StringVar(&bind, "bind", "127.0.0.1", "address to listen on")
	fs.BoolVar(&poll, "poll", false, "poll for changes instead of using file system events")
	fs.BoolVar(&open, "open", false, "open the site in a browser")
	fs.BoolVar(&f.drafts, "drafts", true, "include drafts")
	if _, err := parseInterleaved(fs, args); err != nil {
		return 2
	}
	buildFn := ServeBuild(f.options())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := serve.Run(ctx, buildFn, serve.Options{
		Bind: bind, Port: port, BasePath: f.baseURL, Watch: watchPaths(f), Poll: poll, Open: open, Log: stdout,
	})
	if err != nil {
		fmt.Fprintf(stderr, "handbook serve: %v\n", err)
		return 1
	}
	return 0
}

// ServeBuild returns the build function serve calls on every change: a build
// in memory (never into public/) that reuses the previous builds' work.
func ServeBuild(opts build.Options) serve.BuildFunc {
	opts.Cache = &build.Cache{} // rebuild only what an edit changed
	return func(changed []string) (*serve.Output, diag.List, error) {
		res := build.Run(opts)
		if !res.OK() {
			return nil, res.Diags, nil
		}
		return &serve.Output{Files: res.Files, Pages: res.Deps}, res.Diags, nil
	}
}

// WatchPaths are the content folder, the config file and the site's theme
// folder (those that exist) for a site folder.
func WatchPaths(source string) []string { return watchPaths(buildFlags{source: source}) }

// watchPaths are the content folder, the config file and the site's theme
// folder, those that exist.
func watchPaths(f buildFlags) []string {
	cfgPath := f.config
	if cfgPath == "" {
		cfgPath = filepath.Join(f.source, config.FileName)
	}
	cfg, _ := config.Load(cfgPath, false)
	themeDir := f.theme
	if themeDir == "" {
		themeDir = filepath.Join(f.source, "theme")
	}
	var out []string
	for _, p := range []string{filepath.Join(f.source, cfg.ContentDir), cfgPath, themeDir} {
		if abs, err := filepath.Abs(p); err == nil {
			if _, err := os.Stat(abs); err == nil {
				out = append(out, abs)
			}
		}
	}
	return out
}
