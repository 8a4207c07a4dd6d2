package sitetest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

var corpora sync.Map // pages → site folder

// Corpus generates (once per process) a synthetic handbook of n pages with
// the shared corpus generator (../shared/bench/gen_corpus.py beside the
// repository) into a temporary site folder, for benchmarks. It skips the
// benchmark when the generator or python3 is missing.
func Corpus(b *testing.B, n int) string {
	b.Helper()
	if dir, ok := corpora.Load(n); ok {
		return dir.(string)
	}
	_, here, _, _ := runtime.Caller(0)
	gen := filepath.Join(filepath.Dir(here), "..", "..", "..", "shared", "bench", "gen_corpus.py")
	if _, err := os.Stat(gen); err != nil {
		b.Skip("corpus generator ../shared/bench/gen_corpus.py not present")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		b.Skip("python3 not installed: the corpus generator needs it")
	}
	dir, err := os.MkdirTemp("", fmt.Sprintf("handbook-corpus-%d-", n))
	if err != nil {
		b.Fatal(err)
	}
	if out, err := exec.Command("python3", gen, filepath.Join(dir, "content"), fmt.Sprint(n)).CombinedOutput(); err != nil {
		b.Fatalf("gen_corpus.py: %v\n%s", err, out)
	}
	corpora.Store(n, dir)
	return dir
}
