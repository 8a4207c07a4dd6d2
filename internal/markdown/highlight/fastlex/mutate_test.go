package fastlex

import (
	"fmt"
	"strings"

	"os"
	"path/filepath"
	"reflect"
	"sync"
	"testing"

	"github.com/alecthomas/chroma/v2"

	"github.com/alecthomas/chroma/v2/lexers"
)

// TestRulesReplacedPerLexing: Raku's mutators replace rules in the lexer's
// compiled rules while it lexes. A block is lexed the same whatever was
// lexed before it or beside it (a build converts pages in parallel, and its
// output does not depend on their order): such a lexer lexes one text at a
// time.
func TestRulesReplacedPerLexing(t *testing.T) {
	dir := filepath.Join(chromaDir(t), "lexers", "testdata", "raku")
	var samples []string
	for _, name := range []string{"raku.actual", "unterminated_heredoc.actual"} {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		samples = append(samples, string(b))
	}
	alone := func(text string) string {
		toks, err := tokens(Wrap(lexers.Get("Raku")), text)
		if err != nil {
			t.Fatal(err)
		}
		return fmtTokens(toks)
	}
	want := []string{alone(samples[0]), alone(samples[1])}

	shared := Wrap(lexers.Get("Raku"))
	for round := range 3 {
		for i, text := range samples {
			toks, err := tokens(shared, text)
			if err != nil {
				t.Fatal(err)
			}
			if got := fmtTokens(toks); got != want[i] {
				t.Fatalf("round %d, sample %d: its tokens depend on what the lexer lexed before", round, i)
			}
		}
	}
	var wg sync.WaitGroup
	for k := range 8 {
		wg.Go(func() {
			toks, err := tokens(shared, samples[k%2])
			if err != nil || fmtTokens(toks) != want[k%2] {
				t.Errorf("sample %d lexed beside others: different tokens (%v)", k%2, err)
			}
		})
	}
	wg.Wait()
	if reflect.DeepEqual(want[0], want[1]) {
		t.Fatal("the samples lex alike")
	}
}

// TestOnlyMutatorFunctionsLexOneAtATime: lexers whose mutators only push
// and pop states lex any number of texts at once.
func TestOnlyMutatorFunctionsLexOneAtATime(t *testing.T) {
	for name, want := range map[string]bool{"Raku": true, "Haxe": true, "Python": false, "Go": false, "YAML": false, "Bash": false} {
		w, ok := Wrap(lexers.Get(name)).(*Lexer)
		if !ok {
			t.Fatalf("%s: not wrapped", name)
		}
		if got := len(w.rewrites) > 0; got != want {
			t.Errorf("%s: one text at a time = %v, want %v", name, got, want)
		}
	}
}

func fmtTokens(toks []chroma.Token) string {
	var b strings.Builder
	for _, t := range toks {
		fmt.Fprintf(&b, "%v %q\n", t.Type, t.Value)
	}
	return b.String()
}
