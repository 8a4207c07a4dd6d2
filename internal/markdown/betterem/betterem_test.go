package betterem_test

import (
	"testing"

	"github.com/yuin/goldmark/testutil"

	"handbook/internal/markdown/betterem"
	"handbook/internal/markdown/mdtest"
)

func TestSmartAll(t *testing.T) {
	md := mdtest.New(betterem.New(betterem.Options{SmartAsterisk: true, SmartUnderscore: true}))
	testutil.DoTestCaseFile(md, "testdata/all.txt", t)
}

func TestSmartNone(t *testing.T) {
	testutil.DoTestCaseFile(mdtest.New(betterem.New(betterem.Options{})), "testdata/none.txt", t)
}

// The default (smart underscores) is CommonMark's emphasis: the same
// output as goldmark's own parser.
func TestDefaultIsCommonMark(t *testing.T) {
	smart := mdtest.New(betterem.New(betterem.Options{SmartUnderscore: true}))
	plain := mdtest.New()
	for _, src := range []string{"a*b*c _d_ e_f_g", "***x* y**", "*a **b** c*", "__a__b", "*(x)*", "_\u00e9_"} {
		if got, want := mdtest.ConvertTwice(t, smart, src), mdtest.ConvertTwice(t, plain, src); got != want {
			t.Errorf("%q: %q, CommonMark gives %q", src, got, want)
		}
	}
}

func TestLinear(t *testing.T) {
	md := mdtest.New(betterem.New(betterem.Options{SmartAsterisk: true, SmartUnderscore: true}))
	mdtest.CheckLinear(t, md, "", "a*b _c_ **d** *")
}

func FuzzBetterEm(f *testing.F) {
	for _, s := range []string{"a*b*c", "***x* y**", "_a_b_", "* x *"} {
		f.Add(s)
	}
	md := mdtest.New(betterem.New(betterem.Options{SmartAsterisk: true, SmartUnderscore: true}))
	f.Fuzz(func(t *testing.T, src string) { mdtest.ConvertTwice(t, md, src) })
}
