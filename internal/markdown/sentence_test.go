package markdown

import (
	"slices"
	"strings"
	"testing"
)

// firstSentenceByBuilder is FirstSentence as it was first written, one
// byte at a time into a builder: FirstSentence must agree with it.
func firstSentenceByBuilder(text string) string {
	const limit = 200
	var b strings.Builder
	space := false
	for i := 0; i < len(text); i++ {
		c := text[i]
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v' {
			space = b.Len() > 0
			continue
		}
		if space {
			if out := b.String(); b.Len() > 11 && strings.ContainsRune(".!?", rune(out[len(out)-1])) {
				return out
			}
			if b.Len() >= limit {
				break
			}
			b.WriteByte(' ')
			space = false
		}
		b.WriteByte(c)
		if b.Len() > limit+100 {
			break
		}
	}
	out := b.String()
	if len(out) > 11 && strings.ContainsRune(".!?", rune(out[len(out)-1])) && len(out) <= limit+100 && !strings.Contains(out[:len(out)-1], ". ") {
		return out
	}
	if len(out) <= limit {
		return out
	}
	cut := strings.LastIndex(out[:limit], " ")
	if cut < limit/2 {
		cut = limit
	}
	for cut > 0 && out[cut]&0xC0 == 0x80 {
		cut--
	}
	return out[:cut] + "…"
}

var sentenceCases = []string{
	"",
	"   ",
	"Short.",
	"A sentence that ends here. And another one follows.",
	"  Leading spaces and\ta tab. Then more.",
	"Two  spaces inside a long enough sentence. Next.",
	"Line one goes on\nline two of the same sentence. Next one.",
	"Trailing newline.\n",
	"Question mark after words? Yes.",
	strings.Repeat("word ", 80),
	strings.Repeat("wörd ", 60) + "end.",
	strings.Repeat("x", 400),
	"Mixed \r\n endings \f and \v marks in a sentence. Done.",
	"e.g. abbreviations are not ends. Really.",
}

func TestFirstSentenceAgreesWithBuilder(t *testing.T) {
	for _, s := range sentenceCases {
		if got, want := FirstSentence(s), firstSentenceByBuilder(s); got != want {
			t.Errorf("FirstSentence(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzFirstSentence(f *testing.F) {
	for _, s := range sentenceCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := FirstSentence(s), firstSentenceByBuilder(s); got != want {
			t.Fatalf("FirstSentence(%q) = %q, want %q", s, got, want)
		}
	})
}

func TestLineStarts(t *testing.T) {
	for _, s := range []string{"", "a", "\n", "a\nb", "a\n\nb\n", "\n\n"} {
		want := []int{0}
		for i := 0; i < len(s); i++ {
			if s[i] == '\n' {
				want = append(want, i+1)
			}
		}
		if got := lineStarts([]byte(s)); !slices.Equal(got, want) {
			t.Errorf("lineStarts(%q) = %v, want %v", s, got, want)
		}
	}
}
