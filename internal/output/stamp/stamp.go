// Package stamp records what a build read and wrote, so that the next
// build of the same site into the same folder can tell that nothing
// changed (see Stamp).
package stamp

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"math/bits"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unsafe"

	"handbook/internal/atomicfile"
	"handbook/internal/cache"
	"handbook/internal/diag"
	"handbook/internal/par"
	"handbook/internal/srctree"
)

// FileStat is a file's (or folder's) state; Size is -1 for a missing file.
type FileStat struct {
	Path string      `json:"p"`
	Size int64       `json:"s"`
	Mod  int64       `json:"m"`
	Mode fs.FileMode `json:"x"`
	Hash string      `json:"h,omitempty"` // output files: a hash of the content written
}

// stampMagic and stampVersion head a stamp file; the version changes
// whenever what a stamp records changes.
const (
	stampMagic   = "hb-stamp"
	stampVersion = 7
)

// racyWindow: a file modified this close to (or after) the moment its
// state was recorded may change again without its size or time changing
// (git's "racily clean" files). Its state alone proves nothing, so the
// stamp also keeps a hash of its content, which the next check compares.
const racyWindow = 2 * time.Second

// Stamp records what a build read and wrote, so that the next build of the
// same site into the same folder can tell that nothing changed and leave
// the output as it is: every input (options, the handbook program, config,
// theme and content files, the git commit the dates come from) and every
// output file and folder, by size and modification time, and the content
// hash of every input modified within racyWindow of the recording.
// Anything different, a damaged or missing stamp: the build runs.
type Stamp struct {
	Inputs  string     // hash of what is not a file: options, program, git state
	Started int64      // unix nanoseconds when the files were recorded
	Files   []FileStat // config, theme and content (Hash set for racy files)
	// Read are the files the build found it needed (Built.Read), recorded
	// after the build (Hash set for racy files).
	Read []FileStat
	// Output lists the output folder's files, with their content hashes,
	// and its folders (Mode has fs.ModeDir), whose times change when a file
	// is added to or removed from them.
	Output []FileStat
	Diags  []diag.Diagnostic // the warnings, reported again when nothing changed
	Pages  int
	Assets int
	// State names what the build left for the next one to start from (see
	// Built.State); "" when nothing.
	State string
}

// Inputs describe what a build reads, for its stamp.
type Inputs struct {
	// Key holds everything that is not a file: options, the git state the
	// dates come from, …
	Key []string
	// Files are single files (such as every config file that could be
	// found), recorded even when missing: creating one is a change.
	Files []string
	// Trees are folders recorded file by file (content, theme), as the
	// build reads them (see srctree): Within are the folders their links
	// may lead into, and Exclude the folders left out (the output folder).
	Trees           []string
	Within, Exclude []string
	// Include are the names starting with "." the build reads in the
	// trees (.meta.yml); other dotfiles are not inputs.
	Include []string
	// Env adds the environment to the key (a config reads it: MkDocs' !ENV).
	Env bool
}

// Take records the inputs of a build into out. Take it before the
// build reads anything: an edit made during the build then shows as a
// change next time. Files modified within racyWindow are read and hashed.
func Take(in Inputs, out string) (*Stamp, error) {
	started := time.Now()
	key, err := inputsKey(in, out)
	if err != nil {
		return nil, err
	}
	var files []FileStat
	for _, p := range in.Files {
		files = append(files, statFile(p))
	}
	for _, root := range in.Trees {
		walked, err := statTree(root, srctree.Options{Within: in.Within, Exclude: in.Exclude, Include: in.Include})
		if err != nil {
			return nil, err
		}
		files = append(files, walked...)
	}
	s := &Stamp{Inputs: key, Started: started.UnixNano(), Files: files}
	s.hashRacy(s.Started)
	return s, nil
}

// inputsKey hashes what is not a file: the program (the same for every
// build of the same source, see cache.ProgramID), the output folder, the
// options and (when a config reads it) the environment.
func inputsKey(in Inputs, out string) (string, error) {
	absOut, err := filepath.Abs(out)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	add := func(ss ...string) {
		for _, s := range ss {
			fmt.Fprintf(h, "%d:%s\x00", len(s), s)
		}
	}
	add("v2", cache.ProgramID(), absOut)
	add(in.Key...)
	if in.Env {
		env := os.Environ()
		sort.Strings(env)
		add(env...)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// racy reports whether a file's state, recorded at started, proves nothing.
func racy(f FileStat, started int64) bool {
	return f.Size >= 0 && !f.Mode.IsDir() && f.Mod >= started-int64(racyWindow)
}

// hashRacy sets the content hash of every file racy at started.
func (s *Stamp) hashRacy(started int64) {
	var racyFiles []int
	for i, f := range s.Files {
		if racy(f, started) && f.Hash == "" {
			racyFiles = append(racyFiles, i)
		}
	}
	par.For(len(racyFiles), func(k int) {
		f := &s.Files[racyFiles[k]]
		f.Hash = fileHash(f.Path)
	})
}

// fileHash is a file's content hash ("-" when it cannot be read, which
// never equals a hash).
func fileHash(p string) string {
	f, err := os.Open(p)
	if err != nil {
		return "-"
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "-"
	}
	return string(h.Sum(nil)[:16])
}

func statFile(p string) FileStat {
	info, err := os.Stat(p)
	if err != nil {
		return FileStat{Path: p, Size: -1}
	}
	return FileStat{Path: p, Size: info.Size(), Mod: info.ModTime().UnixNano(), Mode: info.Mode()}
}

// statTree records every file and folder under root (nothing when root
// does not exist) as the build reads them: links followed under the one
// rule (see srctree), dotfiles and output folders left out. A link that is
// not followed is recorded too, so that mending it is a change.
func statTree(root string, opts srctree.Options) ([]FileStat, error) {
	if _, err := os.Stat(root); errors.Is(err, fs.ErrNotExist) {
		return []FileStat{{Path: root, Size: -1}}, nil
	}
	var out []FileStat
	opts.Problem = func(rel, msg string) {
		out = append(out, FileStat{Path: filepath.Join(root, filepath.FromSlash(rel)), Size: -1, Mode: fs.ModeSymlink})
	}
	// The walk lists the plain files, which are then stated in parallel.
	opts.NoFileInfo = true
	var plain []int
	err := srctree.Walk(root, opts, func(e srctree.Entry) error {
		if e.Info == nil {
			plain = append(plain, len(out))
			out = append(out, FileStat{Path: e.Path})
			return nil
		}
		mode := e.Info.Mode()
		if e.Link {
			mode |= fs.ModeSymlink
		}
		if e.IsDir() {
			// A folder's time changes when a name is added to it or
			// removed: Recheck reads the names of those whose time did.
			out = append(out, FileStat{Path: e.Path, Mod: e.Info.ModTime().UnixNano(), Mode: mode})
			return nil
		}
		out = append(out, FileStat{Path: e.Path, Size: e.Info.Size(), Mod: e.Info.ModTime().UnixNano(), Mode: mode})
		return nil
	})
	gone := make([]bool, len(out))
	par.ForIO(len(plain), func(k int) {
		f := &out[plain[k]]
		info, err := os.Lstat(f.Path)
		switch {
		case errors.Is(err, fs.ErrNotExist): // gone since its folder was read
			gone[plain[k]] = true
		case err != nil: // recorded as the walk records a file it cannot read
			f.Size, f.Mode = -1, fs.ModeSymlink
		default:
			f.Size, f.Mod, f.Mode = info.Size(), info.ModTime().UnixNano(), info.Mode()
		}
	})
	kept := out[:0]
	for i, f := range out {
		if !gone[i] {
			kept = append(kept, f)
		}
	}
	return kept, err
}

// stampPath is where the stamp of the output folder out is kept.
func stampPath(cacheDir, out string) string {
	return filepath.Join(cacheDir, "build-"+OutputID(out)+".stamp")
}

// OutputID names the output folder out in cache file names.
func OutputID(out string) string {
	abs, err := filepath.Abs(out)
	if err != nil {
		abs = out
	}
	sum := sha256.Sum256([]byte(abs))
	return hex.EncodeToString(sum[:6])
}

// Last returns the stamp of the last build into out, kept in cacheDir,
// when out still holds exactly the files and folders that build left,
// unmodified; else nil.
func Last(cacheDir, out string) *Stamp {
	return StartCheck(cacheDir, out).Last()
}

// Read returns the stamp of the last build into out, kept in cacheDir (nil
// when there is none, or a damaged one), without checking out.
func Read(cacheDir, out string) *Stamp {
	b, err := os.ReadFile(stampPath(cacheDir, out))
	if err != nil {
		return nil
	}
	saved, err := decodeStamp(b)
	if err != nil {
		return nil
	}
	return saved
}

// Check is the check of an output folder against the stamp of the last
// build into it, run in the background from StartCheck on: a command
// starts it first, and it runs while the command loads the project.
type Check struct {
	read, decoded, checked chan struct{}
	saved                  *Stamp
	outputRead, unchanged  bool
}

// StartCheck reads the stamp of the last build into out, kept in
// cacheDir, and checks out against it, in the background.
func StartCheck(cacheDir, out string) *Check {
	c := &Check{read: make(chan struct{}), decoded: make(chan struct{}), checked: make(chan struct{})}
	go c.run(cacheDir, out)
	return c
}

// run reads the stamp and checks out against it. The listing of the
// inputs is decoded (for Saved, and the check of the inputs) while the
// listing of the output is, and the folder checked.
func (c *Check) run(cacheDir, out string) {
	defer close(c.checked)
	s, inputs, rest, err := splitStamp(stampPath(cacheDir, out))
	if err != nil {
		close(c.read)
		close(c.decoded)
		return
	}
	outputSame := make(chan bool)
	go func() {
		c.outputRead = s.decodeOutput(rest) == nil
		close(c.decoded)
		outputSame <- c.outputRead && Unchanged(out, s.Output)
	}()
	if s.decodeInputs(inputs) == nil {
		c.saved = s
	}
	close(c.read)
	c.unchanged = <-outputSame && c.saved != nil
}

// Saved is the stamp read (see Read), once its inputs are: out may not be
// checked yet, and Output, Diags, Pages, Assets and State are set only
// once Last returns.
func (c *Check) Saved() *Stamp {
	<-c.read
	return c.saved
}

// Unverified is the stamp read whole (Saved, with Output, Diags, Pages,
// Assets and State), before out is checked against it: Last tells
// whether out is as it records. nil when there is no stamp.
func (c *Check) Unverified() *Stamp {
	<-c.read
	<-c.decoded
	if !c.outputRead {
		return nil
	}
	return c.saved
}

// Last is the stamp read when out is as it recorded (see Last), once
// checked.
func (c *Check) Last() *Stamp {
	<-c.checked
	if !c.unchanged {
		return nil
	}
	return c.saved
}

// Unchanged reports whether every file and folder of a listing of out is
// still there with the same size, time and mode.
func Unchanged(out string, listing []FileStat) bool {
	return unchangedFast(out, listing)
}

// unchangedByPath is Unchanged, each entry stated by its whole path.
func unchangedByPath(out string, listing []FileStat) bool {
	var differs sync.Once
	same := true
	par.ForIO(len(listing), func(i int) {
		f := listing[i]
		info, err := os.Lstat(filepath.Join(out, filepath.FromSlash(f.Path)))
		if err != nil || info.ModTime().UnixNano() != f.Mod || info.Mode() != f.Mode || !f.Mode.IsDir() && info.Size() != f.Size {
			differs.Do(func() { same = false })
		}
	})
	return same
}

// Rechecked is what Recheck found.
type Rechecked struct {
	// Known is false when Recheck cannot tell (links among the inputs; a
	// system other than Linux): Take and UpToDate can.
	Known    bool
	UpToDate bool
	// Refreshed, when set (up to date), is prev's inputs recorded again at
	// this time (Inputs, Started and Files), worth saving with the rest of
	// prev: Refreshed.Refreshed(prev) (see UpToDate).
	Refreshed *Stamp
	// Taken, when set (not up to date), is the stamp Take would take now:
	// set when the same files and folders are there.
	Taken *Stamp
}

// Recheck reports whether the inputs of the build that left prev are
// still as prev recorded them, asking the file system about prev's own
// listing rather than taking a new stamp and comparing (see UpToDate):
// each file stated, a folder's names read only when its time is not the
// one recorded (or was recent then), nothing else gathered
// until a file is found changed.
func (prev *Stamp) Recheck(in Inputs, out string) Rechecked {
	started := time.Now()
	key, err := inputsKey(in, out)
	if err != nil || key != prev.Inputs {
		return Rechecked{Known: err == nil}
	}
	same, known, check, now := prev.fastCheck(in)
	taken := func(files []FileStat) Rechecked {
		t := &Stamp{Inputs: key, Started: started.UnixNano(), Files: files}
		t.hashRacy(t.Started)
		return Rechecked{Known: true, Taken: t}
	}
	if now != nil {
		return taken(now)
	}
	if !same {
		return Rechecked{Known: known}
	}
	var checkRead []int
	for i, f := range prev.Read {
		now := statFile(f.Path)
		if now.Size != f.Size || now.Mod != f.Mod || now.Mode != f.Mode || racy(f, prev.Started) && f.Hash == "" {
			return Rechecked{Known: true, Taken: unhashed(prev, key, started)}
		}
		if racy(f, prev.Started) {
			checkRead = append(checkRead, i)
		}
	}
	differs := make([]bool, len(check)+len(checkRead))
	par.For(len(differs), func(k int) {
		var f FileStat
		if k < len(check) {
			f = prev.Files[check[k]]
		} else {
			f = prev.Read[checkRead[k-len(check)]]
		}
		differs[k] = fileHash(f.Path) != f.Hash
	})
	if slices.Contains(differs, true) {
		return Rechecked{Known: true, Taken: unhashed(prev, key, started)}
	}
	r := Rechecked{Known: true, UpToDate: true}
	if racyCost(prev.Files, check, prev.Read, checkRead) > refreshAfter {
		r.Refreshed = unhashed(prev, key, started)
	}
	return r
}

// unhashed is the stamp Take takes at started of the inputs prev
// recorded, found as they were by size, time and mode.
func unhashed(prev *Stamp, key string, started time.Time) *Stamp {
	t := &Stamp{Inputs: key, Started: started.UnixNano(), Files: slices.Clone(prev.Files)}
	for i := range t.Files {
		t.Files[i].Hash = ""
	}
	t.hashRacy(t.Started)
	return t
}

// UpToDate reports whether prev (see Last) was made from the same
// inputs as s: then its output is what this build would write. Inputs
// that were racy when prev was recorded are compared by content; refresh
// reports that so many were (more than refreshAfter files or bytes) that
// the stamp is worth saving again with the new time, after which only
// their size and time are compared. (A few small ones, as an edit just
// before the last build leaves, are cheaper to read again each time than
// the stamp of a large site is to write.)
func (s *Stamp) UpToDate(prev *Stamp) (upToDate, refresh bool) {
	if prev == nil || prev.Inputs != s.Inputs || len(prev.Files) != len(s.Files) {
		return false, false
	}
	var check []int
	for i, f := range s.Files {
		p := prev.Files[i]
		if f.Path != p.Path || !sameState(f, p) {
			return false, false
		}
		if racy(p, prev.Started) {
			if p.Hash == "" {
				return false, false
			}
			check = append(check, i)
		}
	}
	// The files found during the build are stated again here.
	var checkRead []int
	for i, f := range prev.Read {
		now := statFile(f.Path)
		if now.Size != f.Size || now.Mod != f.Mod || now.Mode != f.Mode {
			return false, false
		}
		if racy(f, prev.Started) {
			if f.Hash == "" {
				return false, false
			}
			checkRead = append(checkRead, i)
		}
	}
	same := true
	var differs sync.Once
	par.For(len(check)+len(checkRead), func(k int) {
		var h, want string
		if k < len(check) {
			i := check[k]
			h, want = s.Files[i].Hash, prev.Files[i].Hash
			if h == "" {
				h = fileHash(s.Files[i].Path)
			}
		} else {
			f := prev.Read[checkRead[k-len(check)]]
			h, want = fileHash(f.Path), f.Hash
		}
		if h != want {
			differs.Do(func() { same = false })
		}
	})
	return same, same && racyCost(s.Files, check, prev.Read, checkRead) > refreshAfter
}

// Changed lists the input files that may differ from those prev (the
// stamp of the last build into the same folder) recorded: added,
// removed, of another size, time or mode, or racy then and of another
// content now, and the files the last build found it needed (Read) that
// changed. false when prev is missing or was taken of other inputs
// (options, program, git state).
func (s *Stamp) Changed(prev *Stamp) ([]string, bool) {
	if prev == nil || prev.Inputs != s.Inputs {
		return nil, false
	}
	was := make(map[string]int, len(prev.Files))
	for i, f := range prev.Files {
		was[f.Path] = i
	}
	changed := []string{}
	type pair struct{ now, then int } // a file racy in prev: compared by content
	var racyFiles []pair
	for i, f := range s.Files {
		j, ok := was[f.Path]
		if !ok {
			changed = append(changed, f.Path) // added
			continue
		}
		delete(was, f.Path)
		p := prev.Files[j]
		switch {
		case !sameState(f, p) || racy(p, prev.Started) && p.Hash == "":
			changed = append(changed, f.Path)
		case racy(p, prev.Started):
			racyFiles = append(racyFiles, pair{i, j})
		}
	}
	for path := range was {
		changed = append(changed, path) // removed
	}
	differs := make([]bool, len(racyFiles))
	par.For(len(racyFiles), func(k int) {
		f := s.Files[racyFiles[k].now]
		h := f.Hash
		if h == "" {
			h = fileHash(f.Path)
		}
		differs[k] = h != prev.Files[racyFiles[k].then].Hash
	})
	for k, r := range racyFiles {
		if differs[k] {
			changed = append(changed, s.Files[r.now].Path)
		}
	}
	for _, f := range prev.Read {
		now := statFile(f.Path)
		if now.Size != f.Size || now.Mod != f.Mod || now.Mode != f.Mode || racy(f, prev.Started) && (f.Hash == "" || fileHash(f.Path) != f.Hash) {
			changed = append(changed, f.Path)
		}
	}
	sort.Strings(changed)
	return slices.Compact(changed), true // (a snippet may be a content file too)
}

// sameState reports whether an input is now f as it was p: the same size,
// mode and time, but for a folder's time (which changes with its names,
// the listing's own entries).
func sameState(f, p FileStat) bool {
	return f.Size == p.Size && f.Mode == p.Mode && (f.Mod == p.Mod || f.Mode.IsDir())
}

// refreshAfter is how many racy files (or kilobytes of them) an up-to-date
// check reads before the stamp is saved again (see UpToDate).
const refreshAfter = 64

// racyCost weighs the racy files an up-to-date check compared by content:
// one a file, and one a kilobyte read.
func racyCost(files []FileStat, check []int, read []FileStat, checkRead []int) int {
	cost := 0
	for _, i := range check {
		cost += 1 + int(files[i].Size>>10)
	}
	for _, i := range checkRead {
		cost += 1 + int(read[i].Size>>10)
	}
	return cost
}

// Refreshed is prev's build recorded again with s's inputs (their new time
// and hashes), for a build found up to date by content.
func (s *Stamp) Refreshed(prev *Stamp) *Stamp {
	r := *prev
	r.Started, r.Files = s.Started, s.Files
	return &r
}

// RecordRead records the files the build found it needed (Built.Read), as
// they are after the build: one changed during it shows as too recent
// (racy) next time, and is compared by content.
func (s *Stamp) RecordRead(paths []string) {
	s.Read = nil
	for _, p := range paths {
		s.Read = append(s.Read, statFile(p))
	}
	par.For(len(s.Read), func(i int) {
		if f := &s.Read[i]; racy(*f, s.Started) {
			f.Hash = fileHash(f.Path)
		}
	})
}

// Save keeps the stamp of out in cacheDir for the next build. The write
// is atomic: an interrupted one leaves the old stamp or none, and a
// temporary file, which the next Save removes.
//
// The stamp is not synced to the disk (at 100,000 pages it is 15 MB, and
// syncing it took a third to half a second of every build). Syncing would
// buy nothing: the output files it describes are not synced either, so
// after a system crash a synced stamp could as well describe files that
// were lost. What a crash may leave instead (a stamp empty, cut short or
// partly zeroed) fails the checksum decodeStamp checks over the whole
// body, and a damaged stamp is read as none: the next build is a full one.
func (s *Stamp) Save(cacheDir, out string) error {
	if err := os.MkdirAll(cacheDir, 0o755); err != nil {
		return err
	}
	RemoveLeftovers(cacheDir, out)
	return atomicfile.WriteUnsynced(stampPath(cacheDir, out), s.encode(), 0o644)
}

// RemoveLeftovers removes the temporary files of writes of the stamp of
// out that were cut short (see atomicfile.Write): a build killed while it
// saved the stamp leaves one.
func RemoveLeftovers(cacheDir, out string) {
	p := stampPath(cacheDir, out) // (no character special to Glob)
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(p), "."+filepath.Base(p)+".tmp-*"))
	for _, f := range left {
		os.Remove(f)
	}
}

// Forget removes the stamp of out (before a build replaces it).
func Forget(cacheDir, out string) {
	_ = os.Remove(stampPath(cacheDir, out))
}

// encode writes the stamp as magic, version, a CRC of the body, the body.
// The body's listings of inputs are prefixed with their length, so that
// they and the listing of the output can be decoded at once (see
// Check.run).
//
// Each buffer is made as large as it may grow (a 100,000-page site's stamp
// is some 15 MB: grown by doubling, and copied once more behind its head,
// it allocated 110 MB), and the body is written after room for the head.
func (s *Stamp) encode() []byte {
	inputs := make([]byte, 0, listingRoom(s.Files)+listingRoom(s.Read))
	inputs = appendListing(inputs, s.Files)
	inputs = appendListing(inputs, s.Read)
	var e cache.Enc
	e.B = make([]byte, headRoom, headRoom+len(s.Inputs)+2*binary.MaxVarintLen64+len(inputs)+listingRoom(s.Output)+4<<10)
	e.Str(s.Inputs)
	e.Int(s.Started)
	e.Bytes(inputs)
	e.B = appendListing(e.B, s.Output)
	diag.Encode(&e, s.Diags)
	e.Int(int64(s.Pages))
	e.Int(int64(s.Assets))
	e.Str(s.State)
	body := e.B[headRoom:]
	var head cache.Enc
	head.B = append(head.B, stampMagic...)
	head.Uint(stampVersion)
	head.Uint(uint64(crc32.ChecksumIEEE(body)))
	start := headRoom - len(head.B)
	copy(e.B[start:], head.B)
	return e.B[start:]
}

// headRoom is the room left for a stamp's head (magic, version, checksum)
// before its body.
const headRoom = len(stampMagic) + 2*binary.MaxVarintLen32

// listingRoom is as many bytes as appendListing writes of files at most.
func listingRoom(files []FileStat) int {
	n := binary.MaxVarintLen64
	for i := range files {
		n += entryRoom(&files[i])
	}
	return n
}

// entryRoom is as many bytes as appendEntries writes of f at most: its
// path and hash, their lengths and the length shared with the path before
// (no longer than f's), its size and time (10 bytes each at most) and its
// mode (32 bits: 5).
func entryRoom(f *FileStat) int {
	return len(f.Path) + len(f.Hash) + 2*uvarintLen(len(f.Path)) + uvarintLen(len(f.Hash)) + 25
}

func uvarintLen(n int) int { return (bits.Len64(uint64(n)|1) + 6) / 7 }

// listingPiece is how many entries of a listing one goroutine encodes.
const listingPiece = 1 << 14

// appendListing appends file states to b, each path as the length it
// shares with the path before and the rest (listings are in walk order).
// A long listing (280,000 entries at 100,000 pages, some 60 ms in one
// goroutine) is encoded in pieces at once, each into its own part of b's
// room, as large as the piece may grow, and the pieces moved together.
func appendListing(b []byte, files []FileStat) []byte {
	b = binary.AppendUvarint(b, uint64(len(files)))
	if len(files) <= listingPiece {
		return appendEntries(b, files, "")
	}
	n := (len(files) + listingPiece - 1) / listingPiece
	ends := make([]int, n) // where each piece's room ends in b
	end := len(b)
	for k := range n {
		for i := k * listingPiece; i < min((k+1)*listingPiece, len(files)); i++ {
			end += entryRoom(&files[i])
		}
		ends[k] = end
	}
	b = slices.Grow(b, end-len(b))
	room := b[:end]
	pieces := make([][]byte, n)
	par.For(n, func(k int) {
		start, lo := len(b), k*listingPiece
		if k > 0 {
			start = ends[k-1]
		}
		prev := ""
		if lo > 0 {
			prev = files[lo-1].Path
		}
		pieces[k] = appendEntries(room[start:start:ends[k]], files[lo:min(lo+listingPiece, len(files))], prev)
	})
	// Each piece moves left of where it was written, past the room of
	// none after it.
	for _, p := range pieces {
		b = append(b, p...)
	}
	return b
}

// appendEntries appends files' states, the first path's shared length
// counted from prev.
func appendEntries(b []byte, files []FileStat, prev string) []byte {
	for i := range files {
		f := &files[i]
		n := sharedPrefix(prev, f.Path)
		b = binary.AppendUvarint(b, uint64(n))
		b = binary.AppendUvarint(b, uint64(len(f.Path)-n))
		b = append(b, f.Path[n:]...)
		b = binary.AppendVarint(b, f.Size)
		b = binary.AppendVarint(b, f.Mod)
		b = binary.AppendUvarint(b, uint64(f.Mode))
		b = binary.AppendUvarint(b, uint64(len(f.Hash)))
		b = append(b, f.Hash...)
		prev = f.Path
	}
	return b
}

func sharedPrefix(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		if a[i] != b[i] {
			return i
		}
	}
	return n
}

func decodeStamp(b []byte) (*Stamp, error) {
	body, err := checkedBody(b)
	if err != nil {
		return nil, err
	}
	return decodeStampBody(body)
}

// checkedBody is the body of a stamp file, its head and checksum checked.
func checkedBody(b []byte) ([]byte, error) {
	rest, ok := bytes.CutPrefix(b, []byte(stampMagic))
	if !ok {
		return nil, cache.ErrCorrupt
	}
	d := cache.NewDec(rest)
	if d.Uint() != stampVersion {
		return nil, cache.ErrCorrupt
	}
	sum := uint32(d.Uint())
	body := d.Rest()
	if d.Err() != nil || crc32.ChecksumIEEE(body) != sum {
		return nil, cache.ErrCorrupt
	}
	return body, nil
}

// splitStamp reads the stamp file at p and splits its body: s has its
// Inputs and Started, inputs is the listings of inputs (see decodeInputs)
// and rest the remainder (see decodeOutput).
func splitStamp(p string) (s *Stamp, inputs, rest []byte, err error) {
	b, err := os.ReadFile(p)
	if err != nil {
		return nil, nil, nil, err
	}
	body, err := checkedBody(b)
	if err != nil {
		return nil, nil, nil, err
	}
	return splitBody(body)
}

// splitBody is splitStamp of a body.
func splitBody(body []byte) (s *Stamp, inputs, rest []byte, err error) {
	d := cache.NewDec(body)
	s = &Stamp{Inputs: strings.Clone(d.Str()), Started: d.Int()}
	inputs = d.Raw(d.Len(0))
	if d.Err() != nil {
		return nil, nil, nil, cache.ErrCorrupt
	}
	return s, inputs, d.Rest(), nil
}

// decodeStampBody decodes a stamp's body (its checksum left out).
func decodeStampBody(body []byte) (*Stamp, error) {
	s, inputs, rest, err := splitBody(body)
	if err != nil {
		return nil, err
	}
	if err := s.decodeInputs(inputs); err != nil {
		return nil, err
	}
	if err := s.decodeOutput(rest); err != nil {
		return nil, err
	}
	return s, nil
}

// decodeInputs decodes the listings of inputs: Files and Read.
func (s *Stamp) decodeInputs(b []byte) error {
	d := cache.NewDec(b)
	s.Files = decodeListing(d)
	s.Read = decodeListing(d)
	if !d.Done() {
		return cache.ErrCorrupt
	}
	return nil
}

// decodeOutput decodes the rest of a stamp's body: Output, Diags, Pages,
// Assets and State.
func (s *Stamp) decodeOutput(b []byte) error {
	d := cache.NewDec(b)
	s.Output = decodeListing(d)
	s.Diags = diag.Decode(d)
	s.Pages, s.Assets = int(d.Int()), int(d.Int())
	s.State = d.Str()
	if !d.Done() {
		return cache.ErrCorrupt
	}
	return nil
}

// decodeListing reads what appendListing wrote. Every path is copied into
// one buffer shared by the listing (and each hash is left in b): a large
// listing costs a few allocations, not one per file.
func decodeListing(d *cache.Dec) []FileStat {
	n := d.Len(5)
	if n == 0 {
		return nil
	}
	files := make([]FileStat, n)
	ends := make([]int, n) // where each path ends in buf
	buf := make([]byte, 0, 64*n)
	start := 0 // where the previous path starts in buf
	for i := range files {
		shared := d.Uint()
		if i == 0 && shared > 0 || i > 0 && shared > uint64(ends[i-1]-start) {
			d.Raw(-1) // damaged: fail
			return nil
		}
		rest := d.Raw(d.Len(0))
		next := len(buf)
		buf = append(buf, buf[start:start+int(shared)]...)
		buf = append(buf, rest...)
		start, ends[i] = next, len(buf)
		files[i] = FileStat{Size: d.Int(), Mod: d.Int(), Mode: fs.FileMode(d.Uint()), Hash: d.Str()}
	}
	if d.Err() != nil {
		return nil
	}
	all := unsafe.String(unsafe.SliceData(buf), len(buf)) // buf is never written again
	from := 0
	for i := range files {
		files[i].Path = all[from:ends[i]]
		from = ends[i]
	}
	return files
}
