package build

import (
	"iter"

	"handbook/internal/output"
)

// Output receives the built files as they are produced. Without one, a
// build collects its files in Result.Files (what serve uses); the CLI
// streams them to disk (output.Disk) so a large site is never held in
// memory.
type Output interface {
	Put(name string, data []byte) error
}

// hashedOutput is an Output that takes the content hash along with the
// bytes (the build hashes each file once, for the service worker's version
// and the output's record), and that can keep a file of the last build
// where it is (output.Disk).
type hashedOutput interface {
	// PutHashed keeps nothing of data once it returns: the caller may
	// write other bytes into it (see pageBuffer).
	PutHashed(name string, data []byte, hash string) error
	Keep(name string) bool
	// KeepAll is Keep of each of names: the content hash of each file
	// kept, "" for each not kept.
	KeepAll(names []string) []string
	Hash(name string) string
	// Previous reads a file of the last build as it wrote it (nil when
	// it is not there as written).
	Previous(name string) []byte
}

// put hands one output file to the Output, or keeps it in Result.Files.
func (g *generator) put(name string, data []byte) {
	if err := g.write(name, data); err != nil {
		g.mu.Lock()
		g.result.Diags.Errorf(name, 0, 0, "write", "cannot write output: %v", err)
		g.mu.Unlock()
	}
}

// write is put, returning the error instead of reporting it.
func (g *generator) write(name string, data []byte) error {
	if g.opts.Output == nil {
		g.mu.Lock()
		g.result.Files[name] = data
		g.mu.Unlock()
		return nil
	}
	hash := output.ContentHash(data)
	g.digest.Add(name, hash) // Result.Files is not kept: remember the file for sw.js
	if h, ok := g.opts.Output.(hashedOutput); ok {
		return h.PutHashed(name, data, hash)
	}
	return g.opts.Output.Put(name, data)
}

// keep keeps the output folder's file at name as the last build left it,
// when the Output can (see hashedOutput.Keep).
func (g *generator) keep(name string) bool {
	h, ok := g.opts.Output.(hashedOutput)
	if !ok || !h.Keep(name) {
		return false
	}
	g.digest.AddKept(name, h.Hash(name))
	return true
}

// keepAll is keep of each of names, at once (a large site's search index
// keeps tens of thousands of files): it reports which it kept.
func (g *generator) keepAll(names []string) []bool {
	kept := make([]bool, len(names))
	h, ok := g.opts.Output.(hashedOutput)
	if !ok {
		return kept
	}
	var keptNames, hashes []string
	for i, hash := range h.KeepAll(names) {
		if hash != "" {
			kept[i] = true
			keptNames, hashes = append(keptNames, names[i]), append(hashes, hash)
		}
	}
	g.digest.AddAll(keptNames, hashes)
	return kept
}

// listedOutput is a hashedOutput that lists the last build's files, with
// their content hashes (output.Disk given the folder's listing).
type listedOutput interface {
	hashedOutput
	Unbuilt() (listed int, unbuilt iter.Seq2[string, string])
	ListedHash(name string) (string, bool)
}
