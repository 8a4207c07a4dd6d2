package handbooktest

import (
	"encoding/csv"
	"os"
	"regexp"
	"strings"
	"testing"
)

const practiceDir = "../../content/practice/"

// grid is a principles × stories matrix: a header row, then one row per
// principle, cells as written.
type grid [][]string

func readCSV(t *testing.T, name string) grid {
	t.Helper()
	f, err := os.Open(practiceDir + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rows
}

// markdownTable reads the first pipe table of a markdown text.
func markdownTable(text string) grid {
	var out grid
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			if len(out) > 0 {
				break
			}
			continue
		}
		if regexp.MustCompile(`^\|(\s*-+\s*\|)+$`).MatchString(line) {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		out = append(out, cells)
	}
	return out
}

func readMarkdown(t *testing.T, name string) grid {
	t.Helper()
	b, err := os.ReadFile(practiceDir + name)
	if err != nil {
		t.Fatal(err)
	}
	return markdownTable(string(b))
}

func sameGrid(t *testing.T, what string, a, b grid) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%s: %d rows against %d", what, len(a), len(b))
	}
	for i := range a {
		if strings.Join(a[i], "|") != strings.Join(b[i], "|") {
			t.Errorf("%s: row %d differs:\n%q\n%q", what, i, a[i], b[i])
		}
	}
}

// principles are the sixteen h3 headings of the principles guide.
func principles(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("../../content/behavioral/leadership-principles.md")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, m := range regexp.MustCompile(`(?m)^### (.+)$`).FindAllStringSubmatch(string(b), -1) {
		out = append(out, strings.TrimSpace(m[1]))
	}
	return out
}

// TestStoryBankDownloadsAgree: the CSV and markdown downloads hold the same
// grid, their rows are the sixteen principles of the guide, and the page
// shows the worked example with the same cells.
func TestStoryBankDownloadsAgree(t *testing.T) {
	want := principles(t)
	if len(want) != 16 {
		t.Fatalf("the principles guide has %d principles, want 16", len(want))
	}
	for _, base := range []string{"story-bank-matrix", "story-bank-blank"} {
		c, m := readCSV(t, base+".csv"), readMarkdown(t, base+".markdown")
		sameGrid(t, base+": CSV and markdown", c, m)
		var rows []string
		for _, r := range c[1:] {
			rows = append(rows, r[0])
			for _, cell := range r[1:] {
				if cell != "" && cell != "P" && cell != "A" {
					t.Errorf("%s: cell %q in row %s (P, A or empty)", base, cell, r[0])
				}
			}
		}
		if strings.Join(rows, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s rows:\n%s\nwant the principles:\n%s", base, strings.Join(rows, "\n"), strings.Join(want, "\n"))
		}
	}
	// The worked example: every principle has two stories, every story one P.
	c := readCSV(t, "story-bank-matrix.csv")
	for _, r := range c[1:] {
		n := 0
		for _, cell := range r[1:] {
			if cell != "" {
				n++
			}
		}
		if n < 2 {
			t.Errorf("worked example: %s has %d stories", r[0], n)
		}
	}
	for j := 1; j < len(c[0]); j++ {
		p := 0
		for _, r := range c[1:] {
			if r[j] == "P" {
				p++
			}
		}
		if p != 1 {
			t.Errorf("worked example: %s has %d primary principles", c[0][j], p)
		}
	}
	// The page's table: S-numbers for headers, the same cells.
	src, err := os.ReadFile(practiceDir + "story-bank.md")
	if err != nil {
		t.Fatal(err)
	}
	page := markdownTable(string(src))
	short := grid{append([]string{"Principle"}, nil...)}
	for _, h := range c[0][1:] {
		short[0] = append(short[0], strings.SplitN(h, ":", 2)[0])
	}
	short = append(short, c[1:]...)
	sameGrid(t, "story-bank.md and story-bank-matrix.csv", page, short)
	for _, name := range []string{"story-bank-matrix.csv", "story-bank-matrix.markdown", "story-bank-blank.csv", "story-bank-blank.markdown"} {
		if _, ok := handbook.Files["practice/"+name]; !ok {
			t.Errorf("practice/%s is not published", name)
		}
	}
}
