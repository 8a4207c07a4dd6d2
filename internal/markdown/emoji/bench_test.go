package emoji

import (
	"bytes"
	"strings"
	"testing"
)

// BenchmarkShortcodes converts a paragraph of real shortcodes, every one
// looked up in the table.
func BenchmarkShortcodes(b *testing.B) {
	src := []byte(strings.Repeat("Launch :rocket: :tada: and :thumbsup: :+1: :-1: :100: :zombie_woman: :not_an_emoji: ", 200))
	md := newMarkdown()
	var out bytes.Buffer
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		if err := md.Convert(src, &out); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLookup is one warm lookup.
func BenchmarkLookup(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := Lookup("zombie_woman"); !ok {
			b.Fatal("missing")
		}
	}
}

// BenchmarkDecode is the one-time cost of reading the data file into the
// table, paid at the first lookup.
func BenchmarkDecode(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if len(decode(shortcodesTSV)) == 0 {
			b.Fatal("empty")
		}
	}
}
