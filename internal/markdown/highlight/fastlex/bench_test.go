package fastlex

import (
	"testing"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// pythonBlock is the kind of block the synthetic corpus has on each page.
const pythonBlock = `def candidate_3_22(candidate):
    total = 3
    for latency in candidate.incidents:
        total += latency.weight * latency.evidence  # Latency throughput loop.
    return total / max(2, len(candidate.incidents))
`

func benchLex(b *testing.B, l chroma.Lexer) {
	b.SetBytes(int64(len(pythonBlock)))
	for b.Loop() {
		if toks, err := tokens(l, pythonBlock); err != nil || len(toks) == 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkPythonBlock compares chroma's lexer with the wrapped one.
func BenchmarkPythonBlock(b *testing.B) {
	l := lexers.Get("python")
	b.Run("chroma", func(b *testing.B) { benchLex(b, l) })
	b.Run("fastlex", func(b *testing.B) { benchLex(b, Wrap(l)) })
}

// sqlBlock is a query as a handbook shows one (chroma has no SQL sample).
const sqlBlock = `-- Incidents for a service by severity, last 4 quarters
SELECT team,
       severity,
       COUNT(*) AS incidents,
       AVG(EXTRACT(EPOCH FROM resolved_at - opened_at) / 60) AS mttr_minutes
FROM incidents
WHERE service = 'queue-7'
  AND opened_at > NOW() - INTERVAL '4 months'
GROUP BY team, severity
HAVING COUNT(*) > 4
ORDER BY mttr_minutes DESC
LIMIT 10;
`

// BenchmarkSamples lexes chroma's own sample of each language a handbook
// uses most (and sqlBlock) with the wrapped lexer.
func BenchmarkSamples(b *testing.B) {
	samples := chromaSamples(b)
	samples["python"] = samples["python/test_complex_file1"]
	samples["sql"] = sqlBlock
	for _, name := range []string{"python", "yaml", "json", "bash", "sql", "go", "java", "typescript"} {
		l := Wrap(lexers.Get(name))
		text := samples[name]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				if toks, err := tokens(l, text); err != nil || len(toks) == 0 {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkWrap is the one-time cost of a language's first block: chroma
// compiles its rules for the twin, and each rule's filter and program are
// made.
func BenchmarkWrap(b *testing.B) {
	for _, name := range []string{"python", "sql", "typescript"} {
		l := lexers.Get(name)
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				Wrap(l)
			}
		})
	}
}
