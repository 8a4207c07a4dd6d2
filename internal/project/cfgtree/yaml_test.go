package cfgtree

import (
	"testing"
)

// A key written twice in one mapping is an error at the second, in flow
// mappings too, where go-yaml lets a key without a value pass: the same
// text written out as a block mapping would not read back.
func TestDuplicateKeys(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"block", "a: 1\na: 2\n", `mkdocs.yml:2:1: invalid YAML: mapping key "a" already defined at [1:1]`},
		{"flow, a key without a value", "x: {0, 00: [], 0: {}}\n", `mkdocs.yml:1:16: invalid YAML: mapping key "0" already defined at [1:5]`},
	} {
		_, diags := ParseYAML("mkdocs.yml", []byte(c.src))
		if len(diags) != 1 || diags[0].String() != c.want {
			t.Errorf("%s: %v, want %s", c.name, diags, c.want)
		}
	}
}

// A key written in a mapping overrides one merged into it ("<<"), before
// or after the merge, as YAML's merge key has it; merged keys add to it.
func TestMergedKeysGiveWay(t *testing.T) {
	for _, src := range []string{
		"base: &b {k: merged, other: 1}\nm:\n  <<: *b\n  k: mine\n",
		"base: &b {k: merged, other: 1}\nm:\n  k: mine\n  <<: *b\n",
	} {
		root, diags := ParseYAML("mkdocs.yml", []byte(src))
		if len(diags) > 0 {
			t.Fatalf("%q: %v", src, diags)
		}
		m := root.Get("m")
		if got := m.Get("k").TextOr(""); got != "mine" || len(m.Keys) != 2 || m.Get("other").TextOr("") != "1" {
			t.Errorf("%q: k = %q, %d keys", src, got, len(m.Keys))
		}
	}
}
