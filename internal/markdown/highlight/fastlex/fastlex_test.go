package fastlex

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// tokens lexes text with l, turning a panic (chroma panics on some broken
// rules) into a value so that both lexers can be compared on it too.
func tokens(l chroma.Lexer, text string) (out []chroma.Token, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	it, err := l.Tokenise(nil, text)
	if err != nil {
		return nil, err
	}
	for t := it(); t != chroma.EOF; t = it() {
		out = append(out, t)
	}
	return out, nil
}

// skipUnderRace skips the exhaustive comparisons under the race detector,
// which makes them take minutes; .ci/run runs this package without it too.
// The fast lexer's concurrent use is covered by the highlight package.
func skipUnderRace(t *testing.T) {
	if raceEnabled {
		t.Skip("exhaustive comparison: run without -race (.ci/run does)")
	}
}

// chromaLimit is how long chroma gets before it counts as caught in a loop.
const chromaLimit = 5 * time.Second

func same(t *testing.T, name string, orig, fast chroma.Lexer, text string) {
	t.Helper()
	if w, ok := fast.(*Lexer); ok {
		if rulesReplaced[w.Config().Name] {
			// Each side gets a lexer of its own, fresh.
			fast = Wrap(orig)
			w = Wrap(orig).(*Lexer)
		}
		// chroma's own loop over the twin's rules: the same lexer as orig,
		// but with the fast lexer's match time limit, so that a busy machine
		// cannot make one side time out and not the other.
		orig = w.RegexLexer
	}
	var want []chroma.Token
	var wantErr error
	done := make(chan struct{})
	go func() { // chroma's goroutine is left behind if it never returns
		want, wantErr = tokens(orig, text)
		close(done)
	}()
	got, gotErr := tokens(fast, text)
	select {
	case <-done:
	case <-time.After(chromaLimit):
		if fmt.Sprint(gotErr) == fmt.Sprint(fmt.Errorf("panic: %v", ErrNoProgress)) {
			t.Logf("%s: chroma never finishes; the fast lexer gives up", name)
			return
		}
		<-done // only slow (the race detector): compare once it is done
	}
	if fmt.Sprint(wantErr) != fmt.Sprint(gotErr) {
		t.Fatalf("%s: error %v, chroma's %v", name, gotErr, wantErr)
	}
	if !reflect.DeepEqual(got, want) {
		for i := range min(len(got), len(want)) {
			if got[i] != want[i] {
				t.Fatalf("%s: token %d is %v, chroma's is %v", name, i, got[i], want[i])
			}
		}
		t.Fatalf("%s: %d tokens, chroma's %d", name, len(got), len(want))
	}
}

// rulesReplaced are the lexers whose mutators replace rules in the lexer's
// compiled rules (Raku's, for heredocs and pod blocks): one lexing changes
// the rules of the next, and two at once race on them.
var rulesReplaced = map[string]bool{"Raku": true}

// chromaSamples returns chroma's own lexer test inputs (lexers/testdata),
// by file name less .actual ("go", "python/test_floats"), from the module
// cache.
func chromaSamples(t testing.TB) map[string]string {
	dir := chromaDir(t)
	files, err := filepath.Glob(filepath.Join(dir, "lexers", "testdata", "*.actual"))
	more, _ := filepath.Glob(filepath.Join(dir, "lexers", "testdata", "*", "*.actual"))
	files = append(files, more...)
	if err != nil || len(files) < 100 {
		t.Fatalf("chroma's test samples not found in %s (%d files, %v)", dir, len(files), err)
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name, _ := filepath.Rel(filepath.Join(dir, "lexers", "testdata"), f)
		out[strings.TrimSuffix(filepath.ToSlash(name), ".actual")] = string(b)
	}
	return out
}

// chromaDir is where the chroma module is, as the go command knows it.
func chromaDir(t testing.TB) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/alecthomas/chroma/v2").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// TestSameTokensAsChromaOnItsSamples lexes chroma's sample for every lexer
// that has one with both chroma and Wrap, and compares every token.
func TestSameTokensAsChromaOnItsSamples(t *testing.T) {
	skipUnderRace(t)
	samples := chromaSamples(t)
	wrapped := 0
	for name, text := range samples {
		lang, _, _ := strings.Cut(name, "/") // lexers/testdata/python/*.actual
		l := lexers.Get(lang)
		if l == nil {
			l = lexers.Match("x." + lang)
		}
		if l == nil {
			continue
		}
		fast := Wrap(l)
		if _, ok := fast.(*Lexer); ok {
			wrapped++
		}
		same(t, name, l, fast, text)
	}
	if wrapped < 140 {
		t.Fatalf("only %d of %d samples went through the fast lexer", wrapped, len(samples))
	}
}

// TestSameTokensOnEveryLexer runs every registered lexer over the other
// lexers' samples too (a few each), which reaches error tokens, unmatched
// newlines and states the lexer's own sample never enters.
func TestSameTokensOnEveryLexer(t *testing.T) {
	skipUnderRace(t)
	samples := chromaSamples(t)
	var texts []string
	for _, name := range []string{"python", "go", "yaml", "json", "sql", "bash", "html", "markdown", "javascript", "c++"} {
		if s, ok := samples[name]; ok {
			texts = append(texts, s)
		}
	}
	texts = append(texts, "", "\n", "\r\n\r", "x", "\"unterminated\n'also\n", "\x00\xff\ufffd")
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		fast := Wrap(l)
		if chromaLoops[l.Config().Name] {
			for _, text := range texts {
				if _, err := tokens(fast, text); err != nil && err.Error() != "panic: "+ErrNoProgress.Error() {
					t.Fatalf("%s: %v", l.Config().Name, err)
				}
			}
			continue
		}
		for i, text := range texts {
			same(t, fmt.Sprintf("%s on text %d", l.Config().Name, i), l, fast, text)
		}
	}
}

// chromaLoops are the lexers chroma never returns from on some of those
// texts (see TestChromaLoopsWhereTheFastLexerGivesUp).
var chromaLoops = map[string]bool{"JSONata": true, "Jungle": true}

// TestFirstCharsAreConservative checks the filter itself: wherever a rule
// matches in the samples, the filter admits the character there.
func TestFirstCharsAreConservative(t *testing.T) {
	samples := chromaSamples(t)
	for _, name := range []string{"python", "go", "sql", "yaml", "bash"} {
		w, ok := Wrap(lexers.Get(name)).(*Lexer)
		if !ok {
			t.Fatalf("%s was not wrapped", name)
		}
		text := []rune(samples[name])
		text = text[:min(len(text), 4000)]
		filtered := 0
		for _, rules := range w.rules {
			for _, rule := range rules {
				first, _ := w.analysed[rule].get()
				if first != nil {
					filtered++
				}
				for pos := 0; pos < len(text); pos++ {
					m, err := rule.Regexp.FindRunesMatchStartingAt(text, pos)
					if err == nil && m != nil && m.RuneIndex == pos && !first.admits(text[pos]) {
						t.Fatalf("%s: rule %q matches %q at %d, but its filter refuses %q", name, rule.Pattern, m.String(), pos, text[pos])
					}
				}
			}
		}
		if filtered == 0 {
			t.Fatalf("%s: no rule has a first-character filter", name)
		}
	}
}

// TestChromaLoopsWhereTheFastLexerGivesUp shows why ErrNoProgress exists:
// chroma's Jungle lexer loops forever on an unterminated string, which
// would hang a build; the fast lexer gives up and the block stays plain.
// (Last in the file: chroma's goroutine keeps spinning after it.)
func TestChromaLoopsWhereTheFastLexerGivesUp(t *testing.T) {
	l := lexers.Get("Jungle")
	if l == nil {
		t.Fatal("no Jungle lexer")
	}
	text := "\"unterminated\n'also\n"
	if _, err := tokens(Wrap(l), text); err == nil || err.Error() != "panic: "+ErrNoProgress.Error() {
		t.Fatalf("the fast lexer returned %v, want ErrNoProgress", err)
	}
	done := make(chan struct{})
	go func() { tokens(l, text); close(done) }()
	select {
	case <-done:
		t.Fatal("chroma finished: its loop is fixed, so chromaLoops and this test can go")
	case <-time.After(chromaLimit):
	}
}

// FuzzSameTokens compares the fast lexer with chroma on arbitrary input for
// the languages a handbook uses most.
func FuzzSameTokens(f *testing.F) {
	names := []string{"python", "go", "yaml", "sql", "bash", "json", "java", "typescript"}
	type pair struct{ orig, fast chroma.Lexer }
	var pairs []pair
	for _, name := range names {
		l := lexers.Get(name)
		if l == nil {
			f.Fatalf("no %s lexer", name)
		}
		pairs = append(pairs, pair{l, Wrap(l)})
	}
	f.Add(uint8(0), "def f(x):\n    return f'{x!r:>10}' # done\n")
	f.Add(uint8(1), "func main() {\n\ts := `raw\nstring`\n\t/* open comment\n")
	f.Add(uint8(2), "key: |\n  block\n- [a, {b: c}]\n'unterminated\n")
	f.Add(uint8(3), "SELECT \"Name\", COUNT(*) FROM t WHERE x = 'it''s' -- c\n")
	f.Add(uint8(4), "for f in *.md; do echo \"${f%.md}\" <<EOF\nbody\nEOF\ndone\n")
	f.Add(uint8(5), "{\"a\": [1, 2.5e3, true, null], \"b\": \"\\u00e9\"}")
	f.Add(uint8(6), "@Override public <T> void m() { char c = '\\n'; }\r\n")
	f.Add(uint8(7), "const x: Array<number> = [1n, 0x1F]; `t ${`n`}`\n")
	f.Fuzz(func(t *testing.T, which uint8, text string) {
		p := pairs[int(which)%len(pairs)]
		same(t, names[int(which)%len(pairs)], p.orig, p.fast, text)
	})
}

// TestFirstLexingsAtOnce lexes with a new lexer from several goroutines at
// once: each rule's filter and program are worked out by whichever first
// tries the rule, and every lexing gets chroma's tokens (run it with -race).
func TestFirstLexingsAtOnce(t *testing.T) {
	samples := chromaSamples(t)
	for _, name := range []string{"python", "go", "bash"} {
		orig := lexers.Get(name)
		want, err := tokens(orig, samples[name])
		if err != nil {
			t.Fatal(err)
		}
		fast := Wrap(orig)
		var wg sync.WaitGroup
		got := make([][]chroma.Token, 4)
		for i := range got {
			wg.Go(func() { got[i], _ = tokens(fast, samples[name]) })
		}
		wg.Wait()
		for i := range got {
			if !slices.Equal(got[i], want) {
				t.Fatalf("%s: lexing %d of %d at once gave other tokens than chroma", name, i+1, len(got))
			}
		}
	}
}
