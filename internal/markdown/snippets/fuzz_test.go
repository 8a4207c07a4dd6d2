package snippets_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/markdown/snippets"
)

func FuzzSnippets(f *testing.F) {
	for _, seed := range []string{
		"--8<-- \"outer.md\"\n",
		"--8<--\nsub/inner.md\n\n; list.md\n--8<--\n",
		"  --8<-- 'lines.txt:1:2,-1'\n\t-8<- \"code.py:body\"\n",
		";--8<-- \"x\"\n--8<-- \"../outside/secret.md\"\n--8<-- \"cycle-a.md\"\n",
		"--8<--\n--8<-- \"lines.txt::3\"\nhttps://example.com/x\r\n",
		"--8<-- \"code.py:1:\"\n--8<-- \":3\"\n--8<-- \"lines.txt:,:\"\n",
	} {
		f.Add(seed)
	}
	base, err := filepath.Abs("testdata/snips")
	if err != nil {
		f.Fatal(err)
	}
	opts := snippets.Options{BasePaths: []string{"testdata/snips"}, AutoAppend: []string{"sub/inner.md"}}
	f.Fuzz(func(t *testing.T, src string) {
		a, b := snippets.Expand([]byte(src), opts), snippets.Expand([]byte(src), opts)
		if !bytes.Equal(a.Source, b.Source) || len(a.Diags) != len(b.Diags) {
			t.Fatal("output differs between runs")
		}
		for _, p := range a.Files {
			if !strings.HasPrefix(p, base+string(filepath.Separator)) {
				t.Fatalf("read %s, outside %s", p, base)
			}
		}
		if bytes.Contains(a.Source, []byte("secret")) && !strings.Contains(src, "secret") {
			t.Fatal("a file outside the base path was included")
		}
		pageLines := strings.Count(src, "\n") + 1
		for i := 1; i <= bytes.Count(a.Source, []byte("\n"))+1; i++ {
			if l := a.PageLine(i); l < 1 || l > pageLines {
				t.Fatalf("PageLine(%d) = %d, page has %d lines", i, l, pageLines)
			}
		}
		for _, d := range a.Diags {
			if d.Line < 1 || d.Line > pageLines {
				t.Fatalf("diagnostic on line %d of %d: %v", d.Line, pageLines, d)
			}
		}
	})
}
