package smartsymbols_test

import (
	"testing"

	"github.com/yuin/goldmark/testutil"

	"handbook/internal/markdown/mdtest"
	"handbook/internal/markdown/smartsymbols"
)

func TestSmartSymbolFixtures(t *testing.T) {
	md := mdtest.New(smartsymbols.New(smartsymbols.Options{}))
	testutil.DoTestCaseFile(md, "testdata/smartsymbols.txt", t, testutil.ParseCliCaseArg()...)
}

func TestOptionsTurnSymbolsOff(t *testing.T) {
	md := mdtest.New(smartsymbols.New(smartsymbols.Options{NoCopyright: true, NoArrows: true, NoOrdinalNumbers: true}))
	got := mdtest.ConvertTwice(t, md, "(c) --> 1st (tm)\n")
	if want := "<p>(c) --&gt; 1st &trade;</p>\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func FuzzSmartSymbols(f *testing.F) {
	for _, s := range []string{"(tm) (c) (r) c/o +/- =/= --> <-- <--> 1/4 1st 2nd 3rd 11th 21st", "x1st 1/44 ---> <--- `(c)` [(c)](c)", "0th 00th 013th 11st 12nd"} {
		f.Add(s)
	}
	md := mdtest.New(smartsymbols.New(smartsymbols.Options{}))
	f.Fuzz(func(t *testing.T, src string) { mdtest.ConvertTwice(t, md, src) })
}
