package attrs_test

import (
	"handbook/internal/markdown/mdtest"
	"testing"

	"handbook/internal/markdown/attrs"
)

func FuzzAttrs(f *testing.F) {
	for _, seed := range []string{
		"Text.\n{ .lead }\n",
		"[a](b){ .md-button target=\"_blank\" }\n",
		"## H {: #id .c }\n",
		"- a\n- b\n{ .x }\n",
		"![i](p.png){ width=300 }{.y}{",
		"{: }\n{ #}\n{ a='b }\n{ k=\"v\"x }\n",
		"# {.a}{.b} {.c}\n",
	} {
		f.Add(seed)
	}
	md := newMarkdown()
	f.Fuzz(func(t *testing.T, src string) {
		if list, n, ok := attrs.Parse([]byte(src)); ok && (n < 3 || n > len(src) || len(list) == 0 || src[n-1] != '}') {
			t.Fatalf("Parse(%q) = %v, %d: inconsistent", src, list, n)
		}
		mdtest.ConvertTwice(t, md, src)
	})
}
