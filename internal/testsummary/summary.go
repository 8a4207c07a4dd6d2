package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
)

// event is one line of `go test -json` (test2json).
type event struct {
	Action  string
	Package string
	Test    string
	Output  string
}

// Skip is a skipped test and the reason it printed.
type Skip struct {
	Package, Test, Reason string
}

// Summary counts a test run.
type Summary struct {
	Passed, FailedCount int
	FailedTests         []string
	FailedOutput        map[string]string // failed test → what it printed
	FailedPackages      []string
	Skipped             []Skip
}

// Read reads `go test -json` output.
func Read(r io.Reader) (*Summary, error) {
	s := &Summary{FailedOutput: map[string]string{}}
	output := map[string]*strings.Builder{} // package/test → its output
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			continue // a line go test printed around the JSON (build errors)
		}
		key := e.Package + "\x00" + e.Test
		switch e.Action {
		case "output":
			if output[key] == nil {
				output[key] = &strings.Builder{}
			}
			output[key].WriteString(e.Output)
		case "pass":
			if e.Test != "" {
				s.Passed++
			}
		case "fail":
			if e.Test != "" {
				s.FailedCount++
				s.FailedTests = append(s.FailedTests, e.Package+" "+e.Test)
				if out := output[key]; out != nil {
					s.FailedOutput[e.Package+" "+e.Test] = out.String()
				}
			} else {
				s.FailedPackages = append(s.FailedPackages, e.Package)
			}
		case "skip":
			if e.Test != "" {
				s.Skipped = append(s.Skipped, Skip{e.Package, e.Test, skipReason(output[key])})
			}
		}
	}
	// Extra tests (those needing ../shared/) first, then by name.
	slices.SortStableFunc(s.Skipped, func(a, b Skip) int {
		if ea, eb := isExtra(a.Test), isExtra(b.Test); ea != eb {
			if ea {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Package+a.Test, b.Package+b.Test)
	})
	return s, sc.Err()
}

func isExtra(test string) bool { return strings.HasPrefix(test, "TestExtra") }

// skipReason is the message a skipped test printed, without go test's
// "--- SKIP" line and file positions.
func skipReason(b *strings.Builder) string {
	if b == nil {
		return ""
	}
	var lines []string
	for _, l := range strings.Split(b.String(), "\n") {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "=== ") || strings.HasPrefix(l, "--- ") {
			continue
		}
		if _, msg, ok := strings.Cut(l, ".go:"); ok {
			if _, rest, ok := strings.Cut(msg, ": "); ok {
				l = rest
			}
		}
		lines = append(lines, l)
	}
	return strings.Join(lines, " ")
}

// Failed reports whether a test or a package failed.
func (s *Summary) Failed() bool { return s.FailedCount > 0 || len(s.FailedPackages) > 0 }

// Markdown is the summary for a CI job page.
func (s *Summary) Markdown() string {
	var b strings.Builder
	fmt.Fprintf(&b, "### Tests: %d passed, %d failed, %d skipped\n\n", s.Passed, s.FailedCount, len(s.Skipped))
	for _, t := range s.FailedTests {
		fmt.Fprintf(&b, "- FAILED %s\n", t)
	}
	for _, t := range s.FailedTests {
		fmt.Fprintf(&b, "\n<details><summary>%s</summary>\n\n```\n%s```\n</details>\n", t, s.FailedOutput[t])
	}
	for _, p := range s.FailedPackages {
		fmt.Fprintf(&b, "- FAILED package %s\n", p)
	}
	if len(s.Skipped) == 0 {
		return b.String()
	}
	extras := 0
	for _, k := range s.Skipped {
		if isExtra(k.Test) {
			extras++
		}
	}
	if extras > 0 {
		fmt.Fprintf(&b, "%d of the skipped tests are extras that read ../shared/ beside the repository, which this checkout does not have.\n\n", extras)
	}
	b.WriteString("| skipped test | package | reason |\n| --- | --- | --- |\n")
	for _, k := range s.Skipped {
		fmt.Fprintf(&b, "| %s | %s | %s |\n", k.Test, k.Package, strings.ReplaceAll(k.Reason, "|", `\|`))
	}
	return b.String()
}
