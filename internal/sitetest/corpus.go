package sitetest

import (
	"crypto/sha256"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Corpus returns a synthetic handbook of n pages made by the shared corpus
// generator (../shared/bench/gen_corpus.py beside the repository), for
// benchmarks. It is made once and kept in the temporary folder, keyed by
// the generator's hash, so later runs reuse it instead of leaving another
// copy behind. It skips the benchmark when the generator or python3 is
// missing.
func Corpus(b *testing.B, n int) string {
	b.Helper()
	_, here, _, _ := runtime.Caller(0)
	gen := filepath.Join(filepath.Dir(here), "..", "..", "..", "shared", "bench", "gen_corpus.py")
	script, err := os.ReadFile(gen)
	if err != nil {
		b.Skip("corpus generator ../shared/bench/gen_corpus.py not present")
	}
	if _, err := exec.LookPath("python3"); err != nil {
		b.Skip("python3 not installed: the corpus generator needs it")
	}
	sum := sha256.Sum256(script)
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("handbook-corpus-%d-%x", n, sum[:6]))
	done := filepath.Join(dir, ".complete")
	if _, err := os.Stat(done); err == nil {
		return dir
	}
	os.RemoveAll(dir) // an interrupted generation
	if out, err := exec.Command("python3", gen, filepath.Join(dir, "content"), fmt.Sprint(n)).CombinedOutput(); err != nil {
		b.Fatalf("gen_corpus.py: %v\n%s", err, out)
	}
	if err := os.WriteFile(done, nil, 0o644); err != nil {
		b.Fatal(err)
	}
	return dir
}
