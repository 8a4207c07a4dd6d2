package highlight

import (
	"fmt"
	"os"
	"testing"
)

type block struct {
	info string
	code []byte
}

// realisticBlocks returns n distinct fences of the kinds the handbook has:
// Python, Go, YAML, JSON and SQL snippets of 10–30 lines, some with options.
func realisticBlocks(n int) []block {
	templates := []struct {
		info string
		code string
	}{
		{`python title="score_%d.py" linenums="1" hl_lines="3 5-6"`, `import statistics
from dataclasses import dataclass


@dataclass
class Candidate%[1]d:
    name: str
    scores: list[float]

    def average(self) -> float:
        """Mean interview score, 0 when there are none."""
        if not self.scores:
            return 0.0
        return statistics.mean(self.scores)


def rank(candidates: list[Candidate%[1]d]) -> list[str]:
    ordered = sorted(candidates, key=lambda c: c.average(), reverse=True)
    return [c.name for c in ordered[:%[1]d + 3]]
`},
		{`go`, `package oncall

import (
	"errors"
	"time"
)

// ErrNoRotation%[1]d is returned when nobody is on call.
var ErrNoRotation%[1]d = errors.New("no rotation")

type Shift struct {
	Engineer string
	Start    time.Time
	Hours    int
}

func Current(shifts []Shift, now time.Time) (Shift, error) {
	for _, s := range shifts {
		if !now.Before(s.Start) && now.Before(s.Start.Add(time.Duration(s.Hours)*time.Hour)) {
			return s, nil
		}
	}
	return Shift{}, ErrNoRotation%[1]d
}
`},
		{`yaml title="service-%d.yaml"`, `service: checkout-%[1]d
owner: team-payments
slo:
  availability: 99.95
  latency_p99_ms: 250
alarms:
  - name: high-error-rate
    threshold: 0.5
    period: 60
    severity: sev2
  - name: queue-depth
    threshold: %[1]d000
    period: 300
runbook: https://runbooks.example/checkout
`},
		{`json`, `{
  "incident": %[1]d,
  "severity": "SEV2",
  "customerImpact": true,
  "timeline": [
    {"t": "09:14", "event": "alarm fired"},
    {"t": "09:21", "event": "rollback started"},
    {"t": "09:40", "event": "mitigated"}
  ],
  "actions": ["add canary", "tighten alarm", "game day"]
}
`},
		{`sql hl_lines="4"`, `SELECT team,
       COUNT(*) AS incidents,
       AVG(EXTRACT(EPOCH FROM resolved_at - opened_at)) / 60 AS mttr_minutes
FROM incidents
WHERE severity <= 2
  AND opened_at > NOW() - INTERVAL '%[1]d days'
GROUP BY team
HAVING COUNT(*) > 1
ORDER BY mttr_minutes DESC
LIMIT 10;
`},
	}
	blocks := make([]block, n)
	for i := range blocks {
		tpl := templates[i%len(templates)]
		info := tpl.info
		if i%len(templates) == 0 || i%len(templates) == 2 {
			info = fmt.Sprintf(tpl.info, i)
		}
		blocks[i] = block{info: info, code: []byte(fmt.Sprintf(tpl.code, i))}
	}
	return blocks
}

const benchBlocks = 300

func renderAll(h *Highlighter, blocks []block) {
	for _, b := range blocks {
		h.Render(b.info, b.code)
	}
}

// BenchmarkCold highlights every block from scratch (a first build).
func BenchmarkCold(b *testing.B) {
	blocks := realisticBlocks(benchBlocks)
	for b.Loop() {
		renderAll(New(Options{}), blocks)
	}
}

// BenchmarkMemo renders blocks already highlighted in this build.
func BenchmarkMemo(b *testing.B) {
	blocks := realisticBlocks(benchBlocks)
	h := New(Options{})
	renderAll(h, blocks)
	for b.Loop() {
		renderAll(h, blocks)
	}
}

// BenchmarkDisk renders blocks a previous build cached on disk.
func BenchmarkDisk(b *testing.B) {
	blocks := realisticBlocks(benchBlocks)
	dir := b.TempDir()
	first := New(Options{CacheDir: dir})
	renderAll(first, blocks)
	if err := first.Close(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		h := New(Options{CacheDir: dir})
		renderAll(h, blocks)
		if h.Stats().DiskHits != benchBlocks {
			b.Fatalf("expected every block from disk: %+v", h.Stats())
		}
	}
}

// cacheFileCount counts the regular files in a cache directory.
func cacheFileCount(b *testing.B, dir string) int {
	b.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		if e.Type().IsRegular() {
			n++
		}
	}
	return n
}

// BenchmarkColdBuild is a whole first build with a persistent cache: every
// block highlighted, then Close writes the cache. files/op is how many files
// the build left in the empty cache directory.
func BenchmarkColdBuild(b *testing.B) {
	blocks := realisticBlocks(benchBlocks)
	files := 0
	for b.Loop() {
		b.StopTimer()
		dir, err := os.MkdirTemp(b.TempDir(), "cold")
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		h := New(Options{CacheDir: dir})
		renderAll(h, blocks)
		if err := h.Close(); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		files = cacheFileCount(b, dir)
		os.RemoveAll(dir)
		b.StartTimer()
	}
	b.ReportMetric(float64(files), "files/op")
}

// BenchmarkWarmBuild is a whole rebuild on the cache a previous build left:
// a new Highlighter, every block, Close. files/op is the number of files in
// the cache directory, which a warm build may read.
func BenchmarkWarmBuild(b *testing.B) {
	blocks := realisticBlocks(benchBlocks)
	dir := b.TempDir()
	first := New(Options{CacheDir: dir})
	renderAll(first, blocks)
	if err := first.Close(); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		h := New(Options{CacheDir: dir})
		renderAll(h, blocks)
		if err := h.Close(); err != nil {
			b.Fatal(err)
		}
		if h.Stats().DiskHits != benchBlocks {
			b.Fatalf("expected every block from disk: %+v", h.Stats())
		}
	}
	b.ReportMetric(float64(cacheFileCount(b, dir)), "files/op")
}
