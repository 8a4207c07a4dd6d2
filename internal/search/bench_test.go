package search

import (
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
