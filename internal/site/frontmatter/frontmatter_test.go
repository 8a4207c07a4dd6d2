package frontmatter

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"handbook/internal/diag"
	"handbook/internal/sitetest"
)

func TestSplit(t *testing.T) {
	for _, c := range []struct {
		src, block, body string
		bodyLine         int
		ok               bool
	}{
		{"---\ntitle: A\n---\n# A\n", "title: A\n", "# A\n", 3, true},
		{"\xef\xbb\xbf---\ntitle: A\n...\nbody", "title: A\n", "body", 3, true},
		{"--- \r\ntitle: A\r\n---\r\n", "title: A\r\n", "", 3, true},
		{"---\ntitle: A\n", "", "---\ntitle: A\n", 0, false}, // never closed
		{"# A\n---\n", "", "# A\n---\n", 0, false},
		{"----\nx\n---\n", "", "----\nx\n---\n", 0, false},
	} {
		block, body, line, ok := Split([]byte(c.src))
		if string(block) != c.block || string(body) != c.body || line != c.bodyLine || ok != c.ok {
			t.Errorf("Split(%q) = %q, %q, %d, %v; want %q, %q, %d, %v", c.src, block, body, line, ok, c.block, c.body, c.bodyLine, c.ok)
		}
	}
}

func TestUnclosed(t *testing.T) {
	for src, want := range map[string]bool{
		"---\ntitle: A\n# A\n": true,
		"---\n\nweight: 2\n":   true,
		"---\nSome text\n":     false, // a rule, then a paragraph
		"# A\n":                false,
	} {
		if got := Unclosed([]byte(src)); got != want {
			t.Errorf("Unclosed(%q) = %v, want %v", src, got, want)
		}
	}
}

// A page's keys are reported at their line in the file (the block starts on
// line 2); a .meta.yml's at their own line.
func TestParsePositions(t *testing.T) {
	fm, diags := Parse("docs/a.md", []byte("title: A\nicon: material/heart\n"), true)
	if len(diags) > 0 || fm.Title != "A" || fm.Where("icon") != (Pos{"docs/a.md", 3, 1}) {
		t.Errorf("page: %+v at %+v\n%s", fm, fm.Where("icon"), sitetest.Messages(diags))
	}
	fm, diags = ParseMeta("docs/.meta.yml", []byte("title: A\nicon: material/heart\n"))
	if len(diags) > 0 || fm.Where("icon") != (Pos{"docs/.meta.yml", 2, 1}) {
		t.Errorf(".meta.yml: %+v\n%s", fm.Where("icon"), sitetest.Messages(diags))
	}
}

// handbook.yaml projects (mkdocs false) warn about unknown keys and stop at
// a value of the wrong type; MkDocs projects allow any key and warn.
func TestParseStrictness(t *testing.T) {
	block := []byte("anything: x\nweight: heavy\nlevels: L6\n")
	_, diags := Parse("content/a.md", block, false)
	if got, want := sitetest.Messages(diags), "content/a.md:2:1: warning: unknown front-matter field \"anything\"\n"+
		"content/a.md:3:1: front-matter field \"weight\": must be an integer\n"; got != want {
		t.Errorf("handbook.yaml:\n%s\nwant\n%s", got, want)
	}
	fm, diags := Parse("docs/a.md", block, true)
	if got, want := sitetest.Messages(diags), "docs/a.md:3:1: warning: front-matter field \"weight\": must be an integer (ignored)\n"; got != want {
		t.Errorf("mkdocs:\n%s\nwant\n%s", got, want)
	}
	if !fm.HasLevels || !reflect.DeepEqual(fm.Levels, []string{"L6"}) || fm.LevelLine != 4 || fm.LevelFile != "docs/a.md" {
		t.Errorf("levels: %+v", fm)
	}
	if _, diags := Parse("docs/a.md", []byte("- a\n- b\n"), true); sitetest.Messages(diags) != "docs/a.md:2:1: front matter must be a mapping of keys to values\n" {
		t.Errorf("a list:\n%s", sitetest.Messages(diags))
	}
}

func TestParseDrill(t *testing.T) {
	fm, diags := Parse("a.md", []byte("drill:\n  source: bank.md\n  level: L6\n  minutes: 5\n  colour: red\n"), false)
	want := &DrillSpec{Source: "bank.md", Level: "L6", Rank: DefaultDrillRank, Minutes: 5, Line: 2, Col: 1, LevelLine: 4, LevelCol: 3}
	if !reflect.DeepEqual(fm.Drill, want) {
		t.Errorf("drill = %+v, want %+v", fm.Drill, want)
	}
	if got := sitetest.Messages(diags); got != "a.md:6:3: warning: unknown drill field \"colour\" (known: source, level, rank, minutes, reveal)\n" {
		t.Errorf("diagnostics:\n%s", got)
	}
	fm, diags = Parse("a.md", []byte("drill:\n  rank: 9\n"), false)
	if fm.Drill != nil || sitetest.Messages(diags) != "a.md:3:3: drill field \"rank\": must be between 1 and 6\n"+
		"a.md:2:1: drill needs a source: the page whose sections are the questions\n" {
		t.Errorf("drill without a source: %+v\n%s", fm.Drill, sitetest.Messages(diags))
	}
}

// Meta.Apply: a deeper file's keys and the page's own win, lists add up,
// and a file applies only to its folder and below.
func TestMetaApply(t *testing.T) {
	var m Meta
	for _, f := range []struct{ dir, yaml string }{
		{"", "tags: [all]\nstatus: new\nweight: 3\n"},
		{"guide", "tags: [guide]\nstatus: deprecated\n"},
	} {
		fm, diags := ParseMeta(f.dir+"/.meta.yml", []byte(f.yaml))
		if len(diags) > 0 {
			t.Fatal(sitetest.Messages(diags))
		}
		m.Add(f.dir, fm)
	}
	page, _ := Parse("guide/a.md", []byte("tags: [a, guide]\nweight: 1\n"), true)
	got := m.Apply("guide/a.md", page)
	if !reflect.DeepEqual(got.Tags, []string{"all", "guide", "a"}) || got.Status != "deprecated" || got.Weight != 1 ||
		got.Where("status") != (Pos{"guide/.meta.yml", 2, 1}) || got.Where("weight") != (Pos{"guide/a.md", 3, 1}) {
		t.Errorf("guide/a.md: %+v", got)
	}
	got = m.Apply("guidebook/b.md", FrontMatter{})
	if !reflect.DeepEqual(got.Tags, []string{"all"}) || got.Status != "new" || got.Weight != 3 {
		t.Errorf("guidebook/b.md: %+v", got)
	}
}

// FuzzParse: no block crashes or stalls the reader, and every problem it
// reports has a position.
func FuzzParse(f *testing.F) {
	for _, seed := range []string{"title: A\n", "levels: [L6]\ndrill: {source: a.md}\n", "- a\n", "search: {exclude: 1}\n", "hide: {a: b}\n", "title: [", "drill: x\n"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, block string) {
		_, diags := parseReturns(t, block)
		for _, d := range diags {
			if d.Line < 1 {
				t.Errorf("%s: no line", d)
			}
		}
	})
}

// parseReturns parses block as a.md's front matter, failing the test if
// Parse has not returned after 10 s: it detects a hang, not a speed.
func parseReturns(t *testing.T, block string) (FrontMatter, diag.List) {
	t.Helper()
	type result struct {
		fm    FrontMatter
		diags diag.List
	}
	done := make(chan result, 1)
	go func() {
		fm, diags := Parse("a.md", []byte(block), false)
		done <- result{fm, diags}
	}()
	select {
	case r := <-done:
		return r.fm, r.diags
	case <-time.After(10 * time.Second):
		t.Fatalf("Parse still running after 10 s on %d bytes: %.200q…", len(block), block)
		return FrontMatter{}, nil
	}
}

// Front matter that go-yaml would read for minutes (a long run of '<', as
// the fuzzer grew it: the scanner is quadratic in the run) or into
// gigabytes (deep nesting) gets one diagnostic at its place instead.
func TestParseRefusesSlowYAML(t *testing.T) {
	for _, c := range []struct{ block, at, msg string }{
		{"title: A\ntags: [" + strings.Repeat("<", 300_000) + "]\n", "a.md:3:8:", "more than 256 '<' in a row"},
		{"title: A\nhide: " + strings.Repeat("[a, ", 50_000) + "\n", "a.md:3:", "nested too deeply"},
		{"title: A\n" + strings.Repeat("- ", 100_000) + "\n", "a.md:3:", "nested too deeply"},
	} {
		_, diags := parseReturns(t, c.block)
		got := sitetest.Messages(diags)
		if len(diags) != 1 || !strings.HasPrefix(got, c.at) || !strings.Contains(got, c.msg) {
			t.Errorf("%.30q…: %s, want one error at %s %q", c.block, got, c.at, c.msg)
		}
	}
}
