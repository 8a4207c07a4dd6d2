package build

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Output receives the built files as they are produced. Without one, a
// build collects its files in Result.Files (what serve uses); the CLI
// streams them to disk instead so a large site is never held in memory.
type Output interface {
	Put(name string, data []byte) error
}

// put hands one output file to the Output, or keeps it in Result.Files.
func (g *generator) put(name string, data []byte) {
	if g.opts.Output == nil {
		g.mu.Lock()
		g.result.Files[name] = data
		g.mu.Unlock()
		return
	}
	if err := g.opts.Output.Put(name, data); err != nil {
		g.mu.Lock()
		g.result.Diags.Errorf(name, 0, 0, "write", "cannot write output: %v", err)
		g.mu.Unlock()
	}
}

// DiskOutput writes files into a temporary folder beside the output folder
// and puts them in place on Commit; Abort removes it, leaving the previous
// output as it was.
//
// By default Commit swaps the whole folder in. Given the listing of the
// output folder as the last build left it (Update), only the files whose
// content changed are written, then moved in place, and the files no longer
// built are removed: on a large site most files are unchanged, and creating
// and deleting files is most of the cost of writing them.
type DiskOutput struct {
	out, tmp string
	done     bool
	dirs     sync.Map // folders already created under tmp

	// Record asks Commit to list the files written (in Written), each with
	// its content hash, for a Stamp.
	Record  bool
	Written []FileStat

	prev   map[string]FileStat // Update: the output folder's files now
	mu     sync.Mutex
	hashes map[string]string // output name → content hash
	staged map[string]bool   // names written to tmp (the others are kept)
}

// NewDiskOutput prepares writing to out, refusing a folder that handbook did
// not create unless force is set.
func NewDiskOutput(out string, force bool) (*DiskOutput, error) {
	out = filepath.Clean(out)
	if err := checkReplaceable(out, force); err != nil {
		return nil, err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return nil, err
	}
	return &DiskOutput{out: out, tmp: tmp, hashes: map[string]string{}, staged: map[string]bool{}}, nil
}

// Update makes Commit update the output folder in place. files must list
// what the folder holds now, with content hashes (a Stamp's Output checked
// against the folder: see LastOutput).
func (o *DiskOutput) Update(files []FileStat) {
	o.prev = make(map[string]FileStat, len(files))
	for _, f := range files {
		o.prev[f.Path] = f
	}
}

// Put writes one file into the temporary folder, unless (with Update) the
// output folder already holds these very bytes. Safe for concurrent use.
func (o *DiskOutput) Put(name string, data []byte) error {
	p, err := safeJoin(o.tmp, name)
	if err != nil {
		return err
	}
	var hash string
	if o.Record || o.prev != nil {
		hash = contentHash(data)
	}
	o.mu.Lock()
	_, again := o.hashes[name]
	o.hashes[name] = hash
	if o.prev != nil && !again && hash != "" && o.prev[name].Hash == hash {
		o.mu.Unlock()
		return nil // unchanged: kept as it is
	}
	o.staged[name] = true
	o.mu.Unlock()
	dir := filepath.Dir(p)
	if _, made := o.dirs.Load(dir); !made {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		o.dirs.Store(dir, true)
	}
	return os.WriteFile(p, data, 0o644)
}

func contentHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:16])
}

// Commit marks the folder as handbook's and puts it in place.
func (o *DiskOutput) Commit() error {
	if o.done {
		return errors.New("output already committed or aborted")
	}
	o.done = true
	if o.prev != nil {
		err := o.update()
		os.RemoveAll(o.tmp)
		return err
	}
	if err := os.WriteFile(filepath.Join(o.tmp, Marker), []byte(markerText), 0o644); err != nil {
		os.RemoveAll(o.tmp)
		return err
	}
	if o.Record {
		// A rename keeps the files' sizes and times: what is listed here is
		// what lands in out, even if another build swaps in after.
		written, err := statOutput(o.tmp)
		if err != nil {
			os.RemoveAll(o.tmp)
			return err
		}
		o.Written = o.withHashes(written)
	}
	if err := swap(o.tmp, o.out); err != nil {
		os.RemoveAll(o.tmp)
		return err
	}
	return nil
}

const markerText = "This folder is written by handbook build and replaced on every build.\n"

// update removes the files no longer built, then moves the changed ones in.
// A failure part way leaves a mix of old and new files; the caller has
// removed the stamp first, so the next build replaces the whole folder.
func (o *DiskOutput) update() error {
	var gone []string
	for name := range o.prev {
		if _, built := o.hashes[name]; !built && name != Marker {
			gone = append(gone, name)
		}
	}
	sort.Strings(gone)
	for _, name := range gone {
		p, err := safeJoin(o.out, name)
		if err != nil {
			return err
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
		removeEmptyParents(o.out, filepath.Dir(p))
	}
	names := make([]string, 0, len(o.staged))
	for name := range o.staged {
		names = append(names, name)
	}
	sort.Strings(names)
	// The listing is of the files as this build leaves them: the kept ones
	// as they were, the moved ones as written (a rename keeps size and
	// time), so a file another build replaces afterwards shows as changed.
	var written []FileStat
	for name := range o.hashes {
		if f, ok := o.prev[name]; ok && !o.staged[name] {
			written = append(written, f)
		}
	}
	for _, name := range names {
		src, _ := safeJoin(o.tmp, name)
		dst, err := safeJoin(o.out, name)
		if err != nil {
			return err
		}
		info, err := os.Stat(src)
		if err != nil {
			return err
		}
		written = append(written, FileStat{Path: name, Size: info.Size(), Mod: info.ModTime().UnixNano(), Mode: info.Mode(), Hash: o.hashes[name]})
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.Rename(src, dst); err != nil {
			return err
		}
	}
	marker := filepath.Join(o.out, Marker)
	if _, err := os.Stat(marker); err != nil {
		if err := os.WriteFile(marker, []byte(markerText), 0o644); err != nil {
			return err
		}
	}
	if info, err := os.Stat(marker); err == nil {
		written = append(written, FileStat{Path: Marker, Size: info.Size(), Mod: info.ModTime().UnixNano(), Mode: info.Mode()})
	}
	sort.Slice(written, func(i, j int) bool { return written[i].Path < written[j].Path })
	o.Written = written
	return nil
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

func (o *DiskOutput) withHashes(files []FileStat) []FileStat {
	for i := range files {
		files[i].Hash = o.hashes[files[i].Path]
	}
	return files
}

// Abort discards everything written.
func (o *DiskOutput) Abort() {
	if !o.done {
		o.done = true
		os.RemoveAll(o.tmp)
	}
}
