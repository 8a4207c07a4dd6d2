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
