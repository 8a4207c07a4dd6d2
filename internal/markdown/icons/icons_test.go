package icons_test

import (
	"bufio"
	"bytes"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/testutil"

	"handbook/internal/diag"
	"handbook/internal/markdown/attrs"
	"handbook/internal/markdown/emoji"
	"handbook/internal/markdown/icons"
	"handbook/internal/markdown/mdtest"
)

func newMarkdown(lib *icons.Library) goldmark.Markdown {
	return mdtest.New(attrs.Extension, emoji.Extension, icons.New(lib))
}

func TestBundledSets(t *testing.T) {
	testutil.DoTestCaseFile(newMarkdown(nil), "testdata/sets.txt", t)
}

func TestCustomSets(t *testing.T) {
	lib, err := icons.Load("testdata/custom", "testdata/custom2")
	if err != nil {
		t.Fatal(err)
	}
	testutil.DoTestCaseFile(newMarkdown(lib), "testdata/custom.txt", t)
}

// TestLookupForms: theme settings write material/heart, markdown
// material-heart; both name the same icon.
func TestLookupForms(t *testing.T) {
	for _, pair := range [][2]string{
		{"material/heart", "material-heart"},
		{"fontawesome/brands/github", "fontawesome-brands-github"},
		{"octicons/heart-16", "octicons-heart-16"},
		{"simple/python", "simple-python"},
		{"lucide/house", "lucide-house"},
	} {
		a, okA := icons.Lookup(pair[0])
		b, okB := icons.Lookup(pair[1])
		if !okA || !okB || a != b || !strings.HasPrefix(a, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="`) {
			t.Errorf("Lookup(%q) = %.50q, %v; Lookup(%q) = %.50q, %v", pair[0], a, okA, pair[1], b, okB)
		}
		var nilLib *icons.Library
		if c, ok := nilLib.Lookup(pair[0]); !ok || c != a {
			t.Errorf("nil Library's Lookup(%q) differs from the bundled one", pair[0])
		}
	}
	for _, missing := range []string{"", "material", "material-", "material/", "heart", "material-heart-nope", "nope-heart", "fontawesome/github"} {
		if svg, ok := icons.Lookup(missing); ok {
			t.Errorf("Lookup(%q) found %.40q", missing, svg)
		}
	}
}

// TestEveryBundledIcon reads every icon of every set: each is one clean
// <svg> element, and the counts are those data/VERSIONS records.
func TestEveryBundledIcon(t *testing.T) {
	counts := versionCounts(t)
	lib, _ := icons.Load()
	total := 0
	for _, set := range icons.Sets() {
		names := icons.SetNames(set)
		if len(names) != counts[set] || len(names) == 0 {
			t.Errorf("set %s has %d icons, VERSIONS says %d", set, len(names), counts[set])
		}
		for _, name := range names {
			svg, ok := lib.Lookup(set + "-" + name)
			switch {
			case !ok:
				t.Fatalf("%s-%s listed but not found", set, name)
			case !strings.HasPrefix(svg, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="`) || !strings.HasSuffix(svg, "</svg>"):
				t.Fatalf("%s-%s is not one <svg> element: %.80q", set, name, svg)
			case strings.Count(svg, "<svg") != 1, strings.Contains(svg, "<title"), strings.Contains(svg, "\n"),
				strings.Contains(svg[:strings.IndexByte(svg, '>')], " width="):
				t.Fatalf("%s-%s is not cleaned: %.200q", set, name, svg)
			case set == "fontawesome" && !strings.Contains(svg, "<!--! Font Awesome Free 7.3.1 by @fontawesome"):
				t.Fatalf("%s-%s lost Font Awesome's licence notice", set, name)
			case set != "fontawesome" && strings.Contains(svg, "<!--"):
				t.Fatalf("%s-%s has a comment: %.200q", set, name, svg)
			}
			total++
		}
	}
	if total < 16000 {
		t.Errorf("only %d icons bundled", total)
	}
}

func versionCounts(t *testing.T) map[string]int {
	f, err := icons.Notices().Open("data/VERSIONS")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	counts := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if strings.HasPrefix(sc.Text(), "#") || len(fields) != 4 {
			continue
		}
		n, err := strconv.Atoi(fields[2])
		if err != nil {
			t.Fatalf("VERSIONS: %q", sc.Text())
		}
		counts[fields[0]] = n
	}
	return counts
}

// TestNoticesBesideEachSet: every set ships its package's licence.
func TestNoticesBesideEachSet(t *testing.T) {
	for _, set := range icons.Sets() {
		matches, err := fs.Glob(icons.Notices(), "data/"+set+"/LICENSE*")
		if err != nil || len(matches) != 1 {
			t.Errorf("set %s: licence files %v, %v", set, matches, err)
			continue
		}
		text, _ := fs.ReadFile(icons.Notices(), matches[0])
		if len(text) < 500 {
			t.Errorf("%s: %d bytes, not a licence", matches[0], len(text))
		}
	}
}

// TestMaterialLogo: Material's own logo, at the top of its .icons folder,
// is the icon "logo" (theme.icon.logo: logo), and a shortcode too.
func TestMaterialLogo(t *testing.T) {
	svg, ok := icons.Lookup("logo")
	if !ok || !strings.HasPrefix(svg, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 89 89">`) || !strings.HasSuffix(svg, "</svg>") {
		t.Fatalf("logo = %q, %v", svg, ok)
	}
	if out, _ := convert(t, newMarkdown(nil), ":logo:"); out != `<p><span class="twemoji">`+svg+"</span></p>\n" {
		t.Errorf(":logo: gave %q", out)
	}
	copyright, err := fs.ReadFile(icons.Notices(), "data/theme/copyright")
	if err != nil || !strings.Contains(string(copyright), "License: MIT") {
		t.Errorf("data/theme/copyright: %v", err)
	}
}

// TestMaterialsOwnNames: names Material's documentation uses, in each set.
func TestMaterialsOwnNames(t *testing.T) {
	for _, name := range []string{
		"material-heart", "material-google-downasaur", "material-lightbulb-on-20",
		"octicons-file-code-16", "octicons-arrow-right-24", "octicons-mark-github-16",
		"fontawesome-brands-x-twitter", "fontawesome-brands-bluesky", "fontawesome-regular-face-laugh-wink", "fontawesome-solid-paper-plane",
		"simple-materialformkdocs", "simple-x", "simple-uniqlo_ja",
		"lucide-house", "lucide-a-arrow-down",
	} {
		if _, ok := icons.Lookup(name); !ok {
			t.Errorf("%s missing", name)
		}
	}
}

func convert(t *testing.T, md goldmark.Markdown, src string) (string, []diag.Diagnostic) {
	t.Helper()
	pc := parser.NewContext()
	var out bytes.Buffer
	if err := md.Convert([]byte(src), &out, parser.WithContext(pc)); err != nil {
		t.Fatal(err)
	}
	return out.String(), icons.Warnings(pc)
}

func TestWarnings(t *testing.T) {
	lib, err := icons.Load("testdata/custom")
	if err != nil {
		t.Fatal(err)
	}
	src := "# T\n\nok :material-heart: then :material-hart:\n\n" +
		"- x :octicons-heart: :smile: :fontawsome-brands-github:\n" +
		"- :material-python: :myset-lgo: :material-zzzzzzzzzzzzzz: :not-a-set-at-all:\n"
	_, got := convert(t, newMarkdown(lib), src)
	want := []diag.Diagnostic{
		{Line: 3, Col: 26, Message: "icon :material-hart: does not exist (left as text); did you mean :material-cart:, :material-heart:?"},
		{Line: 5, Col: 5, Message: "icon :octicons-heart: does not exist (left as text); did you mean :octicons-heart-16:, :octicons-heart-24:, :octicons-heart-fill-16:?"},
		{Line: 5, Col: 30, Message: "icon :fontawsome-brands-github: does not exist (left as text); did you mean :fontawesome-brands-github:, :fontawesome-brands-github-alt:, :fontawesome-brands-github-square:?"},
		{Line: 6, Col: 3, Message: "icon :material-python: does not exist (left as text); did you mean :material-language-python:, :fontawesome-brands-python:, :simple-python:?"},
		{Line: 6, Col: 21, Message: "icon :myset-lgo: does not exist (left as text); did you mean :myset-logo:?"},
		{Line: 6, Col: 33, Message: "icon :material-zzzzzzzzzzzzzz: does not exist (left as text)"},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d warnings:\n%s", len(got), dump(got))
	}
	for i, w := range want {
		w.Severity, w.Code = diag.Warning, "unknown-icon"
		if got[i] != w {
			t.Errorf("warning %d:\n got  %+v\n want %+v", i, got[i], w)
		}
	}
}

func dump(ds []diag.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "%d:%d: %s\n", d.Line, d.Col, d.Message)
	}
	return b.String()
}

func TestNoWarningsWithoutUnknownIcons(t *testing.T) {
	if _, w := convert(t, newMarkdown(nil), ":rocket: :material-check: 10:30:45 :not-an-icon: http://x.org/:material:"); len(w) != 0 {
		t.Errorf("unexpected warnings %v", w)
	}
}

// TestEmojiFirst: a gemoji name wins over a custom icon of the same name,
// as in Material's index.
func TestEmojiFirst(t *testing.T) {
	lib, err := icons.Load("testdata/custom")
	if err != nil {
		t.Fatal(err)
	}
	if !lib.Has("smile") {
		t.Fatal("testdata/custom/smile.svg not loaded")
	}
	if out, _ := convert(t, newMarkdown(lib), ":smile:"); out != "<p>😄</p>\n" {
		t.Errorf("got %q", out)
	}
}

// TestPageInlinesOnlyItsIcons: a page holds the SVG of each icon it names,
// once per use, and nothing of other icons.
func TestPageInlinesOnlyItsIcons(t *testing.T) {
	out, _ := convert(t, newMarkdown(nil), ":material-heart: and :simple-python: and :material-heart:")
	heart, _ := icons.Lookup("material-heart")
	python, _ := icons.Lookup("simple-python")
	if strings.Count(out, heart) != 2 || strings.Count(out, python) != 1 || strings.Count(out, "<svg") != 3 {
		t.Errorf("got %s", out)
	}
}

// TestResolve: the API for theme settings and front matter, whose names
// and suggestions are in the path form.
func TestResolve(t *testing.T) {
	lib, err := icons.Load("testdata/custom", "testdata/custom2")
	if err != nil {
		t.Fatal(err)
	}
	if svg, err := lib.Resolve("fontawesome/brands/github"); err != nil || !strings.HasPrefix(svg, "<svg") {
		t.Errorf("Resolve(fontawesome/brands/github) = %.30q, %v", svg, err)
	}
	for name, want := range map[string]string{
		"material/hart":            `icon "material/hart" does not exist; did you mean material/cart, material/heart?`,
		"fontawesome/brands/githb": `icon "fontawesome/brands/githb" does not exist; did you mean fontawesome/brands/github?`,
		"my-set/onf":               `icon "my-set/onf" does not exist; did you mean my-set/one?`,
		"nothing/at/all":           `icon "nothing/at/all" does not exist`,
	} {
		if _, err := lib.Resolve(name); err == nil || err.Error() != want {
			t.Errorf("Resolve(%q) error\n got  %v\n want %s", name, err, want)
		}
	}
	for name, want := range map[string]string{
		"fontawesome-solid-house": "fontawesome/solid/house", "material-arrow-right": "material/arrow-right",
		"octicons-heart-16": "octicons/heart-16", "myset-sub-two": "myset/sub/two", "my-set-one": "my-set/one",
		"material-nope": "material-nope",
	} {
		if got := lib.PathName(name); got != want {
			t.Errorf("PathName(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestLoad(t *testing.T) {
	lib, err := icons.Load("testdata/custom", "testdata/no-such-folder", "testdata/custom2")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"material-minus", "my-set-one", "myset-logo", "myset-sub-two", "plainicon", "smile"}
	if got := lib.CustomNames(); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("CustomNames = %v, want %v", got, want)
	}
	// testdata/custom wins over testdata/custom2 for myset-logo.
	if svg, _ := lib.Lookup("myset/logo"); !strings.Contains(svg, `viewBox="0 0 89 89"`) {
		t.Errorf("myset/logo = %q", svg)
	}
	other, _ := icons.Load("testdata/custom2", "testdata/custom")
	if lib.Fingerprint() == other.Fingerprint() || lib.Fingerprint() == "" {
		t.Error("fingerprints of different libraries are equal")
	}
	same, _ := icons.Load("testdata/custom", "testdata/custom2")
	if lib.Fingerprint() != same.Fingerprint() {
		t.Error("fingerprint not stable")
	}
}

// TestLoadUnreadable: an icon file that cannot be read (here a link to
// nothing) is an error naming it; the other icons still load.
func TestLoadUnreadable(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "set"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "nowhere.svg"), filepath.Join(dir, "set", "x.svg")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "set", "y.svg"), []byte("<svg/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	lib, err := icons.Load(dir)
	if err == nil || !strings.Contains(err.Error(), filepath.Join("set", "x.svg")) {
		t.Errorf("err = %v", err)
	}
	if !lib.Has("set-y") || lib.Has("set-x") {
		t.Errorf("icons loaded: %v", lib.CustomNames())
	}
}

func TestLoadNotAFolder(t *testing.T) {
	if _, err := icons.Load("testdata/sets.txt"); err != nil {
		t.Errorf("a file given as a folder: %v", err)
	}
}

// TestConcurrentUse converts pages and looks icons up from many goroutines
// at once; run with -race.
func TestConcurrentUse(t *testing.T) {
	lib, err := icons.Load("testdata/custom")
	if err != nil {
		t.Fatal(err)
	}
	md := newMarkdown(lib)
	names := []string{"material-heart", "octicons-heart-16", "fontawesome-brands-github", "simple-python", "lucide-house", "myset-logo", "material-magnify-minus"}
	var want []string
	for _, n := range names {
		svg, ok := lib.Lookup(n)
		if !ok {
			t.Fatalf("%s missing", n)
		}
		want = append(want, svg)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 16)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				k := (g + i) % len(names)
				if svg, ok := lib.Lookup(names[k]); !ok || svg != want[k] {
					errs <- names[k]
					return
				}
				pc := parser.NewContext()
				var out bytes.Buffer
				if err := md.Convert([]byte(":"+names[k]+": :material-hart:"), &out, parser.WithContext(pc)); err != nil || !strings.Contains(out.String(), want[k]) || len(icons.Warnings(pc)) != 1 {
					errs <- "convert " + names[k]
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func FuzzIcons(f *testing.F) {
	for _, seed := range []string{":material-heart:", "10:30:45", ":material-hart: :x:", "`:a:` :+1:", "::::", ":a:b:c:", ":material-heart:{ .x }", ":fontawsome-x:"} {
		f.Add(seed)
	}
	md := newMarkdown(nil)
	f.Fuzz(func(t *testing.T, src string) {
		mdtest.ConvertTwice(t, md, src)
		pc := parser.NewContext()
		var out bytes.Buffer
		if err := md.Convert([]byte(src), &out, parser.WithContext(pc)); err != nil {
			t.Fatal(err)
		}
		for _, w := range icons.Warnings(pc) {
			if w.Line < 1 || w.Col < 1 {
				t.Fatalf("bad position %+v", w)
			}
		}
	})
}

// pathological are inputs that would make a careless parser do work
// growing with the square of their length.
var pathological = []string{":", " :material-heart:", " :material-nope:", ":abcdefghij"}

// TestLinearWork feeds pathological input to the parser and counts its
// work on n and 10n repetitions (see mdtest.CheckLinear).
func TestLinearWork(t *testing.T) {
	md := newMarkdown(nil)
	for _, unit := range pathological {
		mdtest.CheckLinear(t, md, "", unit)
	}
}

func BenchmarkPathological(b *testing.B) {
	mdtest.Benchmark(b, newMarkdown(nil), "", pathological)
}

func TestDataURI(t *testing.T) {
	svg, _ := icons.Lookup("fontawesome/brands/github")
	for _, in := range []string{svg, "<svg>\n\t\"a\" 'b' #c 100% é {x}</svg>"} {
		uri := icons.DataURI(in)
		payload, ok := strings.CutPrefix(uri, "data:image/svg+xml;charset=utf-8,")
		if !ok || strings.ContainsAny(payload, "\"#<>\n\t\\") {
			t.Errorf("DataURI(%.40q) = %.80q: not safe in url(\"…\")", in, uri)
		}
		if back, err := url.PathUnescape(payload); err != nil || back != in {
			t.Errorf("DataURI(%.40q) decodes to %.40q, %v", in, back, err)
		}
		for _, r := range payload {
			if r >= 0x7f {
				t.Errorf("DataURI(%.40q) has a non-ASCII rune %q", in, r)
			}
		}
	}
}
