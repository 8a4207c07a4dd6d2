package progressbar_test

import (
	"testing"

	"github.com/yuin/goldmark/testutil"

	"handbook/internal/markdown/attrs"
	"handbook/internal/markdown/mdtest"
	"handbook/internal/markdown/progressbar"
)

func TestProgressBarFixtures(t *testing.T) {
	md := mdtest.New(progressbar.New(progressbar.Options{}), attrs.Extension)
	testutil.DoTestCaseFile(md, "testdata/progressbar.txt", t, testutil.ParseCliCaseArg()...)
}

func TestOptions(t *testing.T) {
	md := mdtest.New(progressbar.New(progressbar.Options{NoLevelClass: true, AddClasses: "candystripe thin"}))
	got := mdtest.ConvertTwice(t, md, "[=45%]\n")
	want := "<p>\n<div class=\"candystripe progress thin\">\n<div class=\"progress-bar\" style=\"width:45.00%\">\n<p class=\"progress-label\"></p>\n</div>\n</div>\n</p>\n"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
	md = mdtest.New(progressbar.New(progressbar.Options{Increment: 25}))
	if got := mdtest.ConvertTwice(t, md, "[=74%]"); !contains(got, "progress-50plus") {
		t.Errorf("increment 25: %s", got)
	}
}

func contains(s, sub string) bool {
	return len(s) >= len(sub) && (s == sub || len(sub) == 0 || indexOf(s, sub) >= 0)
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func FuzzProgressBar(f *testing.F) {
	for _, s := range []string{`[=50% "50%"]`, `[=2/3 "*two* thirds"]{: .thin}`, `Text [=0%] end [=== 100.0% 'x']`, `[=1/0] [=101%] [=9.5%"x"]`, `[=1% "[=2% "x"]"]`} {
		f.Add(s)
	}
	md := mdtest.New(progressbar.New(progressbar.Options{}), attrs.Extension)
	f.Fuzz(func(t *testing.T, src string) { mdtest.ConvertTwice(t, md, src) })
}
