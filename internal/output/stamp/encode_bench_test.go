package stamp

import (
	"fmt"
	"io/fs"
	"testing"
)

// BenchmarkEncode encodes the stamp of a 100,000-page site: 100,000
// inputs and 280,000 output entries.
func BenchmarkEncode(b *testing.B) {
	s := &Stamp{Inputs: "key", Started: 1}
	for i := range 100_000 {
		s.Files = append(s.Files, FileStat{Path: fmt.Sprintf("content/section-%03d/case-%03d.md", i/200, i%200), Size: 4000, Mod: 1_700_000_000_000_000_000 + int64(i), Mode: 0o644})
	}
	for i := range 100_000 {
		dir := fmt.Sprintf("section-%03d/case-%03d", i/200, i%200)
		s.Output = append(s.Output, FileStat{Path: dir, Mod: 1_700_000_000_000_000_000 + int64(i), Mode: fs.ModeDir | 0o755},
			FileStat{Path: dir + "/index.html", Size: 40000, Mod: 1_700_000_000_000_000_000 + int64(i), Mode: 0o644, Hash: "0123456789abcdef0123456789abcdef"})
	}
	for i := range 80_000 {
		s.Output = append(s.Output, FileStat{Path: fmt.Sprintf("search/c-%d.3b5c93be3c.json", i), Size: 9000, Mod: 1_700_000_000_000_000_000 + int64(i), Mode: 0o644, Hash: "0123456789abcdef0123456789abcdef"})
	}
	b.ReportAllocs()
	for b.Loop() {
		s.encode()
	}
}
