package tasklist

import (
	"bytes"
	"strings"
	"testing"

	"handbook/internal/markdown/mdtest"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/testutil"
)

func newMarkdown(exts ...goldmark.Extender) goldmark.Markdown {
	return mdtest.New(exts...)
}

func TestTaskList(t *testing.T) {
	testutil.DoTestCaseFile(newMarkdown(Extension), "testdata/tasklist.txt", t)
}

// TestWithGoldmarkTaskListToo checks the order of extensions does not let
// goldmark's own checkbox markup through.
func TestWithGoldmarkTaskListToo(t *testing.T) {
	for _, exts := range [][]goldmark.Extender{{extension.TaskList, Extension}, {Extension, extension.TaskList}} {
		testutil.DoTestCaseFile(newMarkdown(exts...), "testdata/tasklist.txt", t)
	}
}

func TestAddClassKeepsExistingClasses(t *testing.T) {
	item := ast.NewListItem(0)
	item.SetAttributeString("class", []byte("big"))
	addClass(item, ItemClass)
	addClass(item, ItemClass)
	v, _ := item.AttributeString("class")
	if got := string(v.([]byte)); got != "big task-list-item" {
		t.Errorf("class = %q, want %q", got, "big task-list-item")
	}
}

func FuzzTaskList(f *testing.F) {
	for _, seed := range []string{"- [x] a\n- [ ] b", "1. [X]\n   - [ ] c", "- [x]", "> - [ ] q", "- [ ]\n[x]"} {
		f.Add(seed)
	}
	md := newMarkdown(Extension)
	f.Fuzz(func(t *testing.T, src string) {
		var out bytes.Buffer
		if err := md.Convert([]byte(src), &out); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(src, "checkbox") && strings.Contains(out.String(), `disabled="" type="checkbox"`) {
			t.Fatalf("goldmark's own checkbox markup leaked: %s", out.String())
		}
	})
}
