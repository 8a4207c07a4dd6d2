package tabs_test

import (
	"handbook/internal/markdown/mdtest"
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
		out := mdtest.ConvertTwice(t, md, src)
		// Every set renders one checked input.
		if sets, checked := strings.Count(out, `class="tabbed-set`), strings.Count(out, `<input checked="checked"`); sets != checked {
			t.Fatalf("%d tab sets but %d checked inputs:\n%s", sets, checked, out)
		}
	})
}
