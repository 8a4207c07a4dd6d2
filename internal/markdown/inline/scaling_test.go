package inline

import (
	"handbook/internal/markdown/mdtest"
	"testing"
)

// pathological are inputs that would make a careless parser do work
// growing with the square of their length.
var pathological = []string{"==", "^^", "++", "~~", "~", "^", "==a", "a==", "^^a ", "x^a", "H~a", "++a+", "++a+a++ ", "'", "+\"", "=^~+"}

// TestLinearWork feeds pathological input to the parsers and counts their
// work on n and 10n repetitions (see mdtest.CheckLinear).
func TestLinearWork(t *testing.T) {
	md := newMarkdown()
	for _, unit := range pathological {
		mdtest.CheckLinear(t, md, "", unit)
	}
}

func BenchmarkPathological(b *testing.B) {
	mdtest.Benchmark(b, newMarkdown(), "", pathological)
}
