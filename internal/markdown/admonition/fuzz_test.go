package admonition_test

import (
	"handbook/internal/markdown/mdtest"
	"testing"
)

func FuzzAdmonition(f *testing.F) {
	for _, seed := range []string{
		"!!! note\n    body\n",
		"!!! danger \"A *styled* title\"\n    text\n\n    !!! quote\n        inner\nlazy\n",
		"??? warning \"Folded\"\n\tbody\n???+ tip\n",
		"!!! note inline end \"\"\r\n    x\r\n",
		"- item\n\n  !!! note\n      in item\n",
		"```\n!!! note\n```\n!!!note \"\"\"\n",
		"!!! \"",
		"    !!! x\n\t\t!!! y\n  \t  z\n",
	} {
		f.Add(seed)
	}
	md := newMarkdown()
	f.Fuzz(func(t *testing.T, src string) {
		mdtest.ConvertTwice(t, md, src)
	})
}
