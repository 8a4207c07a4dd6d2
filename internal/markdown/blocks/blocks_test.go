package blocks_test

import (
	"testing"

	"github.com/yuin/goldmark/testutil"

	"handbook/internal/markdown/attrs"
	"handbook/internal/markdown/blocks"
	"handbook/internal/markdown/mdtest"
)

func TestBlockFixtures(t *testing.T) {
	md := mdtest.New(blocks.New(blocks.All()), attrs.Extension)
	testutil.DoTestCaseFile(md, "testdata/blocks.txt", t, testutil.ParseCliCaseArg()...)
}
