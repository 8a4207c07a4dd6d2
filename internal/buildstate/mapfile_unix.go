//go:build unix

package buildstate

import (
	"os"
	"syscall"
)

// mapFile maps the file at path read-only into memory, and returns its
// bytes and what unmaps them (nil, nil when it cannot be read). The bytes
// are read from the file only as they are used: the search index's cache,
// hundreds of megabytes on a large site, is not copied onto the heap
// before the build can start. Files are replaced by renaming, never
// rewritten in place, so a mapped file keeps its bytes while it is used.
func mapFile(path string) ([]byte, func()) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() == 0 || int64(int(fi.Size())) != fi.Size() {
		return nil, nil
	}
	b, err := syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		// (a file system that cannot map files)
		b, err = os.ReadFile(path)
		if err != nil {
			return nil, nil
		}
		return b, func() {}
	}
	return b, func() { _ = syscall.Munmap(b) }
}
