// Package highlight renders fenced and indented code blocks the way
// pymdownx.highlight does under Material for MkDocs: chroma tokens as CSS
// classes, an optional filename bar, line numbers and highlighted lines.
// Mermaid fences become <pre class="mermaid"> for the diagram script.
//
// Each distinct block is highlighted once per build (an in-memory memo shared
// by all goroutines) and, when a cache directory is given, once across builds.
package highlight

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"

	"handbook/internal/cache"
	"handbook/internal/markdown/highlight/fastlex"

	"github.com/alecthomas/chroma/v2"
	"handbook/internal/markdown/highlight/lexers"
)

// Options configures a Highlighter.
type Options struct {
	CacheDir      string // directory for the persistent cache; "" = no persistent cache
	MaxCacheBytes int64  // size bound applied by Close; 0 = DefaultMaxCacheBytes
}

// Stats counts what a Highlighter did. Blocks with a known language are
// exactly one of Highlighted, MemoHits or DiskHits.
type Stats struct {
	Blocks      int64 // code blocks rendered, of any kind
	Highlighted int64 // distinct blocks tokenised with chroma (missed both caches)
	MemoHits    int64 // blocks served from the in-memory memo
	DiskHits    int64 // blocks served from the persistent cache
}

// String tells the counts as a build's statistics show them.
func (s Stats) String() string {
	return fmt.Sprintf("%d code blocks: %d highlighted, %d from this build's memo, %d from the disk cache", s.Blocks, s.Highlighted, s.MemoHits, s.DiskHits)
}

// Highlighter renders code blocks. It is safe for concurrent use.
type Highlighter struct {
	opts Options
	disk *diskCache // nil without a cache directory

	memo cache.Memo[memoBlock] // each distinct block highlighted once

	blocks, highlighted, memoHits, diskHits atomic.Int64
	failures                                atomic.Int64 // blocks the lexer failed on (see Warnings)
}

// New returns a Highlighter. If the cache directory cannot be created the
// persistent cache is silently disabled: it only saves time.
func New(opts Options) *Highlighter {
	if opts.MaxCacheBytes <= 0 {
		opts.MaxCacheBytes = DefaultMaxCacheBytes
	}
	h := &Highlighter{
		opts: opts,
	}
	if opts.CacheDir != "" && os.MkdirAll(opts.CacheDir, 0o755) == nil {
		h.disk = newDiskCache(opts.CacheDir, opts.MaxCacheBytes)
	}
	return h
}

// Stats returns the counts so far.
func (h *Highlighter) Stats() Stats {
	return Stats{
		Blocks:      h.blocks.Load(),
		Highlighted: h.highlighted.Load(),
		MemoHits:    h.memoHits.Load(),
		DiskHits:    h.diskHits.Load(),
	}
}

// Close writes the blocks highlighted since New (or the last Close) to the
// persistent cache as one new pack file, and bounds the cache to
// MaxCacheBytes, dropping the least recently used entries. Call it once
// rendering is over; the cache is only written here.
func (h *Highlighter) Close() error {
	if h.disk == nil {
		return nil
	}
	return h.disk.close()
}

// Release writes the blocks highlighted so far to the persistent cache (as
// Close does) and lets go of the memo's: once a build has converted its
// pages it asks for few blocks again (a page converted once more), and
// those are read or highlighted anew. A large site's blocks would
// otherwise stay in memory, beside the pages' HTML that holds them, until
// the build ends.
func (h *Highlighter) Release() error {
	h.memo.Reset()
	return h.Close()
}

// maxLanguageName bounds the names looked up: chroma's fallback lookup by
// file extension tries every lexer's filename patterns, which is slow, and a
// longer or oddly spelled name cannot be a language.
const maxLanguageName = 40

// lexerCache maps a language name to its lexer (nil = unknown), shared by all
// Highlighters since chroma's registry is global and never changes.
var lexerCache sync.Map

// lexerFor looks a language up by name, alias or file extension (never by
// analysing the code); nil means unknown.
func lexerFor(lang string) chroma.Lexer {
	if !plausibleLanguage(lang) {
		return nil
	}
	if cached, ok := lexerCache.Load(lang); ok {
		l, _ := cached.(chroma.Lexer) // a stored nil (unknown) is not a chroma.Lexer
		return l
	}
	var l chroma.Lexer
	if found := lexers.Get(lang); found != nil {
		l = chroma.Coalesce(fastlex.Wrap(found))
	}
	lexerCache.Store(lang, l)
	return l
}

func plausibleLanguage(lang string) bool {
	if lang == "" || len(lang) > maxLanguageName {
		return false
	}
	for _, r := range lang {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_+#.-", r)) {
			return false
		}
	}
	return true
}

// highlightedBlock returns the HTML of a block in a known language, from the
// memo, the disk cache or by tokenising it, in that order. Concurrent callers
// asking for the same block wait for the first one's result.
func (h *Highlighter) highlightedBlock(lexer chroma.Lexer, opts fenceOptions, code []byte) []byte {
	k := keyFor(opts, code)
	b, hit := h.memo.Do(k, func() memoBlock {
		if h.disk != nil {
			if cached := h.disk.load(k); cached != nil {
				h.diskHits.Add(1)
				return memoBlock{html: cached}
			}
		}
		h.highlighted.Add(1)
		html, ok := renderTokens(lexer, opts, code)
		if !ok {
			h.failures.Add(1)
		} else if h.disk != nil {
			h.disk.store(k, html)
		}
		return memoBlock{html: html, failed: !ok}
	})
	if hit {
		h.memoHits.Add(1)
	}
	return b.html
}
