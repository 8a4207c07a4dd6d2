package offline

import (
	"handbook/internal/output"
	"handbook/internal/par"
)

// Hashes are the content hashes of a build's files, by name, kept for the
// next build's DigestFiles.
type Hashes map[string]hashedFile

// hashedFile is a file's content and its hash. An incremental build holds
// the files it did not make again as the same slices: a file whose slice is
// the one hashed last time is not hashed again. (Keeping the slice keeps
// its memory from holding another file meanwhile.)
type hashedFile struct {
	data []byte
	hash string
}

func (h hashedFile) same(b []byte) bool {
	return len(b) == len(h.data) && (len(b) == 0 || &b[0] == &h.data[0])
}

// DigestFiles is the digest of a build's files but sw.js (hashed in
// parallel, but those held as the same slices as in last), with their
// hashes for the next build.
func DigestFiles(files map[string][]byte, last Hashes) (*Digest, Hashes) {
	names := make([]string, 0, len(files))
	for name := range files {
		if name != "sw.js" {
			names = append(names, name)
		}
	}
	hashed := make([]hashedFile, len(names))
	par.For(len(names), func(i int) {
		b := files[names[i]]
		if h, ok := last[names[i]]; ok && h.same(b) {
			hashed[i] = h
			return
		}
		hashed[i] = hashedFile{data: b, hash: output.ContentHash(b)}
	})
	d := &Digest{}
	next := make(Hashes, len(names))
	hashes := make([]string, len(names))
	for i, name := range names {
		hashes[i] = hashed[i].hash
		next[name] = hashed[i]
	}
	d.AddAll(names, hashes)
	return d, next
}
