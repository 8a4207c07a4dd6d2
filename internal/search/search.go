// Package search builds the client-side search index: the site's sections
// are analysed (folded, tokenised, stemmed: package analyze), inverted and
// scored with BM25F at build time (package invert), and written as small
// static files so that a query in the browser (theme/assets/js/search/)
// downloads only the parts it needs:
//
//   - search/index.json: the fixed-name entry point (shard, vocabulary and
//     chunk file names, the levels present);
//   - search/t-<prefix>.<hash>.json: term shards by prefix, each term with
//     its best postings (highest impact first tier);
//   - search/p-<hash>.json: the deeper tiers of a common term's postings,
//     fetched only when the first tiers do not give enough results;
//   - search/v-<char>.<hash>.json: the vocabulary by first character, for
//     typo tolerance and "did you mean" suggestions;
//   - search/c-<n>.<hash>.json: section metadata and text for snippets, a few
//     sections per file, fetched only for the results shown.
package search

import (
	"fmt"

	"handbook/internal/search/analyze"
	"handbook/internal/search/invert"
)

// Doc is one searchable section.
type Doc = invert.Doc

// Options tunes the index layout. The zero value is the recommended setting.
type Options struct {
	// FirstTier is how many of a term's best postings go in its prefix
	// shard; later tiers grow fourfold each. 0 means 300.
	FirstTier int
	// ShardBytes is the size (uncompressed) above which a prefix shard is
	// split by the next character. 0 means 24 KiB.
	ShardBytes int
	// ChunkDocs is how many sections share one snippet/metadata file. 0 means
	// 12: fewer files to write on a large site, while the first query on the
	// 10,000-page corpus still transfers under 100 KB (budget_test.go).
	ChunkDocs int
	// MaxTextBytes caps the text kept per section for snippets. 0 means 3000.
	MaxTextBytes int
	// Analysis is the project's separator and languages (the zero value:
	// handbook's own analyser).
	Analysis analyze.Config
	// Emit, when set, receives each file as soon as it is made (from
	// several goroutines), and Build returns no map: a large site's index
	// is never held whole in memory.
	Emit func(name string, data []byte) `json:"-"`
}

// layout is what of the options shapes the files, beside the Analysis.
func (o Options) layout() [4]int {
	return [4]int{o.FirstTier, o.ShardBytes, o.ChunkDocs, o.MaxTextBytes}
}

// layoutOnly is o without its Emit.
func (o Options) layoutOnly() Options {
	o.Emit = nil
	return o
}

func (o Options) withDefaults() Options {
	if o.FirstTier <= 0 {
		o.FirstTier = 300
	}
	if o.ShardBytes <= 0 {
		o.ShardBytes = 24 << 10
	}
	if o.ChunkDocs <= 0 {
		o.ChunkDocs = 12
	}
	if o.MaxTextBytes <= 0 {
		o.MaxTextBytes = 3000
	}
	return o
}

// maxDocs bounds the doc ids the postings encode.
const maxDocs = 1 << 30

// EntryPath is the fixed-name entry point of the index.
const EntryPath = "search/index.json"

// Build returns the files to write, keyed by slash path relative to the site
// root, all under "search/". The output depends only on docs and opts.
func Build(docs []Doc, opts Options) (map[string][]byte, error) {
	if len(docs) >= maxDocs {
		return nil, fmt.Errorf("search: %d sections is more than the index supports", len(docs))
	}
	opts = opts.withDefaults()
	rules, err := opts.Analysis.Compile()
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	idx := invert.Docs(docs, rules)
	emit, files := opts.Emit, map[string][]byte(nil)
	if emit == nil {
		emit, files = collect()
	}
	write(idx, docs, opts, emit)
	return files, nil
}
