package main

import (
	"strings"
	"testing"
)

func TestSummaryListsSkippedExtrasFirst(t *testing.T) {
	in := strings.Join([]string{
		`{"Action":"run","Package":"handbook/internal/a","Test":"TestA"}`,
		`{"Action":"pass","Package":"handbook/internal/a","Test":"TestA"}`,
		`{"Action":"output","Package":"handbook/internal/a","Test":"TestB","Output":"    b_test.go:9: chromium not installed\n"}`,
		`{"Action":"skip","Package":"handbook/internal/a","Test":"TestB"}`,
		`{"Action":"output","Package":"handbook/internal/c","Test":"TestExtraSeed","Output":"=== RUN   TestExtraSeed\n"}`,
		`{"Action":"output","Package":"handbook/internal/c","Test":"TestExtraSeed","Output":"    pages.go:60: extra test: the seed page is not beside the repository\n"}`,
		`{"Action":"output","Package":"handbook/internal/c","Test":"TestExtraSeed","Output":"--- SKIP: TestExtraSeed (0.00s)\n"}`,
		`{"Action":"skip","Package":"handbook/internal/c","Test":"TestExtraSeed"}`,
		`{"Action":"fail","Package":"handbook/internal/c","Test":"TestD"}`,
		`not json: a build error line`,
		`{"Action":"pass","Package":"handbook/internal/a"}`,
	}, "\n")
	s, err := Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	md := s.Markdown()
	for _, want := range []string{
		"### Tests: 1 passed, 1 failed, 2 skipped",
		"- FAILED handbook/internal/c TestD",
		"1 of the skipped tests are extras",
		"| TestExtraSeed | handbook/internal/c | extra test: the seed page is not beside the repository |\n| TestB | handbook/internal/a | chromium not installed |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("summary lacks %q:\n%s", want, md)
		}
	}
	if !s.Failed() {
		t.Error("a failed test does not fail the summary")
	}
}
