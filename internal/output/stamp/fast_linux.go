package stamp

import (
	"bytes"
	"errors"
	"io/fs"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"

	"handbook/internal/fileio"
	"handbook/internal/srctree"
)

// The checks of this file ask the kernel only what a listing needs, as
// cheaply as it answers: each file is stated relative to an open folder
// (the kernel resolves a name or two, not the whole path), into memory
// reused from one file to the next, and a folder's names are read once
// (getdents) to notice files added or removed.

// statter states files relative to open folders (statx), reusing its
// buffers: no allocation per file.
type statter struct {
	name []byte // the name asked for, NUL-terminated
	st   unix.Statx_t
}

const statxMask = unix.STATX_TYPE | unix.STATX_MODE | unix.STATX_SIZE | unix.STATX_MTIME | unix.STATX_INO

// stat states name relative to the folder dir (not following a link
// there): false when it cannot be stated.
func (s *statter) stat(dir int, name string, flags int) bool {
	s.name = append(append(s.name[:0], name...), 0)
	return s.statName(dir, flags)
}

// statBytes is stat of a name given as bytes.
func (s *statter) statBytes(dir int, name []byte, flags int) bool {
	s.name = append(append(s.name[:0], name...), 0)
	return s.statName(dir, flags)
}

// statName states s.name. The call is raw (the scheduler is not told of
// it): stating a file whose entry the kernel has cached takes a
// microsecond or two, and telling the scheduler of each call cost a fifth
// more than that (over the 28,000 entries of a 10,000-page output). A
// stat that waits for the disk keeps its thread's P meanwhile, which only
// holds up this process's other goroutines for as long.
func (s *statter) statName(dir int, flags int) bool {
	_, _, errno := unix.RawSyscall6(unix.SYS_STATX, uintptr(dir), uintptr(unsafe.Pointer(&s.name[0])),
		uintptr(flags), statxMask, uintptr(unsafe.Pointer(&s.st)), 0)
	return errno == 0
}

// same reports whether what stat found is f: same time, mode and (for a
// file) size; with times, when folders' times are recorded.
func (s *statter) same(f FileStat, times bool) bool {
	if fileio.ModeOf(uint32(s.st.Mode)) != f.Mode {
		return false
	}
	if f.Mode.IsDir() {
		return !times || s.mod() == f.Mod
	}
	return int64(s.st.Size) == f.Size && s.mod() == f.Mod
}

// sameExactly reports whether what stat found is f, as statFile records
// a file (a folder's size and time included).
func (s *statter) sameExactly(f FileStat) bool {
	return fileio.ModeOf(uint32(s.st.Mode)) == f.Mode && int64(s.st.Size) == f.Size && s.mod() == f.Mod
}

func (s *statter) mod() int64 {
	return s.st.Mtime.Sec*1e9 + int64(s.st.Mtime.Nsec)
}

// openDir opens the folder name relative to dir for reading its names
// and stating its files; it follows a link only when follow is set.
func openDir(dir int, name string, follow bool) (int, error) {
	flags := unix.O_RDONLY | unix.O_DIRECTORY | unix.O_CLOEXEC
	if !follow {
		flags |= unix.O_NOFOLLOW
	}
	for {
		fd, err := unix.Openat(dir, name, flags, 0)
		if !errors.Is(err, unix.EINTR) {
			return fd, err
		}
	}
}

// outputChunk is how many entries of an output listing a worker takes at
// a time.
const outputChunk = 512

// unchangedFast is Unchanged on Linux. Entries below a top folder are
// stated relative to that folder, which each worker opens as it comes to
// it (the listing is sorted by path, so one stays open for many entries).
func unchangedFast(out string, listing []FileStat) bool {
	root, err := openDir(unix.AT_FDCWD, out, true)
	if err != nil {
		return false
	}
	defer unix.Close(root)
	var differs atomic.Bool
	var next atomic.Int64
	work := func() {
		w := outputWorker{root: root, top: -1}
		defer w.close()
		for !differs.Load() {
			lo := int(next.Add(outputChunk)) - outputChunk
			if lo >= len(listing) {
				return
			}
			for _, f := range listing[lo:min(lo+outputChunk, len(listing))] {
				if !w.check(out, f) {
					differs.Store(true)
					return
				}
			}
		}
	}
	workers := min(runtime.GOMAXPROCS(0), (len(listing)+outputChunk-1)/outputChunk)
	var wg sync.WaitGroup
	for range workers - 1 {
		wg.Go(work)
	}
	work()
	wg.Wait()
	return !differs.Load()
}

// outputWorker checks output entries, keeping the top folder it is in
// open.
type outputWorker struct {
	statter
	root    int
	top     int    // the open top folder (-1: none)
	topName string // its name
}

func (w *outputWorker) check(out string, f FileStat) bool {
	dir, name := w.root, f.Path
	switch top, rest, below := strings.Cut(f.Path, "/"); {
	case f.Path == ".":
		// The folder itself, as Unchanged states it (not following a link).
		dir, name = unix.AT_FDCWD, out
	case below:
		if w.top < 0 || top != w.topName {
			w.close()
			fd, err := openDir(w.root, top, false)
			if err != nil {
				return false
			}
			w.top, w.topName = fd, top
		}
		dir, name = w.top, rest
	}
	return w.stat(dir, name, unix.AT_SYMLINK_NOFOLLOW) && w.same(f, true)
}

func (w *outputWorker) close() {
	if w.top >= 0 {
		unix.Close(w.top)
		w.top = -1
	}
}

// fastCheck is Recheck's check of the input files on Linux (see
// Recheck): known is false when this check cannot tell (a link among the
// inputs, or a kernel without statx), and racyFiles lists the files (by
// their index in prev.Files) to compare by content. When only files'
// sizes, times or modes differ (the same files and folders are there),
// now is the listing as Take would record it (hashes left out), else nil.
func (prev *Stamp) fastCheck(in Inputs) (same, known bool, racyFiles []int, now []FileStat) {
	for _, f := range prev.Files {
		if f.Mode&fs.ModeSymlink != 0 {
			return false, false, nil, nil // links are followed under srctree's rule: Take knows it
		}
	}
	c := treeCheck{prev: prev, include: in.Include}
	for _, p := range in.Exclude {
		var s statter
		if s.stat(unix.AT_FDCWD, p, 0) && s.st.Mode&unix.S_IFMT == unix.S_IFDIR {
			c.excluded = append(c.excluded, devIno{s.st.Dev_major, s.st.Dev_minor, s.st.Ino})
		}
	}
	for _, p := range in.Files {
		if c.i >= len(prev.Files) || prev.Files[c.i].Path != p {
			return false, true, nil, nil
		}
		if !c.single(p) {
			return false, c.known, nil, nil
		}
	}
	for k, root := range in.Trees {
		if c.i >= len(prev.Files) || prev.Files[c.i].Path != root {
			return false, true, nil, nil
		}
		c.nextRoot = ""
		if k+1 < len(in.Trees) {
			c.nextRoot = in.Trees[k+1]
		}
		if !c.tree(root) {
			return false, c.known, nil, nil
		}
	}
	if c.i != len(prev.Files) {
		return false, true, nil, nil
	}
	if c.now != nil {
		for _, ft := range c.folderTimes {
			c.now[ft.i].Mod = ft.mod
		}
		return false, true, nil, c.now
	}
	return true, true, c.racy, nil
}

// devIno identifies a folder.
type devIno struct {
	major, minor uint32
	ino          uint64
}

// treeCheck walks the input folders as Take's walk did, in step with the
// listing it made (prev.Files from i on).
type treeCheck struct {
	statter
	prev     *Stamp
	i        int
	include  []string
	excluded []devIno
	buf      []byte // for getdents
	path     []byte // the path of the entry checked
	racy     []int
	known    bool // set with a false result: the check could tell
	// now is the listing as it is, made on the first file found to
	// differ: the check goes on through the files (not through added or
	// removed ones).
	now []FileStat
	// folderTimes are the folders found with another time (their names
	// read, and found the same), for now.
	folderTimes []folderTime
	// nextRoot is the input folder listed after the one being checked: one
	// inside it (a custom_dir in the docs folder) starts its own part of the
	// listing, which a folder's listed entries end at (see isNextRoot).
	nextRoot string
}

// folderTime is the listing's i-th entry's time now, a folder's.
type folderTime struct {
	i   int
	mod int64
}

// differsAt records that the listing's i-th entry is now f.
func (c *treeCheck) differsAt(i int, f FileStat) {
	if c.now == nil {
		c.now = slices.Clone(c.prev.Files)
		for k := range c.now {
			c.now[k].Hash = ""
		}
	}
	c.now[i] = f
}

// found is what stat found, for the entry at path p.
func (s *statter) found(p string) FileStat {
	return FileStat{Path: p, Size: int64(s.st.Size), Mod: s.mod(), Mode: fileio.ModeOf(uint32(s.st.Mode))}
}

// differs ends a check that found a difference.
func (c *treeCheck) differs() bool {
	c.known = true
	return false
}

// cannotTell ends a check that cannot tell.
func (c *treeCheck) cannotTell() bool {
	c.known = false
	return false
}

// entry is the next entry of the listing, taken when it is p.
func (c *treeCheck) take(p []byte) (FileStat, bool) {
	if c.i >= len(c.prev.Files) || c.prev.Files[c.i].Path != string(p) {
		return FileStat{}, false
	}
	c.i++
	return c.prev.Files[c.i-1], true
}

// file compares what stat found with the listing's f (the i-th of it),
// noting f when it was racy.
func (c *treeCheck) file(f FileStat, i int) bool {
	if !c.same(f, false) {
		now := c.found(f.Path)
		if !f.Mode.IsRegular() || !now.Mode.IsRegular() {
			return c.differs() // a folder, a pipe: not a file's change
		}
		c.differsAt(i, now)
		return true
	}
	return c.noteRacy(f, i)
}

// noteRacy notes the listing's i-th file, f, for a comparison by content
// when it was racy.
func (c *treeCheck) noteRacy(f FileStat, i int) bool {
	if racy(f, c.prev.Started) {
		if f.Hash == "" {
			return c.differs()
		}
		c.racy = append(c.racy, i)
	}
	return true
}

// single checks one of Inputs.Files (stated following links, as statFile
// does).
func (c *treeCheck) single(p string) bool {
	f := c.prev.Files[c.i]
	c.i++
	if !c.stat(unix.AT_FDCWD, p, 0) {
		if f.Size != -1 {
			c.differsAt(c.i-1, FileStat{Path: p, Size: -1})
		}
		return true // (or as unreadable as it was)
	}
	if f.Size == -1 || !c.sameExactly(f) {
		c.differsAt(c.i-1, c.found(p))
		return true
	}
	return c.noteRacy(f, c.i-1)
}

// tree checks one of Inputs.Trees, from its root's entry.
func (c *treeCheck) tree(root string) bool {
	f := c.prev.Files[c.i]
	c.i++
	if !c.stat(unix.AT_FDCWD, root, 0) {
		if f.Size == -1 {
			return true
		}
		return c.differs()
	}
	if f.Size == -1 || f.Mode != fileio.ModeOf(uint32(c.st.Mode)) {
		return c.differs()
	}
	if !f.Mode.IsDir() {
		return c.file(f, c.i-1)
	}
	known := c.namesKnown(f, c.i-1)
	fd, err := openDir(unix.AT_FDCWD, root, true)
	if err != nil {
		return c.cannotTell()
	}
	defer unix.Close(fd)
	if known {
		return c.listed(fd, root)
	}
	return c.dir(fd, root, true)
}

// namesKnown reports whether the folder just stated, the listing's i-th
// entry f, still has the names it had: its time is the one recorded,
// which was not recent then (a name added in the same tick of the clock
// could leave it as it was). Else its time is noted, for the listing as
// it is (see treeCheck.now).
func (c *treeCheck) namesKnown(f FileStat, i int) bool {
	now := c.mod()
	if now != f.Mod {
		c.folderTimes = append(c.folderTimes, folderTime{i, now})
		return false
	}
	return f.Mod != 0 && f.Mod < c.prev.Started-int64(racyWindow)
}

// listed checks the folder open as fd at path p, whose entry was taken
// and whose names are known to be the same (see namesKnown): each entry
// the listing has next in it is as listed.
func (c *treeCheck) listed(fd int, p string) bool {
	prefix := string(childPath(nil, p, nil))
	for c.i < len(c.prev.Files) {
		f := c.prev.Files[c.i]
		name, ok := strings.CutPrefix(f.Path, prefix)
		if !ok || name == "" || strings.Contains(name, "/") || c.isNextRoot(c.i) {
			return true // not in this folder: the listing of it ends
		}
		c.i++
		if f.Mode.IsDir() {
			if !c.subfolder(fd, name, f) {
				return false
			}
			continue
		}
		if !c.stat(fd, name, unix.AT_SYMLINK_NOFOLLOW) || !c.file(f, c.i-1) {
			return c.differs()
		}
	}
	return true
}

// dir checks the folder open as fd at path p, whose entry was taken, by
// its names: they are those the listing has next (less the folders the
// walk leaves out), and each is as listed. (The walk leaves out a folder
// holding an output marker, but for a root.)
func (c *treeCheck) dir(fd int, p string, root bool) bool {
	names, ok := c.readNames(fd)
	if !ok {
		return c.cannotTell()
	}
	for _, name := range names {
		if string(name) == srctree.OutputMarker {
			if !root {
				return c.differs() // an output folder now: left out
			}
			continue
		}
		c.path = childPath(c.path[:0], p, name)
		f, listed := c.take(c.path)
		if !listed {
			if !c.leftOut(fd, name) {
				return false
			}
			continue
		}
		if !f.Mode.IsDir() {
			if !c.statBytes(fd, name, unix.AT_SYMLINK_NOFOLLOW) || !c.file(f, c.i-1) {
				return c.differs()
			}
			continue
		}
		if !c.subfolder(fd, string(name), f) {
			return false
		}
	}
	return true
}

// isNextRoot reports whether the listing's i-th entry is the next input
// folder's root rather than an entry of the folder being checked. Both may
// be listed (a custom_dir the docs folder's walk holds): then the root's
// entry is the later one.
func (c *treeCheck) isNextRoot(i int) bool {
	p := c.prev.Files[i].Path
	if p != c.nextRoot {
		return false
	}
	for _, f := range c.prev.Files[i+1:] {
		if f.Path == p {
			return false
		}
	}
	return true
}

// subfolder checks the folder name in the folder fd, the listing's entry
// f (taken).
func (c *treeCheck) subfolder(fd int, name string, f FileStat) bool {
	child, err := openDir(fd, name, false)
	if err != nil {
		return c.differs() // gone, or a link now
	}
	defer unix.Close(child)
	if !c.stat(child, "", unix.AT_EMPTY_PATH) || c.isExcluded() {
		return c.differs()
	}
	if !c.same(f, false) { // its mode
		c.differsAt(c.i-1, FileStat{Path: f.Path, Mod: c.mod(), Mode: fileio.ModeOf(uint32(c.st.Mode))})
	}
	if c.namesKnown(f, c.i-1) {
		return c.listed(child, f.Path)
	}
	return c.dir(child, f.Path, false)
}

// leftOut reports whether name, in the folder fd but not in the listing,
// is one the walk leaves out (an excluded folder or an output folder);
// else the check ends (a file added, a link).
func (c *treeCheck) leftOut(fd int, name []byte) bool {
	if !c.statBytes(fd, name, unix.AT_SYMLINK_NOFOLLOW) {
		return c.differs()
	}
	switch c.st.Mode & unix.S_IFMT {
	case unix.S_IFLNK:
		return c.cannotTell() // a link to an excluded folder is left out too
	case unix.S_IFDIR:
		if c.isExcluded() || c.stat(fd, string(name)+"/"+srctree.OutputMarker, unix.AT_SYMLINK_NOFOLLOW) {
			return true
		}
	}
	return c.differs()
}

// isExcluded reports whether the folder last stated is an excluded one.
func (c *treeCheck) isExcluded() bool {
	return slices.Contains(c.excluded, devIno{c.st.Dev_major, c.st.Dev_minor, c.st.Ino})
}

// readNames reads the names of the folder fd that the walk reads (and
// the output marker), sorted.
func (c *treeCheck) readNames(fd int) ([][]byte, bool) {
	if c.buf == nil {
		c.buf = make([]byte, 32<<10)
	}
	var all []byte
	for {
		n, err := unix.Getdents(fd, c.buf)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return nil, false
		}
		if n == 0 {
			break
		}
		all = append(all, c.buf[:n]...)
	}
	var names [][]byte
	for b := all; len(b) > 0; {
		// struct linux_dirent64: inode (8), offset (8), record length (2),
		// type (1), the name, NUL-terminated.
		if len(b) < 20 {
			return nil, false
		}
		reclen := int(*(*uint16)(unsafe.Pointer(&b[16])))
		if reclen < 20 || reclen > len(b) {
			return nil, false
		}
		name := b[19:reclen]
		if i := bytes.IndexByte(name, 0); i >= 0 {
			name = name[:i]
		}
		b = b[reclen:]
		switch {
		case len(name) == 0 || string(name) == "." || string(name) == "..":
		case name[0] != '.' || string(name) == srctree.OutputMarker || slices.Contains(c.include, string(name)):
			names = append(names, name)
		}
	}
	slices.SortFunc(names, bytes.Compare)
	return names, true
}

// childPath appends to b the path of name in the folder p, as the walk
// joins them (filepath.Join: p is clean but for the root).
func childPath(b []byte, p string, name []byte) []byte {
	switch p = filepath.Clean(p); p {
	case ".":
		return append(b, name...)
	case "/":
		return append(append(b, '/'), name...)
	}
	return append(append(append(b, p...), '/'), name...)
}
