package highlight

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// markupVersion changes whenever the HTML this package writes changes, so
// persistent caches written by older builds are never reused.
const markupVersion = "hb-highlight-1"

// chromaModule is the module whose version keys the persistent cache: a new
// chroma may tokenise differently.
const chromaModule = "github.com/alecthomas/chroma/v2"

// chromaVersionFallback is used when the binary carries no build information.
const chromaVersionFallback = "chroma-v2-unknown"

// DefaultMaxCacheBytes bounds the persistent cache when Options.MaxCacheBytes is 0.
const DefaultMaxCacheBytes = 64 << 20

const (
	entrySuffix = ".hl"
	tempPrefix  = ".tmp-"
	// staleTempAge is how old a temporary file must be before Close deletes
	// it: younger ones may belong to a build that is still writing.
	staleTempAge = time.Hour
)

// chromaVersion reports the chroma module version linked into this binary.
var chromaVersion = sync.OnceValue(func() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return chromaVersionFallback
	}
	for _, dep := range info.Deps {
		if dep.Path == chromaModule {
			if dep.Replace != nil {
				dep = dep.Replace
			}
			return dep.Version + " " + dep.Sum
		}
	}
	return chromaVersionFallback
})

type cacheKey [sha256.Size]byte

// keyFor hashes everything that determines a highlighted block's HTML.
// Each field is length-prefixed so no two inputs share an encoding.
func keyFor(opts fenceOptions, code []byte) cacheKey {
	h := sha256.New()
	for _, field := range []string{markupVersion, chromaVersion(), opts.key(), opts.Lang} {
		fmt.Fprintf(h, "%d:%s;", len(field), field)
	}
	fmt.Fprintf(h, "%d:", len(code))
	h.Write(code)
	var k cacheKey
	h.Sum(k[:0])
	return k
}

// memoEntry is one block's HTML; done is closed once html is set, so
// goroutines asking for a block being computed wait instead of recomputing.
type memoEntry struct {
	done chan struct{}
	html []byte
}

// diskCache is a directory of entries named <hex key>.hl. Each entry is
//
//	hbhl1 <hex key> <payload length> <hex sha256 of payload>\n<payload>
//
// so truncated, corrupted or misnamed files are detected and ignored. Entries
// are written to a temporary file in the same directory and renamed into
// place: readers see a whole entry or none, and two builds writing the same
// entry at once both succeed (renames are atomic; no locks that can go stale).
type diskCache struct {
	dir string
}

const entryMagic = "hbhl1"

func (c diskCache) path(k cacheKey) string {
	return filepath.Join(c.dir, hex.EncodeToString(k[:])+entrySuffix)
}

// load returns the cached payload, or nil when absent or invalid.
// A hit refreshes the entry's mtime so pruning removes the least recently used.
func (c diskCache) load(k cacheKey) []byte {
	p := c.path(k)
	data, err := os.ReadFile(p)
	if err != nil {
		return nil
	}
	payload, ok := decodeEntry(k, data)
	if !ok {
		return nil
	}
	now := time.Now()
	_ = os.Chtimes(p, now, now) // best effort: only affects pruning order
	return payload
}

func encodeEntry(k cacheKey, payload []byte) []byte {
	sum := sha256.Sum256(payload)
	header := fmt.Sprintf("%s %x %d %x\n", entryMagic, k[:], len(payload), sum[:])
	return append([]byte(header), payload...)
}

func decodeEntry(k cacheKey, data []byte) ([]byte, bool) {
	nl := bytes.IndexByte(data, '\n')
	if nl < 0 {
		return nil, false
	}
	fields := strings.Split(string(data[:nl]), " ")
	payload := data[nl+1:]
	if len(fields) != 4 || fields[0] != entryMagic || fields[1] != hex.EncodeToString(k[:]) {
		return nil, false
	}
	if n, err := strconv.Atoi(fields[2]); err != nil || n != len(payload) {
		return nil, false
	}
	sum := sha256.Sum256(payload)
	if fields[3] != hex.EncodeToString(sum[:]) {
		return nil, false
	}
	return payload, true
}

// store writes an entry atomically. Failures are ignored: the cache only saves time.
func (c diskCache) store(k cacheKey, payload []byte) {
	tmp, err := os.CreateTemp(c.dir, tempPrefix+"*")
	if err != nil {
		return
	}
	_, werr := tmp.Write(encodeEntry(k, payload))
	cerr := tmp.Close()
	if werr != nil || cerr != nil || os.Rename(tmp.Name(), c.path(k)) != nil {
		os.Remove(tmp.Name())
	}
}

type cacheFile struct {
	path  string
	size  int64
	mtime time.Time
}

// prune deletes the least recently used entries until the directory holds at
// most maxBytes of entries, and deletes temporary files left by interrupted
// builds. Files it did not write (other names) are left alone.
func (c diskCache) prune(maxBytes int64) error {
	dirEntries, err := os.ReadDir(c.dir)
	if err != nil {
		return fmt.Errorf("highlight cache: %w", err)
	}
	var files []cacheFile
	var total int64
	for _, de := range dirEntries {
		info, err := de.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue // removed meanwhile by another build, or not ours
		}
		p := filepath.Join(c.dir, de.Name())
		switch {
		case strings.HasPrefix(de.Name(), tempPrefix):
			if time.Since(info.ModTime()) > staleTempAge {
				os.Remove(p)
			}
		case strings.HasSuffix(de.Name(), entrySuffix):
			files = append(files, cacheFile{p, info.Size(), info.ModTime()})
			total += info.Size()
		}
	}
	sort.Slice(files, func(i, j int) bool {
		if !files[i].mtime.Equal(files[j].mtime) {
			return files[i].mtime.Before(files[j].mtime)
		}
		return files[i].path < files[j].path
	})
	for _, f := range files {
		if total <= maxBytes {
			break
		}
		if err := os.Remove(f.path); err == nil || os.IsNotExist(err) {
			total -= f.size
		}
	}
	return nil
}
