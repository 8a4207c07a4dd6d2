package cfgtree

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/goccy/go-yaml/parser"
	"github.com/pelletier/go-toml/v2/unstable"

	"handbook/internal/diag"
)

// returns runs f and fails the test if it has not returned after 10 s. It
// detects a hang; it is not a timing assertion.
func returns(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatalf("%s: still running after 10 s", what)
	}
}

func messages(l diag.List) []string {
	var out []string
	for _, d := range l {
		out = append(out, d.String())
	}
	return out
}

func lines(n int, line func(i int) string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(line(i))
	}
	return b.String()
}

// Each shape go-yaml reads in quadratic time stops with a diagnostic at
// the place the limit was passed, instead of running for minutes or
// taking gigabytes (as each of these did, or would at a few times the
// size).
func TestSlowYAMLShapesRefused(t *testing.T) {
	for _, c := range []struct {
		name, yaml string
		line, col  int // 0: anywhere past line 1
		msg        string
	}{
		{"run of '<'", "title: " + strings.Repeat("<", 300_000) + "\n", 1, 8, "more than 256 '<' in a row"},
		{"documents", strings.Repeat("--- a\n", 50_000), 1001, 1, "more than 1000 documents"},
		{"flow nesting", "k: " + strings.Repeat("[a, ", 50_000), 1, 0, "nested too deeply"},
		{"block nesting", strings.Repeat("- ", 100_000) + "x\n", 1, 0, "nested too deeply"},
		{"long key over many values", strings.Repeat("k", 50_000) + ":\n" + strings.Repeat("- x\n", 50_000), 0, 0, "nested too deeply"},
		{"keys of one mapping", lines(100_000, func(i int) string { return fmt.Sprintf("k%d: 1\n", i) }), 16384, 1, "too many keys in one mapping"},
		{"values left out", strings.Repeat("- x:\n", 100_000), 0, 0, "too many keys or list items without a value"},
	} {
		var root *Node
		var diags []string
		returns(t, c.name, func() {
			r, d := ParseYAML("mkdocs.yml", []byte(c.yaml))
			root, diags = r, messages(d)
		})
		if root != nil || len(diags) != 1 || !strings.Contains(diags[0], c.msg) {
			t.Errorf("%s: got %v, want one error %q", c.name, diags, c.msg)
			continue
		}
		want := fmt.Sprintf("mkdocs.yml:%d:%d: ", c.line, c.col)
		switch {
		case c.line == 0:
			want = "mkdocs.yml:"
			if strings.HasPrefix(diags[0], "mkdocs.yml:1:") {
				t.Errorf("%s: %s, want it past line 1", c.name, diags[0])
			}
		case c.col == 0:
			want = fmt.Sprintf("mkdocs.yml:%d:", c.line)
		}
		if !strings.HasPrefix(diags[0], want) {
			t.Errorf("%s: %s, want it at %s", c.name, diags[0], want)
		}
	}
}

// The limits leave room for far larger documents than real ones: each
// shape, at a size well past anything in a config or a page, reads as
// go-yaml reads it unguarded.
func TestLargeYAMLReads(t *testing.T) {
	for _, c := range []struct{ name, yaml string }{
		{"list", lines(100_000, func(i int) string { return fmt.Sprintf("- item %d\n", i) })},
		{"mapping", lines(10_000, func(i int) string { return fmt.Sprintf("old/page-%d.md: new/page-%d.md\n", i, i) })},
		{"nesting", strings.Repeat("[", 500) + strings.Repeat("]", 500) + "\n"},
		{"indentation", lines(200, func(i int) string { return strings.Repeat(" ", i) + fmt.Sprintf("k%d:\n", i) })},
		{"documents", strings.Repeat("---\na: 1\n", 500)},
		{"empty values", lines(2000, func(i int) string { return fmt.Sprintf("k%d:\n", i) })},
		{"angle brackets", "title: " + strings.Repeat("<", 256) + "\n"},
	} {
		want, err := parser.ParseBytes([]byte(c.yaml), 0)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		got, err := ParseYAMLFile([]byte(c.yaml))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if got.String() != want.String() {
			t.Errorf("%s: read differently than go-yaml reads it", c.name)
		}
	}
}

// A zensical.toml of many keys or tables reads in linear time: go-toml's
// Shape counted the lines from the top for each value (40,000 keys took
// 70 s), and finding a key scanned the table's keys.
func TestLargeTOMLReads(t *testing.T) {
	for _, c := range []struct {
		name, toml, key string
		line, col       int
	}{
		{"keys", "[project]\n" + lines(100_000, func(i int) string { return fmt.Sprintf("k%d = %d\n", i, i) }), "k99999", 100_001, 1},
		{"tables", "[project]\n" + lines(100_000, func(i int) string { return fmt.Sprintf("[project.t%d]\nx = 1\n", i) }), "t99999", 200_000, 10},
	} {
		var root *Node
		returns(t, c.name, func() {
			r, d := ParseTOML("zensical.toml", []byte(c.toml))
			if len(d) > 0 {
				t.Errorf("%s: %v", c.name, messages(d))
			}
			root = r
		})
		if k := root.KeyNode(c.key); k == nil || k.Line != c.line || k.Col != c.col {
			t.Errorf("%s: %s at %+v, want %d:%d", c.name, c.key, k, c.line, c.col)
		}
	}
}

// Merging a large mapping ("<<: *a") keeps the keys already there and
// adds the others once, in linear time.
func TestMergeOfLargeMapping(t *testing.T) {
	const n = 30_000
	items := lines(n, func(i int) string { return fmt.Sprintf("k%d: %d, ", i, i) })
	src := "a: &a {" + strings.TrimSuffix(items, ", ") + "}\nb:\n  k0: mine\n  <<: *a\n"
	var root *Node
	returns(t, "merge", func() {
		r, d := ParseYAML("mkdocs.yml", []byte(src))
		if len(d) > 0 {
			t.Error(messages(d))
		}
		root = r
	})
	b := root.Get("b")
	if b == nil {
		t.Fatal("no b")
	}
	if len(b.Keys) != n || b.Get("k0").Text != "mine" || b.Get("k29999").Text != "29999" {
		t.Errorf("b has %d keys, k0 %q, k29999 %+v", len(b.Keys), b.Get("k0").Text, b.Get("k29999"))
	}
}

// FuzzParseTOML: no file crashes or stalls the TOML reader, and the place
// it gives an offset is the one go-toml's Shape gives.
func FuzzParseTOML(f *testing.F) {
	for _, s := range []string{"[project]\nsite_name = \"x\"\n", "[project]\r\na.b = [1, {c = 2}]\n[[project.p]]\n", "é = 1\n\n[x", "[project]\nk = 1\nk = 2\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		returns(t, "ParseTOML", func() { ParseTOML("zensical.toml", data) })
		tr := &tomlTree{lineStarts: lineStarts(data), p: &unstable.Parser{}}
		tr.p.Reset(data)
		// Shape counts from the top: a sample of offsets keeps this linear.
		for off := 0; off <= len(data); off += 1 + len(data)/64 {
			want := tr.p.Shape(unstable.Range{Offset: uint32(off)}).Start
			if line, col := tr.place(off); line != want.Line || col != want.Column {
				t.Fatalf("offset %d placed at %d:%d, go-toml says %d:%d", off, line, col, want.Line, want.Column)
			}
		}
	})
}
