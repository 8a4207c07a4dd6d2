// Package watch reports changes to files under a set of files and folders, in
// batches: a burst of file-system events (an editor saving, a git checkout)
// becomes one batch of absolute paths once the tree has been quiet for a moment.
// It uses fsnotify, watching folders recursively, or polls for file systems
// that send no events.
package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"handbook/internal/srctree"
)

// Defaults for Options. The quiet period only gathers the events of one
// save (an editor truncating and writing, a git checkout's burst), which
// come microseconds apart: a short one gets an edit to the reader sooner,
// and what arrives after it makes a batch of its own (see Changes). While
// a file of the batch is removed, renamed away or left empty, and not made
// or written again, the batch waits longer: an editor that saves by moving
// the old file away first makes the new one a moment later, one that saves
// in place truncates the file before writing it, and a batch cut in
// between would build the site without the page (for serve, a full build
// instead of one page's).
const (
	DefaultQuiet        = 1 * time.Millisecond
	DefaultRemovalQuiet = 10 * time.Millisecond
	DefaultPollInterval = 300 * time.Millisecond
)

// Options tune a Watcher. The zero value watches with fsnotify and the defaults.
type Options struct {
	Poll         bool          // poll with a stat walk instead of fsnotify
	PollInterval time.Duration // time between stat walks (default DefaultPollInterval)
	Quiet        time.Duration // quiet period that ends a batch (default DefaultQuiet)
	// RemovalQuiet is the quiet period while a file of the batch is
	// removed, renamed away or left empty (with fsnotify; default
	// DefaultRemovalQuiet, never shorter than Quiet).
	RemovalQuiet time.Duration
	// Within are the folders symbolic links in a watched folder may lead
	// into (the project folder): such links are followed, folders too, as
	// the build reads them (see srctree).
	Within []string
}

// Watcher watches files and folder trees. Read Events (and ideally Errors)
// until Close.
type Watcher struct {
	roots  []root
	opts   Options
	events chan []string
	errors chan error
	done   chan struct{}
	exited chan struct{}
	once   sync.Once
	stop   func() error // releases the backend's resources
	// notifyErrors is the fsnotify backend's error channel (nil when
	// polling); tests send to it as fsnotify would.
	notifyErrors chan<- error
	// seen counts the changes seen (see Changes).
	seen atomic.Int64
}

// Changes counts the changes seen since the watcher started. A reader
// compares it before and after its work on a batch: when it grew, more
// changes arrived meanwhile (the work may have read a file in the middle
// of being saved), and a later batch brings them. (The count goes up as
// changes arrive, before they are delivered; a count of changes not yet
// delivered could not be read reliably: the goroutine that delivers a
// batch may note it only after the reader is done.)
func (w *Watcher) Changes() int64 { return w.seen.Load() }

// root is one path given to New.
type root struct {
	path string // absolute and clean
}

// New starts watching paths (files or folders; folders recursively). A
// path may not exist yet, or be removed and made again: its creation is
// reported and, for a folder, everything inside it is watched from then on
// (a content folder made after serve starts, or deleted and restored by a
// git checkout).
func New(paths []string, opts Options) (*Watcher, error) {
	if opts.Quiet <= 0 {
		opts.Quiet = DefaultQuiet
	}
	if opts.RemovalQuiet <= 0 {
		opts.RemovalQuiet = DefaultRemovalQuiet
	}
	opts.RemovalQuiet = max(opts.RemovalQuiet, opts.Quiet)
	if opts.PollInterval <= 0 {
		opts.PollInterval = DefaultPollInterval
	}
	roots, err := resolveRoots(paths)
	if err != nil {
		return nil, err
	}
	w := &Watcher{
		roots:  roots,
		opts:   opts,
		events: make(chan []string),
		errors: make(chan error, 16),
		done:   make(chan struct{}),
		exited: make(chan struct{}),
	}
	if opts.Poll {
		err = w.startPolling()
	} else {
		err = w.startNotify()
	}
	if err != nil {
		return nil, err
	}
	return w, nil
}

func resolveRoots(paths []string) ([]root, error) {
	if len(paths) == 0 {
		return nil, errors.New("watch: no paths to watch")
	}
	roots := make([]root, 0, len(paths))
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			return nil, fmt.Errorf("watch: %w", err)
		}
		roots = append(roots, root{path: abs})
	}
	return roots, nil
}

// Events delivers batches of changed absolute paths, sorted and without
// duplicates: files created, written, removed or renamed (both the old and
// the new name), and folders created, removed or renamed together with the
// files inside them. It is closed by Close.
func (w *Watcher) Events() <-chan []string { return w.events }

// Errors delivers problems that do not stop the watcher. Errors are dropped
// when nobody reads them.
func (w *Watcher) Errors() <-chan error { return w.errors }

// Close stops watching and closes Events. It is safe to call more than once.
func (w *Watcher) Close() error {
	var err error
	w.once.Do(func() {
		close(w.done)
		<-w.exited
		if w.stop != nil {
			err = w.stop()
		}
		close(w.events)
	})
	return err
}

// report passes a non-fatal error on without ever blocking the watcher.
func (w *Watcher) report(err error) {
	select {
	case w.errors <- err:
	default:
	}
}

// accepts reports whether path is something the caller asked to watch: one
// of the root files, or a path below a root folder that is not ignored.
func (w *Watcher) accepts(path string) bool {
	for _, r := range w.roots {
		if path == r.path {
			return true
		}
		if isBelow(r.path, path) && !ignoredBelow(r.path, path) {
			return true
		}
	}
	return false
}

// recursive reports whether new folders at path must be watched too.
func (w *Watcher) recursive(path string) bool {
	for _, r := range w.roots {
		if (path == r.path || isBelow(r.path, path)) && !ignoredBelow(r.path, path) {
			return true
		}
	}
	return false
}

// isBelow reports whether path is strictly inside folder dir.
func isBelow(dir, path string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && rel != "." && rel != ".." && !filepath.IsAbs(rel) &&
		!(len(rel) > 2 && rel[:3] == ".."+string(filepath.Separator))
}

// walk calls fn for path and every accepted file and folder below it, as
// the build reads them: links followed under the one rule (srctree).
func (w *Watcher) walk(path string, fn func(p string, isDir bool) error) error {
	return w.walkInfo(path, func(p string, info fs.FileInfo) error { return fn(p, info.IsDir()) })
}

func (w *Watcher) walkInfo(path string, fn func(p string, info fs.FileInfo) error) error {
	opts := srctree.Options{Within: w.opts.Within, Dotfiles: true}
	return srctree.Walk(path, opts, func(e srctree.Entry) error {
		if e.Rel != "." && !w.accepts(e.Path) {
			return srctree.SkipDir
		}
		return fn(e.Path, e.Info)
	})
}
