package buildstate

import (
	"bufio"
	"bytes"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"handbook/internal/cache"
)

// The pages' conversions are kept in a log beside the state file (most of
// what a state holds: some 350 MB at 100,000 pages), which the state file
// names and points into: a build that converted a few pages appends
// theirs, and writes the state file (the pages' parses and summaries, the
// output's keys) anew, not every conversion. A build whose pages' live
// conversions fill less than half of the log writes a new one. Each
// conversion is read when it is used, and its checksum checked then.
//
// Appending never changes what the last state file points at: a build
// stopped at any point leaves that state whole (and garbage after its end
// of the log, cut off by the next build that appends). A new log is
// written under a name of its own, and the other logs of the state are
// removed once the state file naming it is in place.

// logMagic heads a log file, followed by its ID (which the state file
// names too).
const logMagic = "hb-convlog"

// convLog is a log of conversions, as a state read names it.
type convLog struct {
	path string
	id   string
	end  int64 // the end of what the state points at

	open sync.Once
	f    *os.File // (nil when it cannot be opened)

	readAll sync.Once
	// all is the log up to end, once read whole (loadAll). Records are
	// read while another goroutine may be loading it: the atomic pointer
	// publishes the bytes ReadAt filled in to them.
	all atomic.Pointer[[]byte]
}

// logPath is the path of the log with this ID beside the state file.
func logPath(stateFile, id string) string {
	return strings.TrimSuffix(stateFile, ".bin") + "." + id + ".log"
}

// openLog checks the log at path: its header names id and it holds at
// least end bytes.
func openLog(path, id string, end int64) (*convLog, bool) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	head := logHeader(id)
	got := make([]byte, len(head))
	info, err := f.Stat()
	if err != nil || info.Size() < end || end < int64(len(head)) {
		f.Close()
		return nil, false
	}
	if _, err := f.ReadAt(got, 0); err != nil || !bytes.Equal(got, head) {
		f.Close()
		return nil, false
	}
	l := &convLog{path: path, id: id, end: end, f: f}
	l.open.Do(func() {})
	return l, true
}

func logHeader(id string) []byte {
	var e cache.Enc
	e.B = append(e.B, logMagic...)
	e.Str(id)
	return e.B
}

// loadAll reads the log whole (a build about to read most of it).
func (l *convLog) loadAll() {
	l.readAll.Do(func() {
		if l.f == nil {
			return
		}
		b := make([]byte, l.end)
		if _, err := l.f.ReadAt(b, 0); err == nil {
			l.all.Store(&b)
		}
	})
}

// record is where a conversion is in a log.
type record struct {
	log  *convLog
	off  int64
	n    int
	sum  uint32 // CRC-32 (IEEE) of its bytes
	html bool   // the conversion holds the page's HTML

	once sync.Once
	raw  []byte // nil until read, or when damaged
}

// bytes reads the conversion (once); false when it cannot be read or is
// damaged.
func (r *record) bytes() ([]byte, bool) {
	if r == nil || r.n == 0 {
		return nil, false // (none: see writeConversion)
	}
	r.once.Do(func() {
		if r.off < 0 || r.off+int64(r.n) > r.log.end {
			return
		}
		var b []byte
		if all := r.log.all.Load(); all != nil {
			b = (*all)[r.off : r.off+int64(r.n)]
		} else if r.log.f != nil {
			b = make([]byte, r.n)
			if _, err := r.log.f.ReadAt(b, r.off); err != nil {
				return
			}
		}
		if b != nil && crc32.ChecksumIEEE(b) == r.sum {
			r.raw = b
		}
	})
	return r.raw, r.raw != nil
}

func encodeRecord(e *cache.Enc, r *record) {
	e.Uint(uint64(r.off))
	e.Uint(uint64(r.n))
	e.Uint(uint64(r.sum))
	e.Bool(r.html)
}

func decodeRecord(d *cache.Dec, l *convLog) *record {
	return &record{log: l, off: int64(min(d.Uint(), 1<<62)), n: int(min(d.Uint(), 1<<31)), sum: uint32(d.Uint()), html: d.Bool()}
}

// logWriter writes conversions to a log: a new one, or the end of the
// one a state read names.
type logWriter struct {
	log *convLog // the log written: its path, ID and (once closed) end
	f   *os.File
	w   *bufio.Writer
	off int64
	tmp string // a new log's temporary name
}

// newLog starts a new log beside stateFile.
func newLog(stateFile string) (*logWriter, error) {
	id := NewID()
	path := logPath(stateFile, id)
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return nil, err
	}
	w := &logWriter{log: &convLog{path: path, id: id}, f: f, w: bufio.NewWriterSize(f, 1<<20), tmp: tmp}
	head := logHeader(id)
	if _, err := w.w.Write(head); err != nil {
		w.abandon()
		return nil, err
	}
	w.off = int64(len(head))
	return w, nil
}

// appendTo starts writing at the end of what l's state points at (cutting
// off what a stopped build left after it).
func appendTo(l *convLog) (*logWriter, error) {
	f, err := os.OpenFile(l.path, os.O_RDWR, 0)
	if err != nil {
		return nil, err
	}
	if err := f.Truncate(l.end); err != nil {
		f.Close()
		return nil, err
	}
	if _, err := f.Seek(l.end, io.SeekStart); err != nil {
		f.Close()
		return nil, err
	}
	return &logWriter{log: &convLog{path: l.path, id: l.id}, f: f, w: bufio.NewWriterSize(f, 1<<20), off: l.end}, nil
}

// put appends a conversion.
func (w *logWriter) put(b []byte, html bool) (*record, error) {
	if _, err := w.w.Write(b); err != nil {
		return nil, err
	}
	r := &record{log: w.log, off: w.off, n: len(b), sum: crc32.ChecksumIEEE(b), html: html}
	w.off += int64(len(b))
	return r, nil
}

// close finishes the log (a new one is put in place under its name).
func (w *logWriter) close() error {
	err := w.w.Flush()
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	if err == nil && w.tmp != "" {
		err = os.Rename(w.tmp, w.log.path)
	}
	if err != nil {
		w.abandon()
		return err
	}
	w.log.end = w.off
	return nil
}

// abandon gives up a log being written (a new one is removed).
func (w *logWriter) abandon() {
	w.f.Close()
	if w.tmp != "" {
		os.Remove(w.tmp)
	}
}

// removeStale removes what the state file's earlier saves left beside
// it: the logs but keep, the one it names, and the temporary files of
// saves that were stopped.
func removeStale(stateFile, keep string) {
	dir, base := filepath.Split(strings.TrimSuffix(stateFile, ".bin"))
	entries, err := os.ReadDir(filepath.Clean(dir))
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, base+".") || name == filepath.Base(keep) {
			continue
		}
		if strings.HasSuffix(name, ".log") || strings.HasSuffix(name, ".log.tmp") || strings.Contains(name, ".tmp-") {
			os.Remove(filepath.Join(dir, name))
		}
	}
}
