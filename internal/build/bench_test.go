package build

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"handbook/internal/sitetest"
)

// benchBuild measures a cold in-memory build (no persistent highlight cache)
// and reports pages per second and peak heap.
func benchBuild(b *testing.B, n int) {
	dir := sitetest.Corpus(b, n)
	b.ResetTimer()
	var peak uint64
	cpu0 := cpuTime()
	for i := 0; i < b.N; i++ {
		res := Run(Options{Source: dir})
		if !res.OK() {
			b.Fatalf("build failed: %v", res.Diags[:min(5, len(res.Diags))])
		}
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		peak = max(peak, m.HeapInuse)
	}
	// CPU time varies less than wall time on a shared machine.
	b.ReportMetric((cpuTime()-cpu0).Seconds()*1000/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(peak)/(1<<20), "heap-MB")
}

// cpuTime is the user and system CPU time this process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func BenchmarkBuild1k(b *testing.B)  { benchBuild(b, 1000) }
func BenchmarkBuild10k(b *testing.B) { benchBuild(b, 10000) }

// benchIncremental measures what serve does after a one-page body edit
// before the browser can reload: a build told which file changed, which
// starts from the previous build and redoes that page and what shows it.
// The search index is then rebuilt in the background (timed separately).
func benchIncremental(b *testing.B, n int) {
	dir := sitetest.Corpus(b, n)
	page := filepath.Join(dir, "content", "section-000", "case-001.md")
	orig, err := os.ReadFile(page)
	if err != nil {
		b.Fatal(err)
	}
	defer os.WriteFile(page, orig, 0o644)
	cache := &Cache{}
	old := time.Now().Add(-time.Hour)
	ageAll(dir, old)
	if res := Run(Options{Source: dir, Cache: cache}); !res.OK() {
		b.Fatal(res.Diags[0])
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		os.WriteFile(page, append(append([]byte(nil), orig...), fmt.Sprintf("\nEdit number %d.\n", i)...), 0o644)
		os.Chtimes(page, old, time.Now().Add(-time.Minute)) // as a moment after the save
		b.StartTimer()
		res := Run(Options{Source: dir, Cache: cache, DeferSearch: true, Changed: []string{page}})
		b.StopTimer()
		if !res.OK() || res.Stats.Cache.Converted != 1 || !res.Stats.Cache.Incremental {
			b.Fatalf("incremental build: ok=%v %+v", res.OK(), res.Stats.Cache)
		}
		start := time.Now()
		res.FinishSearch() // in the background in serve, then published:
		if !res.SearchPending() || !Run(Options{Source: dir, Cache: cache, DeferSearch: true, Changed: []string{}}).OK() {
			b.Fatal("the search index was not deferred, or publishing it failed")
		}
		if i == 0 {
			b.Logf("phases: load %s, convert %s, render %s, search deferred (then %s in the background); %+v",
				res.Stats.Load, res.Stats.Convert, res.Stats.Render, time.Since(start), res.Stats.Cache)
		}
		b.StartTimer()
	}
}

func ageAll(dir string, t time.Time) {
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil {
			os.Chtimes(p, t, t)
		}
		return nil
	})
}

func BenchmarkIncrementalEdit1k(b *testing.B)  { benchIncremental(b, 1000) }
func BenchmarkIncrementalEdit10k(b *testing.B) { benchIncremental(b, 10000) }
