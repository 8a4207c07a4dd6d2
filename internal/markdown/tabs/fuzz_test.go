package tabs_test

import (
	"bytes"
	"strings"
	"testing"
)

func FuzzTabs(f *testing.F) {
	for _, seed := range []string{
		"=== \"A\"\n    a\n=== \"B\"\n    b\n",
		"===+ \"A *b*\"\n\ta\n===! \"\"\n===!+ \"x\"\r\n    === \"in\"\n        deep\n",
		"Para\n=== \"X\"\nlazy\n===\n",
		"- item\n\n    === \"T\"\n        x\n",
		"=== \"",
	} {
		f.Add(seed)
	}
	md := newMarkdown()
	f.Fuzz(func(t *testing.T, src string) {
		var first, second bytes.Buffer
		if err := md.Convert([]byte(src), &first); err != nil {
			t.Fatal(err)
		}
		if err := md.Convert([]byte(src), &second); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("output differs between runs")
		}
		// Every set renders one checked input.
		out := first.String()
		if sets, checked := strings.Count(out, `class="tabbed-set`), strings.Count(out, `<input checked="checked"`); sets != checked {
			t.Fatalf("%d tab sets but %d checked inputs:\n%s", sets, checked, out)
		}
	})
}
