// Package serve is `handbook serve`: it keeps the built site in memory, serves
// it over HTTP on loopback, rebuilds when watched sources change, and tells
// open pages what changed through Server-Sent Events so that they reload,
// swap their stylesheets, or show the build's errors in an overlay.
package serve

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"handbook/internal/diag"
	"handbook/internal/watch"
)

// Output is one successful build: the whole site, in memory.
type Output struct {
	Files map[string][]byte   // slash paths relative to the site root → bytes
	Pages map[string][]string // optional: HTML path → the source files it shows
}

// BuildFunc builds the site. changed lists the absolute paths changed since
// the previous call (nil asks for a full build). A non-nil error or a nil
// Output is a failed build; errors in the diagnostics beside an Output are
// problems the site is served with.
type BuildFunc func(changed []string) (*Output, diag.List, error)

// Options configure a Server. The zero value serves on 127.0.0.1:8000 at "/".
type Options struct {
	Bind     string   // address to listen on (default "127.0.0.1")
	Port     int      // default 8000; Run takes the next free port (up to 20 tries) if busy
	BasePath string   // URL path the site lives under, e.g. "/repo/" (a full URL is accepted)
	Watch    []string // files and folders to watch; none means rebuild only on Rebuild calls
	// WatchWithin are the folders symbolic links in watched folders may
	// lead into (the project folder; see watch.Options.Within).
	WatchWithin []string
	Poll        bool      // poll the file system instead of using fsnotify
	Open        bool      // open the browser once serving (best effort)
	Log         io.Writer // the URL, one line per rebuild, diagnostics (default os.Stderr)
	// Hosts are extra names the server answers to when bound to loopback
	// (see hostAllowed), e.g. a name set in /etc/hosts.
	Hosts []string
	// Started, if set, is called by Run with the server once it is up, so
	// the caller can ask for rebuilds (Server.Rebuild) of its own.
	Started func(*Server)
}

// Server serves the last good build and pushes changes to open pages.
type Server struct {
	build BuildFunc
	opts  Options
	base  string // normalised BasePath: begins and ends with "/"
	log   *lockedWriter

	buildMu sync.Mutex           // one build at a time
	state   atomic.Pointer[site] // what requests see; replaced whole, never mutated
	hub     *hub

	watcher     *watch.Watcher
	watchExited chan struct{}
	// dropped counts the builds in a row dropped for a newer one (see
	// superseded), since droppedSince; guarded by buildMu.
	dropped      int
	droppedSince time.Time

	mu      sync.Mutex
	servers []*http.Server
	closed  bool
}

// NewServer starts watching opts.Watch and runs the first, full build before
// returning. A failed first build is not an error: the server then serves a
// page showing the problems until a build succeeds.
func NewServer(build BuildFunc, opts Options) (*Server, error) {
	if build == nil {
		return nil, errors.New("serve: nil BuildFunc")
	}
	opts, base, err := normalise(opts)
	if err != nil {
		return nil, err
	}
	s := &Server{build: build, opts: opts, base: base, log: &lockedWriter{w: opts.Log}, hub: newHub()}
	s.state.Store(emptySite())
	if len(opts.Watch) > 0 {
		// Watch before building, so that edits made during the first build are not lost.
		w, err := watch.New(opts.Watch, watch.Options{Poll: opts.Poll, Within: opts.WatchWithin})
		if err != nil {
			return nil, err
		}
		s.watcher = w
		s.watchExited = make(chan struct{})
		go s.rebuildOnChanges()
	}
	s.Rebuild(nil)
	return s, nil
}

func normalise(opts Options) (Options, string, error) {
	if opts.Bind == "" {
		opts.Bind = "127.0.0.1"
	}
	if opts.Port == 0 {
		opts.Port = 8000
	}
	if opts.Log == nil {
		opts.Log = os.Stderr
	}
	base, err := normaliseBase(opts.BasePath)
	return opts, base, err
}

// normaliseBase turns "", "/repo", "repo/" or "https://x.example/repo/" into
// "/" or "/repo/".
func normaliseBase(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("serve: base path %q: %w", raw, err)
	}
	p := strings.Trim(u.Path, "/")
	if p == "" {
		return "/", nil
	}
	return "/" + p + "/", nil
}

// BasePath returns the URL path the site is served under, e.g. "/repo/".
func (s *Server) BasePath() string { return s.base }

// Handler returns the HTTP handler, for embedding in another server.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serveHTTP) }

// Serve answers requests on l until Close.
func (s *Server) Serve(l net.Listener) error {
	srv := newHTTPServer(s.Handler())
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return http.ErrServerClosed
	}
	s.servers = append(s.servers, srv)
	s.mu.Unlock()
	return srv.Serve(limitListener(l))
}

// Close stops watching, ends the event streams and closes every listener.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	servers := s.servers
	s.mu.Unlock()

	var errs []error
	if s.watcher != nil {
		errs = append(errs, s.watcher.Close())
		<-s.watchExited
	}
	s.hub.close()
	for _, srv := range servers {
		errs = append(errs, srv.Close())
	}
	return errors.Join(errs...)
}

// rebuildOnChanges turns each batch of changed paths into a rebuild.
func (s *Server) rebuildOnChanges() {
	defer close(s.watchExited)
	events, errs := s.watcher.Events(), s.watcher.Errors()
	for {
		select {
		case batch, ok := <-events:
			if !ok {
				return
			}
			s.Rebuild(batch)
		case err := <-errs:
			fmt.Fprintf(s.log, "watch: %v\n", err)
		}
	}
}

// lockedWriter serialises writes from the rebuild and watch goroutines.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
