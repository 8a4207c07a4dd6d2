package search

import "testing"

func BenchmarkInvert(b *testing.B) {
	docs := corpusDocs(b, 10000)
	b.ResetTimer()
	for b.Loop() {
		invert(docs)
	}
}
