package highlight

import (
	"reflect"
	"strings"
	"testing"
	"unicode"
)

func TestParseOptions(t *testing.T) {
	for _, tc := range []struct {
		info string
		want fenceOptions
	}{
		{"", fenceOptions{}},
		{"python", fenceOptions{Lang: "python"}},
		{`python title="score.py"`, fenceOptions{Lang: "python", Title: "score.py"}},
		{`python title='a b.py' linenums="1"`, fenceOptions{Lang: "python", Title: "a b.py", LineStart: 1}},
		{`go linenums="3 2"`, fenceOptions{Lang: "go", LineStart: 3}},
		{`go linenums=7`, fenceOptions{Lang: "go", LineStart: 7}},
		{`go hl_lines="2 3-5"`, fenceOptions{Lang: "go", HLLines: [][2]int{{2, 5}}}},
		{`go hl_lines="9 1 4-5"`, fenceOptions{Lang: "go", HLLines: [][2]int{{1, 1}, {4, 5}, {9, 9}}}},
		{`go hl_lines="2-6 3-4"`, fenceOptions{Lang: "go", HLLines: [][2]int{{2, 6}}}},
		{`{ .python title="x.py" }`, fenceOptions{Lang: "python", Title: "x.py"}},
		{`{.yaml #id .extra linenums="2"}`, fenceOptions{Lang: "yaml", LineStart: 2, ID: "id", Classes: []string{"extra"}}},
		{`{ .sh .no-copy #example }`, fenceOptions{Lang: "sh", ID: "example", Classes: []string{"no-copy"}}},
		{`python {.extra-class #id linenums="1"}`, fenceOptions{Lang: "python", LineStart: 1, ID: "id", Classes: []string{"extra-class"}}},
		{`yaml { .annotate }`, fenceOptions{Lang: "yaml", Classes: []string{"annotate"}}},
		{`{ .yaml data-file="a b" data-n=2 .copy }`, fenceOptions{Lang: "yaml", Classes: []string{"copy"}, Data: [][2]string{{"data-file", "a b"}, {"data-n", "2"}}}},
		{`python #id .cls data-x="y"`, fenceOptions{Lang: "python"}},
		{`{ . # .a }`, fenceOptions{Lang: "a"}},
		{`title="only.txt"`, fenceOptions{Title: "only.txt"}},
		{`python linenums="0" hl_lines="0 -1 5-2 x 99999999999999999999"`, fenceOptions{Lang: "python"}},
		{`python linenums="-4"`, fenceOptions{Lang: "python"}},
		{`python unknown="x" flag`, fenceOptions{Lang: "python"}},
		{`python title="unterminated`, fenceOptions{Lang: "python", Title: "unterminated"}},
		{"  \tpython\t title=a ", fenceOptions{Lang: "python", Title: "a"}},
		{`"py thon" title=a`, fenceOptions{Title: "a"}},
	} {
		if got := parseOptions(tc.info); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("parseOptions(%q) = %+v, want %+v", tc.info, got, tc.want)
		}
	}
}

func TestHighlightedLines(t *testing.T) {
	o := parseOptions(`x hl_lines="2 4-6 10"`)
	want := map[int]bool{2: true, 4: true, 5: true, 6: true, 10: true}
	for n := 0; n <= 12; n++ {
		if got := o.highlighted(n); got != want[n] {
			t.Errorf("highlighted(%d) = %v, want %v", n, got, want[n])
		}
	}
}

func TestOptionsKeyDistinguishesOptions(t *testing.T) {
	infos := []string{
		"python", "go", `python title="a"`, `python title="b"`, `python linenums="1"`,
		`python linenums="2"`, `python hl_lines="1"`, `python hl_lines="1-2"`,
		`python hl_lines="12"`, `python title="1" linenums="2"`,
		`{ .python #a }`, `{ .python #b }`, `{ .python .a }`, `{ .python .a .b }`, `{ .python .ab }`,
		`{ .python data-a="b" }`, `{ .python data-a="c" }`, `{ .python #a .b }`, `{ .python #a data-b="" }`,
	}
	seen := map[string]string{}
	for _, info := range infos {
		k := parseOptions(info).key()
		if prev, dup := seen[k]; dup {
			t.Errorf("%q and %q share the key %q", prev, info, k)
		}
		seen[k] = info
	}
	if parseOptions(`go hl_lines="3 1-2"`).key() != parseOptions(`go hl_lines="1-3"`).key() {
		t.Error("equal sets of highlighted lines must share a key")
	}
}

// FuzzParseOptions checks that any info string parses without panicking and
// that the result is well formed.
func FuzzParseOptions(f *testing.F) {
	for _, seed := range []string{
		`python title="score.py" linenums="1" hl_lines="2 3-5"`,
		`{ .python title="x" }`,
		`go hl_lines="1-1000000000 5"`,
		`python title="unterminated`,
		`{.a .b #c key='v' k2="v 2"}`,
		`python { .annotate #x data-a="b c" }`, `{ . # .a data-= }`,
		`linenums="1 2 3" hl_lines=",,-,1-,-2"`,
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, info string) {
		o := parseOptions(info)
		if strings.ContainsFunc(o.Lang, unicode.IsSpace) {
			t.Fatalf("language %q contains whitespace", o.Lang)
		}
		for _, c := range append([]string{o.ID}, o.Classes...) {
			if strings.ContainsFunc(c, unicode.IsSpace) {
				t.Fatalf("id or class %q contains whitespace", c)
			}
		}
		for _, d := range o.Data {
			if !strings.HasPrefix(d[0], "data-") {
				t.Fatalf("attribute %q is not a data- attribute", d[0])
			}
		}
		if o.LineStart < 0 || o.LineStart > maxLineNumber {
			t.Fatalf("line start %d out of range", o.LineStart)
		}
		for i, r := range o.HLLines {
			if r[0] < 1 || r[1] < r[0] || r[1] > maxLineNumber {
				t.Fatalf("bad range %v", r)
			}
			if i > 0 && r[0] <= o.HLLines[i-1][1]+1 {
				t.Fatalf("ranges not sorted and merged: %v", o.HLLines)
			}
		}
		if again := parseOptions(info); !reflect.DeepEqual(o, again) {
			t.Fatalf("parsing is not deterministic: %+v vs %+v", o, again)
		}
	})
}
