package watch

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/fsnotify/fsnotify"
)

// notifier is the fsnotify backend. known remembers every accepted path seen
// (true for folders) so that removing or renaming a folder can report the
// files that were inside it. It is touched only by the watcher's goroutine
// (and by startNotify before that goroutine starts).
type notifier struct {
	w     *Watcher
	fs    *fsnotify.Watcher
	known map[string]bool
	batch *batcher
}

func (w *Watcher) startNotify() error {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	n := &notifier{w: w, fs: fsw, known: map[string]bool{}, batch: newBatcher(w.opts, &w.seen)}
	for _, r := range w.roots {
		if err := n.addRoot(r); err != nil {
			fsw.Close()
			return err
		}
	}
	w.stop = fsw.Close
	w.notifyErrors = fsw.Errors
	go n.loop()
	return nil
}

// addRoot watches a root through its parent folder, so that its creation,
// removal and replacement are seen (editors that save by renaming a new
// file over the old one replace the inode, and a watch on the file itself
// would die with it), and a root folder recursively. A root that does not
// exist yet is waited for from its nearest existing ancestor.
func (n *notifier) addRoot(r root) error {
	info, err := os.Stat(r.path)
	if err != nil {
		n.reach(r) // what it holds once made is not a change: watching starts
		return nil
	}
	if err := n.fs.Add(filepath.Dir(r.path)); err != nil {
		return err
	}
	if !info.IsDir() {
		n.known[r.path] = false
		return nil
	}
	_, err = n.addTree(r.path)
	return err
}

// awaitPath watches the nearest existing ancestor of a missing path (not
// recursively), so that the creation of each folder on the way is seen,
// and returns that ancestor ("" when there is none).
func (n *notifier) awaitPath(path string) (string, error) {
	for dir := filepath.Dir(path); ; dir = filepath.Dir(dir) {
		if info, err := os.Stat(dir); err == nil && info.IsDir() {
			return dir, n.fs.Add(dir)
		}
		if filepath.Dir(dir) == dir {
			return "", nil
		}
	}
}

// reach watches root r if it exists, returning it and what it holds as
// changed, else waits for it from its nearest existing ancestor. A folder
// on the way made before the watch on its parent was in place sent no
// event: it is looked for again, one level deeper each time.
func (n *notifier) reach(r root) []string {
	for {
		if _, err := os.Stat(r.path); err == nil {
			if err := n.fs.Add(filepath.Dir(r.path)); err != nil {
				n.w.report(err)
			}
			return n.created(r.path)
		}
		dir, err := n.awaitPath(r.path)
		if err != nil {
			n.w.report(err)
			return nil
		}
		if next := childToward(dir, r.path); next == "" || !exists(next) {
			return nil
		}
	}
}

// childToward is the entry of dir on the way down to path, or "".
func childToward(dir, path string) string {
	rel, err := filepath.Rel(dir, path)
	if dir == "" || err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return ""
	}
	first, _, _ := strings.Cut(rel, string(filepath.Separator))
	return filepath.Join(dir, first)
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// onTheWay handles a folder created above a missing root: it is watched in
// turn, and roots that now exist (made at once with mkdir -p, or moved in
// whole) are reported with what they hold.
func (n *notifier) onTheWay(path string) []string {
	var changed []string
	for _, r := range n.w.roots {
		if isBelow(path, r.path) {
			changed = append(changed, n.reach(r)...)
		}
	}
	return changed
}

// addTree watches dir and every folder below it that is not ignored, and
// returns the paths found (folders and files, dir included).
func (n *notifier) addTree(dir string) ([]string, error) {
	var found []string
	err := n.w.walk(dir, func(p string, isDir bool) error {
		found = append(found, p)
		n.known[p] = isDir
		if isDir {
			return n.fs.Add(p)
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		err = nil // vanished; its removal is reported by its parent
	}
	return found, err
}

func (n *notifier) loop() {
	defer close(n.w.exited)
	for {
		select {
		case <-n.w.done:
			return
		case ev, ok := <-n.fs.Events:
			if !ok {
				return
			}
			n.handle(ev)
		case err, ok := <-n.fs.Errors:
			if !ok {
				return
			}
			n.w.report(err)
			// Events may have been lost (an overflowing queue): report the
			// roots as changed, so the next build redoes everything.
			for _, r := range n.w.roots {
				n.batch.add(r.path)
			}
		case <-n.batch.timer.C:
			n.batch.settle()
		case n.batch.outbox(n.w.events) <- n.batch.ready:
			n.batch.sent()
		}
	}
}

func (n *notifier) handle(ev fsnotify.Event) {
	if ev.Has(fsnotify.Create) && !n.w.accepts(ev.Name) {
		n.batch.add(n.onTheWay(ev.Name)...)
		return
	}
	if ev.Op == fsnotify.Chmod || !n.w.accepts(ev.Name) {
		return
	}
	switch {
	case ev.Has(fsnotify.Remove), ev.Has(fsnotify.Rename):
		n.batch.addRemoved(n.forget(ev.Name)...)
	case ev.Has(fsnotify.Create):
		n.batch.add(n.created(ev.Name)...)
	case emptied(ev.Name):
		// Truncated: an editor saving in place writes the new text next.
		n.known[ev.Name] = false
		n.batch.addRemoved(ev.Name)
	default:
		n.known[ev.Name] = false
		n.batch.add(ev.Name)
	}
}

// emptied reports whether path is now an empty file.
func emptied(path string) bool {
	info, err := os.Lstat(path)
	return err == nil && info.Mode().IsRegular() && info.Size() == 0
}

// created handles a new path; a new folder is watched and reported with
// everything already inside it (files can land there before the watch does).
func (n *notifier) created(path string) []string {
	info, err := os.Lstat(path)
	if err != nil {
		return []string{path} // already gone again: still a change
	}
	if !info.IsDir() || !n.w.recursive(path) {
		n.known[path] = info.IsDir()
		return []string{path}
	}
	found, err := n.addTree(path)
	if err != nil {
		n.w.report(err)
	}
	return append(found, path)
}

// forget drops path, and everything known below it, from the watch list and
// returns them all as changed.
func (n *notifier) forget(path string) []string {
	gone := []string{path}
	if isDir, ok := n.known[path]; ok && isDir {
		for p := range n.known {
			if isBelow(path, p) {
				gone = append(gone, p)
			}
		}
	}
	sort.Strings(gone)
	for _, p := range gone {
		if n.known[p] {
			// inotify drops watches of removed folders itself; a renamed
			// folder's sub-watches would linger under their old names.
			_ = n.fs.Remove(p)
		}
		if !n.isRoot(p) {
			delete(n.known, p)
		}
	}
	return gone
}

func (n *notifier) isRoot(path string) bool {
	for _, r := range n.w.roots {
		if r.path == path {
			return true
		}
	}
	return false
}
