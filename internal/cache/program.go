package cache

import (
	"debug/elf"
	"fmt"
	"os"
	"sync"
)

// ProgramID identifies the running program for the persistent caches: what
// one build of handbook saved is reused only by the same program. It is
// the Go build ID the linker records in the executable, a hash of the
// program's sources, dependencies and toolchain, so that every build of
// the same source (`go run` included, and a fresh checkout on a CI
// machine) has the same one; where it cannot be read, the executable's
// path, size and time.
var ProgramID = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return "unknown"
	}
	if id := goBuildID(exe); id != "" {
		return "go:" + id
	}
	info, err := os.Stat(exe)
	if err != nil {
		return "exe:" + exe
	}
	return fmt.Sprintf("exe:%s:%d:%d", exe, info.Size(), info.ModTime().UnixNano())
})

// goBuildID reads the Go build ID note of an ELF executable ("" when there
// is none).
func goBuildID(exe string) string {
	f, err := elf.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	s := f.Section(".note.go.buildid")
	if s == nil {
		return ""
	}
	note, err := s.Data()
	// An ELF note: name size, description size, type, "Go\x00\x00", the ID.
	if err != nil || len(note) < 16 || string(note[12:16]) != "Go\x00\x00" {
		return ""
	}
	n := int(f.ByteOrder.Uint32(note[4:8]))
	if 16+n > len(note) || n == 0 {
		return ""
	}
	return string(note[16 : 16+n])
}
