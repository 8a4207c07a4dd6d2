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

// The word table must tell apart words of every length, including those
// near the end of the text, where their bytes are packed one by one.
func TestShortWordKeysAreDistinct(t *testing.T) {
	var tab wordTable
	words := map[wordKey]string{}
	ids := map[wordKey]int32{}
	text := ""
	for n := 1; n <= maxShortWord; n++ {
		for _, c := range "abcXYZ09" {
			text += strings.Repeat(string(c), n) + " "
		}
	}
	for _, end := range []string{"", "tail"} {
		full := text + end
		for i := 0; i < len(full); {
			j := i
			for j < len(full) && full[j] != ' ' {
				j++
			}
			key := shortWordKey(full, i, j)
			if key != slowWordKey(full[i:j]) {
				t.Fatalf("%q: fast key %v, slow key %v", full[i:j], key, slowWordKey(full[i:j]))
			}
			if prev, ok := words[key]; ok && prev != full[i:j] {
				t.Fatalf("%q and %q share a key", prev, full[i:j])
			}
			if _, ok := tab.get(key); !ok {
				ids[key] = int32(len(ids))
				tab.put(key, ids[key])
			}
			words[key] = full[i:j]
			i = j + 1
		}
	}
	for key, word := range words {
		if id, ok := tab.get(key); !ok || id != ids[key] {
			t.Fatalf("%q: table gives %d, %v; want %d", word, id, ok, ids[key])
		}
	}
	if tab.used != len(words) {
		t.Fatalf("table holds %d words, want %d", tab.used, len(words))
	}
}

// Word counts per term must be what Analyze finds, whichever path (short
// key, near the end, long word, non-ASCII) a word takes.
func TestIndexerCountsMatchAnalyze(t *testing.T) {
	var b strings.Builder
	for n := 1; n <= 20; n++ {
		b.WriteString(strings.Repeat("q", n) + " Policies POLICY policy ")
	}
	b.WriteString("résumé don't a-very-long-hyphenated-identifier-word x")
	text := b.String()
	want := map[string]uint16{}
	for _, tm := range Analyze(text) {
		want[tm.Text]++
	}
	w := newWorker(0)
	docs := []Doc{{Text: text}}
	w.presize(docs)
	w.add(0, &docs[0])
	if len(w.termOf) != len(want) || len(w.all) != len(want) {
		t.Errorf("indexed %d terms in %d postings, Analyze finds %d terms", len(w.termOf), len(w.all), len(want))
	}
	for i, o := range w.all {
		if term := w.termOf[w.termIDs[i]]; o.tf[fieldText] != want[term] {
			t.Errorf("%q: tf %d, want %d", term, o.tf[fieldText], want[term])
		}
	}
}

func TestASCIIWordBytesClassifiesEveryByte(t *testing.T) {
	for c := range 128 {
		for at := range 8 {
			block := []byte("........")
			block[at] = byte(c)
			got := asciiWordBytes(load64(string(block)))>>(8*at+7)&1 == 1
			if want := asciiWord[c]; got != want {
				t.Errorf("byte %#x at %d: word byte %v, want %v", c, at, got, want)
			}
		}
	}
}

// The 8-bytes-at-a-time reader must find the words, ends and keys the
// byte-by-byte path finds, and leave the other cases to it.
func TestShortASCIIWordAgreesWithTheByteScan(t *testing.T) {
	tails := []string{" rest of the text", "'s rest of text", "é rest of text", "\x00 rest of text.", "-rest of the text"}
	for n := 1; n <= 18; n++ {
		for _, tail := range tails {
			for _, word := range []string{strings.Repeat("a", n), strings.Repeat("Z9", n)[:n]} {
				text := word + tail + strings.Repeat(" ", 16)
				key, end, ok := shortASCIIWord(text, 0)
				wantOK := n < 16 && tail[0] < 0x80 && tail[0] != '\''
				if ok != wantOK {
					t.Fatalf("%q: ok %v, want %v", text, ok, wantOK)
				}
				if ok && (end != n || key != slowWordKey(word)) {
					t.Fatalf("%q: end %d key %v, want %d %v", text, end, key, n, slowWordKey(word))
				}
			}
		}
	}
	if _, _, ok := shortASCIIWord("éabcdefghijklmnopq", 0); ok {
		t.Fatal("a non-ASCII start read as an ASCII word")
	}
}
