package magiclink_test

import (
	"testing"

	"github.com/yuin/goldmark/testutil"

	"handbook/internal/markdown/magiclink"
	"handbook/internal/markdown/mdtest"
)

var materialOptions = magiclink.Options{RepoShorthand: true, User: "squidfunk", Repo: "mkdocs-material", NormalizeIssueSymbols: true}

func TestMagiclinkFixtures(t *testing.T) {
	md := mdtest.New(magiclink.New(materialOptions))
	testutil.DoTestCaseFile(md, "testdata/magiclink.txt", t, testutil.ParseCliCaseArg()...)
}

func TestOffWithoutShorthand(t *testing.T) {
	md := mdtest.New(magiclink.New(magiclink.Options{User: "a", Repo: "b"}))
	if got := mdtest.ConvertTwice(t, md, "#1 @a\n"); got != "<p>#1 @a</p>\n" {
		t.Errorf("got %q", got)
	}
}

func FuzzMagiclink(f *testing.F) {
	for _, s := range []string{"#1 !2 ?3 @u @u/r u/r#4 r!5 gitlab:u/r#6 @bitbucket:x", "3f6b07a8eeaa9d606115758d90f55fec565d4e2a...3f6b07a8eeaa9d606115758d90f55fec565d4e2b", "a@b.c x#1 [#1](y) `#1`"} {
		f.Add(s)
	}
	md := mdtest.New(magiclink.New(materialOptions))
	f.Fuzz(func(t *testing.T, src string) { mdtest.ConvertTwice(t, md, src) })
}
