// Package output publishes a build on disk: files are written into a
// temporary folder beside the output folder and put in place only when the
// build succeeded, so a failed or killed build never leaves a mix. Nothing
// handbook did not write is ever deleted (see CheckTarget).
package output

import (
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/zeebo/xxh3"

	"handbook/internal/fileio"
	"handbook/internal/output/stamp"
	"handbook/internal/par"
)

// Disk writes files into a temporary folder beside the output folder and
// puts them in place on Commit; Abort removes it, leaving the previous
// output as it was.
//
// By default Commit swaps the whole folder in. Given the listing of the
// output folder as the last build left it (Update), only the files whose
// content changed are written, then moved in place, and the files no longer
// built are removed: on a large site most files are unchanged, and creating
// and deleting files is most of the cost of writing them. A journal written
// before the first change lets the next build finish an update that was cut
// short (see Recover), so the folder always ends as the old or the new build.
type Disk struct {
	out, tmp string
	foreign  bool // out exists and was not written by handbook (--force)
	done     bool
	dirs     sync.Map // folders already created under tmp

	// Record asks Commit to list the files written (in Written), each with
	// its content hash, for a build stamp.
	Record  bool
	Written []stamp.FileStat
	// Aside is where Commit moved a folder handbook did not write (with
	// force), for the caller to report; "" otherwise.
	Aside string

	// listing is the output folder's files and folders now (Update),
	// sorted by path; builtAt, the content hash of what this build put or
	// kept at each listed file's place ("" for nothing yet). Looked up by
	// place, not by name: at 100,000 pages a map of each (280,000 names)
	// took longer to fill than the folder's update took.
	listing []stamp.FileStat
	builtAt []string
	mu      sync.Mutex
	hashes  map[string]string // output name → content hash (names not listed)
	staged  map[string]bool   // names written to tmp (the others are kept)
	// A new folder's listing (Record without Update), each file as it was
	// stated right after it was written; restat names those put more than
	// once (or not stated), stated again by Commit.
	stats  map[string]stamp.FileStat
	restat map[string]bool
}

// Open prepares writing to out. It finishes or rolls back what an earlier
// killed build left (Recover), refuses a folder that handbook did not
// create unless force is set, and refuses outright the folders CheckTarget
// protects.
func Open(out string, force bool, protect Protected) (*Disk, error) {
	out = filepath.Clean(out)
	if err := CheckTarget(out, protect); err != nil {
		return nil, err
	}
	if err := Recover(out); err != nil {
		return nil, err
	}
	foreign, err := checkReplaceable(out, force)
	if err != nil {
		return nil, err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := mkdirUnique(parent, tmpPrefix(out))
	if err != nil {
		return nil, err
	}
	return &Disk{out: out, tmp: tmp, foreign: foreign, hashes: map[string]string{}, staged: map[string]bool{}}, nil
}

// Update makes Commit update the output folder in place. files must list
// what the folder holds now, with content hashes (a build stamp's output
// checked against the folder).
func (o *Disk) Update(files []stamp.FileStat) {
	if o.foreign {
		return // never edit a folder handbook did not write: replace it
	}
	if !slices.IsSortedFunc(files, byPath) { // (a stamp's listing is sorted)
		files = slices.Clone(files)
		slices.SortFunc(files, byPath)
	}
	o.listing, o.builtAt = files, make([]string, len(files))
}

// updating reports whether Update was given the folder's listing.
func (o *Disk) updating() bool { return o.builtAt != nil }

// listedAt is the place in the listing of the file (not folder) name;
// false when the listing has no such file.
func (o *Disk) listedAt(name string) (int, bool) {
	i, ok := slices.BinarySearchFunc(o.listing, name, func(f stamp.FileStat, name string) int { return strings.Compare(f.Path, name) })
	return i, ok && !o.listing[i].Mode.IsDir()
}

// setBuilt records that this build put or kept name with this hash, and
// reports whether it had already (o.mu held). A listed file's hash is
// never "" (Put hashes what it writes once the listing is known).
func (o *Disk) setBuilt(name string, at int, listed bool, hash string) (again bool) {
	if listed {
		again = o.builtAt[at] != ""
		o.builtAt[at] = hash
		return again
	}
	_, again = o.hashes[name]
	o.hashes[name] = hash
	return again
}

// hashOf is the content hash of the file name put or kept, "" when none
// (o.mu held, or no build running).
func (o *Disk) hashOf(name string) string {
	if i, listed := o.listedAt(name); listed {
		return o.builtAt[i]
	}
	return o.hashes[name]
}

// Keep keeps the output folder's file name as it is, as part of this build
// (a build that knows the file would be written with the same bytes): it
// reports false, and does nothing, unless Update listed the file, in which
// case the caller must Put it. Safe for concurrent use.
func (o *Disk) Keep(name string) bool {
	i, ok := o.listedAt(name)
	if !ok || o.listing[i].Hash == "" {
		return false
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.builtAt[i] != "" {
		return false
	}
	o.builtAt[i] = o.listing[i].Hash
	return true
}

// KeepAll is Keep of each of names, at once: it gives the content hash of
// each file kept, "" for each not kept (which the caller must Put).
func (o *Disk) KeepAll(names []string) []string {
	hashes := make([]string, len(names))
	at := make([]int, len(names))
	for k, name := range names {
		i, ok := o.listedAt(name)
		if !ok || o.listing[i].Hash == "" {
			i = -1
		}
		at[k] = i
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	for k, i := range at {
		if i < 0 || o.builtAt[i] != "" {
			continue
		}
		o.builtAt[i] = o.listing[i].Hash
		hashes[k] = o.listing[i].Hash
	}
	return hashes
}

// Listed are the files of the last build Update listed (folders and the
// Marker left out), each with its content hash ("" when not known).
func (o *Disk) Listed() iter.Seq2[string, string] {
	return func(yield func(name, hash string) bool) {
		for _, f := range o.listing {
			if !f.Mode.IsDir() && f.Path != Marker && !yield(f.Path, f.Hash) {
				return
			}
		}
	}
}

// Unbuilt is the number of files the last build's listing holds (folders
// and the Marker left out), and those of them this build has neither put
// nor kept so far, with their content hashes: a walk of the listing by
// place, comparing no names.
func (o *Disk) Unbuilt() (listed int, unbuilt iter.Seq2[string, string]) {
	o.mu.Lock()
	var at []int
	for i, f := range o.listing {
		if !f.Mode.IsDir() && f.Path != Marker {
			listed++
			if o.builtAt[i] == "" {
				at = append(at, i)
			}
		}
	}
	o.mu.Unlock()
	return listed, func(yield func(name, hash string) bool) {
		for _, i := range at {
			if !yield(o.listing[i].Path, o.listing[i].Hash) {
				return
			}
		}
	}
}

// ListedHash is the content hash the listing gives the file name ("" when
// not known); false when it lists no such file.
func (o *Disk) ListedHash(name string) (string, bool) {
	i, ok := o.listedAt(name)
	if !ok {
		return "", false
	}
	return o.listing[i].Hash, true
}

// Previous reads the output folder's file name as the last build wrote it
// (with Update): nil when it is not listed or its content is not what the
// listing says.
func (o *Disk) Previous(name string) []byte {
	i, ok := o.listedAt(name)
	if !ok || o.listing[i].Hash == "" {
		return nil
	}
	f := o.listing[i]
	p, err := safeJoin(o.out, name)
	if err != nil {
		return nil
	}
	b, err := os.ReadFile(p)
	if err != nil || ContentHash(b) != f.Hash {
		return nil
	}
	return b
}

// Hash is the content hash of a file put or kept, "" when unknown.
func (o *Disk) Hash(name string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.hashOf(name)
}

// Put writes one file into the temporary folder, unless (with Update) the
// output folder already holds these very bytes. Safe for concurrent use.
func (o *Disk) Put(name string, data []byte) error {
	var hash string
	if o.Record || o.updating() {
		hash = ContentHash(data)
	}
	return o.PutHashed(name, data, hash)
}

// PutHashed is Put with the content hash of data already worked out (see
// ContentHash; "" when not).
func (o *Disk) PutHashed(name string, data []byte, hash string) error {
	p, err := safeJoin(o.tmp, name)
	if err != nil {
		return err
	}
	if hash == "" && (o.Record || o.updating()) {
		hash = ContentHash(data)
	}
	at, listed := o.listedAt(name)
	o.mu.Lock()
	again := o.setBuilt(name, at, listed, hash)
	if listed && !again && o.listing[at].Hash == hash {
		o.mu.Unlock()
		return nil // unchanged: kept as it is
	}
	o.staged[name] = true
	o.mu.Unlock()
	if err := o.mkdirs(filepath.Dir(p)); err != nil {
		return err
	}
	if !o.Record || o.updating() {
		return fileio.WriteFile(p, data)
	}
	st, err := fileio.WriteFileStated(p, data)
	if err != nil {
		return err
	}
	o.noteWritten(name, st, again)
	return nil
}

// noteWritten records the file name just written, as stated then, for a
// new folder's listing: stated by the goroutine that wrote it, while the
// build goes on, rather than by one walk of the whole folder once the
// build is done (135 ms for the 18,000 files of a 10,000-page site, all of
// it added to the command's time). A file put more than once is stated
// again by Commit, when every write has landed.
func (o *Disk) noteWritten(name string, st fileio.Stated, again bool) {
	name = path.Clean(name) // (as the folder lists it)
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.stats == nil {
		o.stats, o.restat = map[string]stamp.FileStat{}, map[string]bool{}
	}
	if _, seen := o.stats[name]; seen || again {
		o.restat[name] = true
	}
	o.stats[name] = stamp.FileStat{Path: name, Size: st.Size, Mod: st.Mod, Mode: st.Mode}
}

// listWritten is the listing of a new folder's files (see noteWritten),
// with the marker, sorted by path.
func (o *Disk) listWritten() ([]stamp.FileStat, error) {
	files := make([]stamp.FileStat, 0, len(o.stats)+1)
	for name, f := range o.stats {
		if !o.restat[name] && name != Marker {
			files = append(files, f)
		}
	}
	for name := range o.restat {
		if name == Marker {
			continue // (written over by Commit, stated below)
		}
		info, err := os.Lstat(filepath.Join(o.tmp, filepath.FromSlash(name)))
		if err != nil {
			return nil, err
		}
		files = append(files, fileStat(name, info))
	}
	info, err := os.Lstat(filepath.Join(o.tmp, Marker))
	if err != nil {
		return nil, err
	}
	files = append(files, fileStat(Marker, info))
	slices.SortFunc(files, func(a, b stamp.FileStat) int { return strings.Compare(a.Path, b.Path) })
	return files, nil
}

func fileStat(name string, info fs.FileInfo) stamp.FileStat {
	return stamp.FileStat{Path: name, Size: info.Size(), Mod: info.ModTime().UnixNano(), Mode: info.Mode()}
}

// mkdirs makes the folder dir under tmp and the folders it is in, as
// os.MkdirAll does, but trying to make it first (one system call for a
// folder whose parent is there, where MkdirAll looks at both first).
func (o *Disk) mkdirs(dir string) error {
	if _, made := o.dirs.Load(dir); made {
		return nil
	}
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrNotExist) && len(dir) > len(o.tmp) {
		if err = o.mkdirs(filepath.Dir(dir)); err == nil {
			err = os.Mkdir(dir, 0o755)
		}
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	o.dirs.Store(dir, true)
	return nil
}

// ContentHash is the hash by which the output records a file's content:
// 128 bits of XXH3, which tells apart files that differ (a file a build
// would write with other bytes than the last one's) as well as a
// cryptographic hash would, at a tenth of SHA-256's cost (every output
// file is hashed: SHA-256 took 3–4% of a cold build's CPU). Nothing
// trusts it against a file made to collide: whoever writes the pages
// writes the output.
func ContentHash(data []byte) string {
	sum := xxh3.Hash128(data).Bytes()
	return hex.EncodeToString(sum[:])
}

// Commit marks the folder as handbook's and puts it in place.
func (o *Disk) Commit() error {
	if o.done {
		return errors.New("output already committed or aborted")
	}
	o.done = true
	if o.updating() {
		return o.update()
	}
	if err := os.WriteFile(filepath.Join(o.tmp, Marker), []byte(markerText), 0o644); err != nil {
		os.RemoveAll(o.tmp)
		return err
	}
	if o.Record {
		// A rename keeps the files' sizes and times: what is listed here is
		// what lands in out, even if another build swaps in after.
		written, err := o.listWritten()
		if err != nil {
			os.RemoveAll(o.tmp)
			return err
		}
		o.Written = o.withHashes(written)
	}
	aside, err := swap(o.tmp, o.out, o.foreign)
	if err != nil {
		os.RemoveAll(o.tmp)
		return err
	}
	o.Aside = aside
	if o.Record {
		o.Written = o.withFolders(o.Written)
	}
	return nil
}

// withFolders adds to a listing of the files of a new output folder its
// folders, as they are now.
func (o *Disk) withFolders(files []stamp.FileStat) []stamp.FileStat {
	seen := map[string]bool{".": true}
	dirs := []stamp.FileStat{{Path: "."}}
	for _, f := range files {
		for d := path.Dir(f.Path); !seen[d]; d = path.Dir(d) {
			seen[d] = true
			dirs = append(dirs, stamp.FileStat{Path: d})
		}
	}
	par.ForIO(len(dirs), func(k int) {
		d := &dirs[k]
		info, err := os.Lstat(filepath.Join(o.out, filepath.FromSlash(d.Path)))
		if err != nil {
			d.Size = -1
			return
		}
		d.Mod, d.Mode = info.ModTime().UnixNano(), info.Mode()
	})
	out := append(files, dirs...)
	slices.SortFunc(out, func(a, b stamp.FileStat) int { return strings.Compare(a.Path, b.Path) })
	return out
}

const markerText = "This folder is written by handbook build and replaced on every build.\n"

// update moves the changed files in and removes the files no longer built,
// under a journal (see Recover).
func (o *Disk) update() error {
	j := journal{Op: opUpdate, Tmp: filepath.Base(o.tmp)}
	for i, f := range o.listing {
		if o.builtAt[i] == "" && !f.Mode.IsDir() && f.Path != Marker {
			j.Remove = append(j.Remove, f.Path)
		}
	}
	for name := range o.staged {
		j.Move = append(j.Move, name)
	}
	slices.Sort(j.Remove)
	slices.Sort(j.Move)
	moved, err := o.movedListing(j.Move)
	if err != nil {
		os.RemoveAll(o.tmp)
		return err
	}
	if err := j.write(o.out); err != nil {
		os.RemoveAll(o.tmp)
		return err
	}
	if err := j.apply(o.out); err != nil {
		return err // the journal stays: the next build finishes the update
	}
	if info, err := os.Stat(filepath.Join(o.out, Marker)); err == nil {
		moved = append(moved, stamp.FileStat{Path: Marker, Size: info.Size(), Mod: info.ModTime().UnixNano(), Mode: info.Mode()})
	}
	// Only the folders a file was moved into or removed from (and those
	// above them, which may have been made or removed) have changed.
	touched := map[string]bool{".": true}
	for _, list := range [][]string{j.Move, j.Remove} {
		for _, name := range list {
			for d := path.Dir(name); !touched[d]; d = path.Dir(d) {
				touched[d] = true
			}
		}
	}
	o.Written = o.updatedListing(moved, touched)
	return nil
}

func byPath(a, b stamp.FileStat) int { return strings.Compare(a.Path, b.Path) }

// movedListing lists the files moved in (and the marker) as written (a
// rename keeps size and time), so that a file another build replaces
// afterwards shows as changed.
func (o *Disk) movedListing(moved []string) ([]stamp.FileStat, error) {
	out := make([]stamp.FileStat, 0, len(moved)+1)
	for _, name := range moved {
		src, _ := safeJoin(o.tmp, name)
		info, err := os.Stat(src)
		if err != nil {
			return nil, err
		}
		out = append(out, stamp.FileStat{Path: name, Size: info.Size(), Mod: info.ModTime().UnixNano(), Mode: info.Mode(), Hash: o.hashOf(name)})
	}
	return out, nil
}

// updatedListing is the output folder's listing after an update, from the
// one Update was given (sorted by path): the files kept as they were, the
// moved ones (sorted) as written, the folders touched (see update) as
// they are now (those gone left out), the others as they were.
func (o *Disk) updatedListing(moved []stamp.FileStat, touched map[string]bool) []stamp.FileStat {
	slices.SortFunc(moved, byPath)
	out := make([]stamp.FileStat, 0, len(o.listing)+len(moved)+len(touched))
	var restat []int // (touched folders, in out)
	listed := map[string]bool{}
	add := func(f stamp.FileStat) {
		if f.Mode.IsDir() && touched[f.Path] {
			restat = append(restat, len(out))
			listed[f.Path] = true
		}
		out = append(out, f)
	}
	k := 0
	for i, f := range o.listing {
		for k < len(moved) && moved[k].Path < f.Path {
			add(moved[k])
			k++
		}
		if k < len(moved) && moved[k].Path == f.Path {
			continue // (added as moved)
		}
		if f.Mode.IsDir() || o.builtAt[i] != "" && f.Path != Marker {
			add(f)
		}
	}
	for ; k < len(moved); k++ {
		add(moved[k])
	}
	// The folders touched that were not listed: made for a moved file.
	var made []stamp.FileStat
	for d := range touched {
		if !listed[d] {
			made = append(made, stamp.FileStat{Path: d, Mode: fs.ModeDir})
		}
	}
	if len(made) > 0 {
		out = append(out, made...)
		slices.SortFunc(out, byPath)
		restat = restat[:0]
		for i, f := range out {
			if f.Mode.IsDir() && touched[f.Path] {
				restat = append(restat, i)
			}
		}
	}
	gone := make([]bool, len(out))
	par.ForIO(len(restat), func(k int) {
		i := restat[k]
		info, err := os.Lstat(filepath.Join(o.out, filepath.FromSlash(out[i].Path)))
		if err != nil {
			gone[i] = true
			return
		}
		out[i] = stamp.FileStat{Path: out[i].Path, Mod: info.ModTime().UnixNano(), Mode: info.Mode()}
	})
	kept := out[:0]
	for i, f := range out {
		if !gone[i] {
			kept = append(kept, f)
		}
	}
	return kept
}

// removeEmptyParents removes dir and its parents up to (not including)
// root while they are empty.
func removeEmptyParents(root, dir string) {
	for dir != root && strings.HasPrefix(dir, root+string(filepath.Separator)) {
		if os.Remove(dir) != nil { // not empty (or gone): stop
			return
		}
		dir = filepath.Dir(dir)
	}
}

func (o *Disk) withHashes(files []stamp.FileStat) []stamp.FileStat {
	for i := range files {
		files[i].Hash = o.hashes[files[i].Path]
	}
	return files
}

// Abort discards everything written.
func (o *Disk) Abort() {
	if !o.done {
		o.done = true
		os.RemoveAll(o.tmp)
	}
}

// List records every file under the output folder, by path relative to it.
func List(out string) ([]stamp.FileStat, error) {
	var files []stamp.FileStat
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(out, p)
		files = append(files, stamp.FileStat{Path: filepath.ToSlash(rel), Size: info.Size(), Mod: info.ModTime().UnixNano(), Mode: info.Mode()})
		return nil
	})
	return files, err
}

// String describes where a replaced foreign folder went, for the CLI.
func (o *Disk) String() string {
	if o.Aside == "" {
		return o.out
	}
	return fmt.Sprintf("%s (its previous contents, not written by handbook, were moved to %s)", o.out, o.Aside)
}
