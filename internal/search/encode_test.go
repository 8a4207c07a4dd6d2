package search

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// wantJSONString is what a JSON parser must read back from
// appendJSONString(s): s with each invalid byte replaced by U+FFFD.
func wantJSONString(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r)
	}
	return b.String()
}

func checkJSONString(t *testing.T, s string) {
	t.Helper()
	out := appendJSONString(nil, s)
	var got string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%q encodes as invalid JSON %q: %v", s, out, err)
	}
	if want := wantJSONString(s); got != want {
		t.Fatalf("%q encodes as %q, which reads back as %q", s, out, got)
	}
	if strings.ContainsAny(string(out), "\u2028\u2029") {
		t.Fatalf("%q encodes with a raw line separator: %q", s, out)
	}
}

// Every byte value, at every offset of the 8-byte blocks the fast path
// skips, must be escaped exactly as the byte-by-byte path would.
func TestAppendJSONStringEscapesEveryByteAtEveryOffset(t *testing.T) {
	base := "abcdefghijklmnopqrst"
	for c := range 256 {
		for at := range len(base) {
			checkJSONString(t, base[:at]+string([]byte{byte(c)})+base[at+1:])
		}
	}
	for _, s := range []string{"", "\u2028 line\u2029 para", "ünïcödé and ascii text beyond eight", "\xe2\x80", "quote\" back\\slash\ttab\n"} {
		checkJSONString(t, s)
	}
}

func TestPlainJSON8AgreesWithTheByteTest(t *testing.T) {
	plain := func(c byte) bool { return c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf }
	for c := range 256 {
		for at := range 8 {
			word := []byte("abcdefgh")
			word[at] = byte(c)
			if got := plainJSON8(load64(string(word))); got != plain(byte(c)) {
				t.Errorf("byte %#x at %d: plainJSON8 = %v", c, at, got)
			}
		}
	}
}

func FuzzAppendJSONString(f *testing.F) {
	f.Add("plain ascii text that is long enough")
	f.Add("\x00\x1f\"\\\u2028\xff\xc3 é")
	f.Fuzz(func(t *testing.T, s string) { checkJSONString(t, s) })
}
