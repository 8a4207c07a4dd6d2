package search

import (
	"crypto/sha256"
	"fmt"
	"handbook/internal/cache"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// BenchmarkBuild10k builds the index of the 10,000-page synthetic corpus and
// reports its size and build time.
func BenchmarkBuild10k(b *testing.B) {
	docs := corpusDocs(b, 10000)
	b.ResetTimer()
	var files map[string][]byte
	start, cpuStart := time.Now(), cpuTime()
	for b.Loop() {
		var err error
		files, err = Build(docs, Options{})
		if err != nil {
			b.Fatal(err)
		}
	}
	perBuild := time.Since(start) / time.Duration(b.N)
	cpuPerBuild := (cpuTime() - cpuStart) / time.Duration(b.N)
	total := 0
	for _, f := range files {
		total += len(f)
	}
	b.ReportMetric(float64(total), "index-bytes")
	b.ReportMetric(float64(len(files)), "files")
	b.ReportMetric(float64(len(docs)), "sections")
	b.ReportMetric(float64(cpuPerBuild.Milliseconds()), "cpu-ms/op")
	b.Logf("10k pages: %d sections, %d files, %d index bytes, %d ms wall and %d ms CPU per build",
		len(docs), len(files), total, perBuild.Milliseconds(), cpuPerBuild.Milliseconds())
}

// cpuTime is the CPU time the process has used: on a shared machine it
// measures the build better than wall time does.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkBuildPages10k builds the index of the 10,000-page synthetic
// corpus as a CLI build does: cold (every page read and recorded, every
// file written to disk) and after one page is edited (the others replayed
// from the cache, only the files whose content changed written, as the
// output does). It reports CPU time per build.
func BenchmarkBuildPages10k(b *testing.B) {
	docs := corpusDocs(b, 10000)
	var pages []Page
	for i := 0; i < len(docs); {
		page, _, _ := strings.Cut(docs[i].URL, "#")
		j := i + 1
		for j < len(docs) && strings.HasPrefix(docs[j].URL, page+"#") {
			j++
		}
		pages = append(pages, Page{Key: cache.NewKey().Value(docs[i:j]).Sum(), Docs: docs[i:j]})
		i = j
	}
	dir := b.TempDir()
	var mu sync.Mutex
	written := map[string][32]byte{}
	emit := func(name string, data []byte) {
		sum := sha256.Sum256(data)
		mu.Lock()
		same := written[name] == sum
		written[name] = sum
		mu.Unlock()
		if same {
			return
		}
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.WriteFile(p, data, 0o644); err != nil {
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, data, 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	previous := func(name string) []byte {
		data, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		return data
	}
	build := func(in Input) *Cache {
		_, _, next, err := BuildPages(in, Options{Emit: emit})
		if err != nil {
			b.Fatal(err)
		}
		c, err := roundTrip(next)
		if err != nil {
			b.Fatal(err)
		}
		return c
	}
	report := func(b *testing.B, start time.Duration) {
		b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
	}
	b.Run("cold", func(b *testing.B) {
		start := cpuTime()
		for b.Loop() {
			clear(written)
			build(Input{Pages: pages})
		}
		report(b, start)
	})
	b.Run("cold-discarded", func(b *testing.B) {
		// (the files made and dropped: the index's own work, without the
		// file system's, which varies most on a shared machine)
		start := cpuTime()
		for b.Loop() {
			if _, _, _, err := BuildPages(Input{Pages: pages}, Options{Emit: func(string, []byte) {}}); err != nil {
				b.Fatal(err)
			}
		}
		report(b, start)
	})
	b.Run("cold-discarded-forget", func(b *testing.B) {
		// (as a build with --no-cache: no cache kept for the next)
		start := cpuTime()
		for b.Loop() {
			if _, _, _, err := BuildPages(Input{Pages: pages, Forget: true}, Options{Emit: func(string, []byte) {}}); err != nil {
				b.Fatal(err)
			}
		}
		report(b, start)
	})
	c := build(Input{Pages: pages})
	b.Run("edit", func(b *testing.B) {
		start := cpuTime()
		for i := 0; b.Loop(); i++ {
			in := Input{Cache: c, Previous: previous, Pages: slices.Clone(pages)}
			for k := range in.Pages {
				in.Pages[k].Docs = nil
			}
			// One page edited: its first section's text grows by a word.
			at := len(pages) / 2
			edited := slices.Clone(pages[at].Docs)
			edited[0].Text += fmt.Sprintf(" edit%d", i)
			in.Pages[at] = Page{Key: cache.NewKey().Value(edited).Sum(), Docs: edited}
			build(in)
		}
		report(b, start)
	})
}
