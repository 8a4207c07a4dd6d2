package lexers

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
	chromalexers "github.com/alecthomas/chroma/v2/lexers"
)

func TestMain(m *testing.M) {
	// What this package is for: nothing built as the program starts.
	if global != nil || len(pending) == 0 {
		println("lexers: the registry was built as the package was initialised")
		os.Exit(1)
	}
	os.Exit(m.Run())
}

// TestSameRegistryAsChroma compares the registry with chroma's own: the
// same lexers in the same order with the same configs, the same lexer for
// every name, alias, file name and MIME type, the same tokens and the same
// analysis of chroma's samples.
func TestSameRegistryAsChroma(t *testing.T) {
	ours, theirs := Registry().Lexers, chromalexers.GlobalLexerRegistry.Lexers
	if len(ours) != len(theirs) || len(ours) < 250 {
		t.Fatalf("%d lexers, chroma has %d", len(ours), len(theirs))
	}
	same := func(what string, a, b chroma.Lexer) {
		t.Helper()
		switch {
		case a == nil && b == nil:
		case a == nil || b == nil:
			t.Errorf("%s: %v, chroma finds %v", what, a, b)
		case !reflect.DeepEqual(a.Config(), b.Config()):
			t.Errorf("%s: %s, chroma finds %s", what, a.Config().Name, b.Config().Name)
		}
	}
	names := map[string]bool{}
	files := map[string]bool{}
	for i, l := range ours {
		c := l.Config()
		same("lexer "+c.Name, l, theirs[i])
		for _, name := range append([]string{c.Name, strings.ToUpper(c.Name)}, c.Aliases...) {
			names[name] = true
		}
		for _, glob := range append(c.Filenames, c.AliasFilenames...) {
			files[strings.NewReplacer("*", "x", "?", "y", "[", "", "]", "").Replace(glob)] = true
		}
		for _, m := range c.MimeTypes {
			same("MatchMimeType("+m+")", MatchMimeType(m), chromalexers.MatchMimeType(m))
		}
	}
	for f := range files {
		same("Match("+f+")", Match(f), chromalexers.Match(f))
	}
	for _, name := range []string{"py", "rs", "yml", "Dockerfile", "CMakeLists.txt"} {
		names[name] = true // (Get matches file names when no name or alias is the name)
	}
	for name := range names {
		same("Get("+name+")", Get(name), chromalexers.Get(name))
	}
	same("Get(no-such-language)", Get("no-such-language"), chromalexers.Get("no-such-language"))

	samples := chromaSamples(t)
	for _, p := range samples {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		same("Analyse("+filepath.Base(p)+")", Registry().Analyse(text), chromalexers.Analyse(text))
		name := strings.TrimSuffix(filepath.Base(p), ".actual")
		l, c := Get(name), chromalexers.Get(name)
		same("Get("+name+")", l, c)
		if l == nil || c == nil {
			continue
		}
		got, err1 := chroma.Tokenise(l, nil, text)
		want, err2 := chroma.Tokenise(c, nil, text)
		if (err1 == nil) != (err2 == nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: tokens differ from chroma's (errors %v, %v)", p, err1, err2)
		}
	}
}

// chromaSamples are the samples chroma's own tests lex (one per lexer).
func chromaSamples(t *testing.T) []string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/alecthomas/chroma/v2").Output()
	if err != nil {
		t.Fatalf("go list -m: %v", err)
	}
	samples, err := filepath.Glob(filepath.Join(strings.TrimSpace(string(out)), "lexers", "testdata", "*.actual"))
	if err != nil || len(samples) < 100 {
		t.Fatalf("chroma's samples: %d (%v)", len(samples), err)
	}
	return samples
}

// TestRegisterAfterUse registers as chroma's Register does once the
// registry is built.
func TestRegisterAfterUse(t *testing.T) {
	Registry()
	l := chroma.MustNewLexer(&chroma.Config{Name: "handbook-test-language", Aliases: []string{"hbtest"}}, func() chroma.Rules {
		return chroma.Rules{"root": {{Pattern: `.+`, Type: chroma.Text}}}
	})
	if Register(l) != l || Get("hbtest") != l {
		t.Fatal("a lexer registered after the registry was built is not found")
	}
}
