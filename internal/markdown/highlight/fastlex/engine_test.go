package fastlex

import (
	"reflect"
	"sort"
	"testing"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/dlclark/regexp2/v2"
	"github.com/dlclark/regexp2/v2/syntax"
)

// regexp2Groups is regexp2's match of re at pos as chroma reads it: the
// groups' texts and names, or nil when re does not match right there.
func regexp2Groups(t testing.TB, re *regexp2.Regexp, text []rune, pos int) ([]string, []string) {
	m, err := re.FindRunesMatchStartingAt(text, pos)
	if err != nil {
		t.Fatalf("%q at %d: %v", re.String(), pos, err)
	}
	if m == nil || m.RuneIndex != pos {
		return nil, nil
	}
	var groups, names []string
	for _, g := range m.Groups() {
		groups = append(groups, g.String())
		names = append(names, g.Name)
	}
	return groups, names
}

// programGroups is the program's match at pos, in the same form.
func programGroups(t testing.TB, p *program, text []rune, pos int) ([]string, []string, bool) {
	var m machine
	ok, aborted := m.exec(p, text, pos)
	if aborted {
		return nil, nil, true
	}
	if !ok {
		return nil, nil, false
	}
	groups := []string{m.group(0)}
	for i := 1; i < p.slots; i++ {
		groups = append(groups, m.groupIn(i, groups[0]))
	}
	return groups, p.names, false
}

// sameMatches compares the program of pattern with regexp2 at every
// position of text.
func sameMatches(t testing.TB, re *regexp2.Regexp, p *program, text []rune) {
	t.Helper()
	for pos := 0; pos <= len(text); pos++ {
		want, wantNames := regexp2Groups(t, re, text, pos)
		if want != nil && pos < len(text) && !p.first.admits(text[pos]) {
			t.Fatalf("%q matches at %d, but its first set refuses %q", re.String(), pos, text[pos])
		}
		got, gotNames, aborted := programGroups(t, p, text, pos)
		if aborted {
			continue
		}
		if !reflect.DeepEqual(got, want) || want != nil && !reflect.DeepEqual(gotNames, wantNames) {
			t.Fatalf("%q at %d of %q: groups %q %q, regexp2's %q %q", re.String(), pos, string(text[pos:min(len(text), pos+40)]), got, gotNames, want, wantNames)
		}
	}
}

// TestProgramsMatchAsRegexp2OnEveryRule compiles every rule of every lexer
// and compares its program with regexp2 at every position of a mixed text.
func TestProgramsMatchAsRegexp2OnEveryRule(t *testing.T) {
	skipUnderRace(t)
	samples := chromaSamples(t)
	mixed := ""
	for _, name := range []string{"python", "go", "bash", "html", "c++", "raku"} {
		s := []rune(samples[name])
		mixed += string(s[:min(len(s), 300)])
	}
	mixed += " \u00a0\u2028\u0085 ſK K k İı ǅ é e\u0301 _x\u200c\u200dy ٣ \n\n$ \r\n end\n"
	programs, rules := 0, 0
	for _, l := range lexers.GlobalLexerRegistry.Lexers {
		w, ok := Wrap(l).(*Lexer)
		if !ok {
			continue
		}
		own := []rune(samples[l.Config().Name])
		text := []rune(mixed + string(own[:min(len(own), 400)]))
		for rule, a := range w.analysed {
			_, p := a.get()
			rules++
			if p == nil {
				continue
			}
			programs++
			sameMatches(t, rule.Regexp, p, text)
		}
	}
	t.Logf("%d of %d rules have programs", programs, rules)
}

func mustParse(t testing.TB, pattern string) *syntax.RegexTree {
	t.Helper()
	tree, err := syntax.Parse(pattern, syntax.ParseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

// shapes are patterns in the forms chroma's rules take (compiled as chroma
// does: \G, inline flags, a non-capturing group), with texts that reach the
// places where .NET's semantics differ from Go's regexp or are easy to get
// wrong: Unicode \w, \s, \d and \b, case-insensitive matching beyond
// ASCII, ^ and $ with and without (?m), . with and without (?s), and
// captures undone by backtracking.
var shapes = []struct {
	pattern string
	texts   []string
}{
	// Literals.
	{`\G(?m)(?:def)`, []string{"def f", "de", "DEF", ""}},
	{`\G(?i)(?:select)`, []string{"SELECT", "Select", "ſelect", "selec", "SELECTs"}},
	{`\G(?m)(?:\$\{)`, []string{"${x}", "$x", "$"}},
	// Words, with the boundary on one side or both.
	{`\G(?m)(?:(if|in|int|is)\b)`, []string{"int x", "in", "if_", "ifé", "if\u200c", "if\u200d", "in٣", "is-a", "i"}},
	{`\G(?m)(?:\b(if|fi|do|done)(\s*)\b)`, []string{"done ", "do  ne", "fi\n", "xdo"}},
	{`\G(?i)(?:(KEY|KIND|KELVIN|C|G)\b)`, []string{"\u212aey", "key", "Kind ", "kelvin", "c", "g_", "ǅ"}},
	{`\G(?m)(?:(?<!\.)(self|cls)\b)`, []string{"self.x", "a.self", "x.cls y cls", ".self"}},
	{`\G(?m)(?:(?<=\s)(in)\b)`, []string{"x in y", "xin", "in"}},
	// Character class loops.
	{`\G(?m)(?:\s+)`, []string{" \t\n", "\u00a0\u2028\u0085\u180ex", "\u200bx", "x", ""}},
	{`\G(?m)(?:[^\S\n]+)`, []string{" \t\n", "\n ", "\u3000\u00a0x"}},
	{`\G(?m)(?:[a-zA-Z_]\w*)`, []string{"x1é_ab", "_", "1x", "é", "aǅb\u0301c"}},
	{`\G(?m)(?:[_\p{L}][_\p{L}\p{N}]*)`, []string{"naïve_2", "ǅx", "٣x", "x٣", "Ⅻx"}},
	{`\G(?m)(?:\d+)`, []string{"123", "٣٤", "１２", "x"}},
	{`\G(?i)(?:[a-z_][\w$]*)`, []string{"Kelvin", "\u212a", "ſ", "İx", "$x"}},
	{`\G(?m)(?:\n)`, []string{"\n", "\r\n", "x"}},
	{`\G(?m)(?:[]{}:(),;[])`, []string{"[", "]", "x"}},
	// Anchors.
	{`\G(?m)(?:^\s*#.*$)`, []string{"# a\n  # b\nx # c\n", "#"}},
	{`\G(?:$)`, []string{"x\n", "x\n\n", "x", "\n"}},
	{`\G(?:x$)`, []string{"x\n", "x\n\n", "x", "xx\n"}},
	{`\G(?m)(?:x$)`, []string{"x\n", "x\n\n", "x", "x\r\n"}},
	{`\G(?:^x)`, []string{"x\nx", "xx"}},
	{`\G(?:x\z)`, []string{"x", "x\n"}},
	{`\G(?:x\Z)`, []string{"x", "x\n", "x\n\n"}},
	{`\G(?:\Ax)`, []string{"xx"}},
	{`\G(?:.+)`, []string{"ab\ncd", "\n"}},
	{`\G(?s)(?:.+)`, []string{"ab\ncd", "\n"}},
	{`\G(?m)(?:\B.)`, []string{"ab c", "é", " x"}},
	// Backtracking, captures and lookarounds.
	{`\G(?m)(?:(\w+)(\d))`, []string{"abc12", "a", "12"}},
	{`\G(?m)(?:((?:(?!//)[^"\n{#])*?)(:)( ))`, []string{"a: b: c", "a:b", "// x: y", "k:\n"}},
	{`\G(?s)(?:"(\\\\|\\"|[^"])*")`, []string{`"a\"b\\" c`, `"abc`, `""`}},
	{`\G(?m)(?:(ab|a)*c)`, []string{"ababac", "abab", "aac"}},
	{`\G(?m)(?:((a)|b)+)`, []string{"abab", "abba", "bbb"}},
	{`\G(?m)(?:(?>a+)b)`, []string{"aaab", "aaa"}},
	{`\G(?m)(?:(?>(a+))(a))`, []string{"aaa"}},
	{`\G(?m)(?:\w+(?=\())`, []string{"f(x)", "f x"}},
	{`\G(?m)(?:(?=(\w+))\w)`, []string{"abc"}},
	{`\G(?m)(?:(?!(\w))\W)`, []string{"-a", "a"}},
	{`\G(?m)(?:([^\{\}\[\]\?,\:\!\-\*&\@].*)( )+(#.*))`, []string{"key  # note # more\n", "key\n", "- x # y"}},
	{`\G(?ms)(?:((?:(?:[^\W\d]|\$)[\w.\[\]$<>?]*\s+)+?)((?:[^\W\d]|\$)[\w$]*)(\s*)(\())`, []string{"public static void main(String[] a)", "int x;", "a b c d e("}},
	{`\G(?m)(?:(\d(?:_?\d)*\.(?:\d(?:_?\d)*)?|(?:\d(?:_?\d)*)?\.\d(?:_?\d)*)([eE][+-]?\d(?:_?\d)*)?)`, []string{"1_000.5e-3", "1__0.", ".5", "1."}},
	{`\G(?m)(?:a{2,3}?b|a{2,}c|a{,2}d)`, []string{"aaab", "aaaac", "ad", "a{,2}d"}},
	{`\G(?m)(?:(?<name>\w+)=(\d+)(?<v>x)?)`, []string{"key=12", "key=12x", "=1"}},
	{`\G(?m)(?:(?<5>a)(b)(?<x>c)?)`, []string{"abc", "ab"}},
	{`\G(?i)(?:ǅ|ı|ß)`, []string{"ǅ", "Ǆ", "ǆ", "I", "ı", "ẞ", "ss"}},
	{`\G(?m)(?:(?:)|x)`, []string{"x", ""}},
	{`\G(?m)(?:[^\W\d_]+|[\p{Lu}-[A-Z]]+)`, []string{"abc", "ÀÉ", "AB"}},
}

func TestProgramShapes(t *testing.T) {
	for _, c := range shapes {
		re := regexp2.MustCompile(c.pattern)
		p := compileProgram(re, mustParse(t, c.pattern))
		if p == nil {
			t.Errorf("%s: no program", c.pattern)
			continue
		}
		for _, text := range c.texts {
			sameMatches(t, re, p, []rune(text))
		}
	}
}

func TestUTF8Len(t *testing.T) {
	for _, runes := range [][]rune{nil, []rune("abc"), []rune("é€😀"), {0xD800, -1, 0x110000, 'x', utf8.RuneError}} {
		if got, want := utf8Len(runes), len(string(runes)); got != want {
			t.Errorf("utf8Len(%U) = %d, want %d", runes, got, want)
		}
	}
}

// TestProgramsRefuse lists constructs left to regexp2.
func TestProgramsRefuse(t *testing.T) {
	for _, pattern := range []string{
		`\G(?:(a)\1)`,             // back-reference
		`\G(?:(?(a)ab|cd))`,       // conditional
		`\G(?:(?<a>x)(?<-a>y))`,   // balancing group
		`\G(?:(?<=ab)c)`,          // lookbehind of two characters
		`\G(?:(a?)*b)`,            // loop whose body can match nothing
		`\G(?i)(?:(\u212a)\w+\1)`, // back-reference again, case-insensitive
	} {
		re, err := regexp2.Compile(pattern)
		if err != nil {
			t.Fatalf("%s: %v", pattern, err)
		}
		if p := compileProgram(re, mustParse(t, pattern)); p != nil {
			t.Errorf("%s has a program", pattern)
		}
	}
}

// FuzzPrograms compares programs with regexp2 at every position of
// arbitrary text, for the shapes above and every rule of the languages a
// handbook uses most.
func FuzzPrograms(f *testing.F) {
	type pair struct {
		re *regexp2.Regexp
		p  *program
	}
	var pairs []pair
	for _, c := range shapes {
		re := regexp2.MustCompile(c.pattern)
		pairs = append(pairs, pair{re, compileProgram(re, mustParse(f, c.pattern))})
		for _, text := range c.texts {
			f.Add(uint16(len(pairs)-1), text)
		}
	}
	for _, name := range []string{"python", "go", "yaml", "sql", "bash", "json", "java", "typescript"} {
		w := Wrap(lexers.Get(name)).(*Lexer)
		var rules []pair
		for rule, a := range w.analysed {
			_, p := a.get()
			if p != nil {
				rules = append(rules, pair{rule.Regexp, p})
			}
		}
		sort.Slice(rules, func(i, j int) bool { return rules[i].re.String() < rules[j].re.String() })
		pairs = append(pairs, rules...)
	}
	f.Fuzz(func(t *testing.T, which uint16, text string) {
		pr := pairs[int(which)%len(pairs)]
		if pr.p != nil {
			sameMatches(t, pr.re, pr.p, []rune(text))
		}
	})
}
