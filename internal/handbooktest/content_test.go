// Package handbooktest checks properties of the handbook's markdown in
// content/: originality against the seed page, front matter, page count,
// the case-study mix, links and anchors, and heading structure.
package handbooktest

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/goccy/go-yaml"
	"golang.org/x/text/unicode/norm"
)

const (
	contentDir = "../../content"
	seedPath   = "../../../shared/fixtures/seed/failure-case-studies.md"
	// sharedRunLimit is the shortest run of consecutive words that counts
	// as copied text.
	sharedRunLimit = 8
	minPages       = 20
)

// page is one markdown file of the handbook.
type page struct {
	rel  string // slash-separated, relative to content/
	body []byte // whole file, front matter included
}

func loadPages(t *testing.T) []page {
	t.Helper()
	var pages []page
	err := filepath.WalkDir(contentDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".md") {
			return nil
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(contentDir, p)
		if err != nil {
			return err
		}
		pages = append(pages, page{rel: filepath.ToSlash(rel), body: body})
		return nil
	})
	if err != nil {
		t.Fatalf("reading %s: %v", contentDir, err)
	}
	sort.Slice(pages, func(i, j int) bool { return pages[i].rel < pages[j].rel })
	return pages
}

// words case-folds text, splits it on whitespace and keeps only the letters
// and digits of each token; tokens left empty (emoji, bare punctuation) vanish.
func words(text string) []string {
	var out []string
	for _, field := range strings.Fields(strings.ToLower(text)) {
		kept := strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, field)
		if kept != "" {
			out = append(out, kept)
		}
	}
	return out
}

// runKeys returns every run of n consecutive words, joined by spaces.
func runKeys(ws []string, n int) []string {
	var keys []string
	for i := 0; i+n <= len(ws); i++ {
		keys = append(keys, strings.Join(ws[i:i+n], " "))
	}
	return keys
}

func TestWordsNormalisesTokens(t *testing.T) {
	got := strings.Join(words("## 📉 L7 Failure-Case: **Study**, \"We\"  ran!"), "|")
	if want := "l7|failurecase|study|we|ran"; got != want {
		t.Errorf("words() = %q, want %q", got, want)
	}
}

func TestNoEightWordRunSharedWithSeed(t *testing.T) {
	seed, err := os.ReadFile(seedPath)
	if err != nil {
		t.Skipf("seed page %s is not available (%v); the originality check needs it", seedPath, err)
	}
	seedRuns := map[string]bool{}
	for _, k := range runKeys(words(string(seed)), sharedRunLimit) {
		seedRuns[k] = true
	}
	if len(seedRuns) == 0 {
		t.Fatalf("seed page %s yielded no word runs", seedPath)
	}
	for _, p := range loadPages(t) {
		for _, k := range runKeys(words(string(p.body)), sharedRunLimit) {
			if seedRuns[k] {
				t.Errorf("%s shares a %d-word run with the seed page: %q", p.rel, sharedRunLimit, k)
			}
		}
	}
}

// frontMatter is the metadata block every page starts with.
type frontMatter struct {
	Title       string   `yaml:"title"`
	Description string   `yaml:"description"`
	Levels      []string `yaml:"levels"`
	Weight      *int     `yaml:"weight"`
	Tags        []string `yaml:"tags"`
}

// splitFrontMatter separates the YAML between the leading "---" lines from
// the markdown body.
func splitFrontMatter(body []byte) (yamlText, markdown []byte, ok bool) {
	text := bytes.ReplaceAll(body, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(text, []byte("---\n")) {
		return nil, text, false
	}
	rest := text[len("---\n"):]
	end := bytes.Index(rest, []byte("\n---\n"))
	if end < 0 {
		return nil, text, false
	}
	return rest[:end+1], rest[end+len("\n---\n"):], true
}

func TestEveryPageHasFrontMatter(t *testing.T) {
	allowedLevels := map[string]bool{"L6": true, "L7": true}
	for _, p := range loadPages(t) {
		raw, _, ok := splitFrontMatter(p.body)
		if !ok {
			t.Errorf("%s: no front matter between --- lines", p.rel)
			continue
		}
		var fm frontMatter
		if err := yaml.Unmarshal(raw, &fm); err != nil {
			t.Errorf("%s: front matter is not valid YAML: %v", p.rel, err)
			continue
		}
		if strings.TrimSpace(fm.Title) == "" {
			t.Errorf("%s: front matter has no title", p.rel)
		}
		if d := strings.TrimSpace(fm.Description); d == "" || !strings.HasSuffix(d, ".") {
			t.Errorf("%s: description %q must be one sentence ending in a full stop", p.rel, fm.Description)
		}
		if fm.Weight == nil {
			t.Errorf("%s: front matter has no weight", p.rel)
		}
		if len(fm.Levels) == 0 {
			t.Errorf("%s: front matter names no levels", p.rel)
		}
		for _, l := range fm.Levels {
			if !allowedLevels[l] {
				t.Errorf("%s: level %q is not one of L6, L7", p.rel, l)
			}
		}
	}
}

func TestHandbookHasEnoughPages(t *testing.T) {
	if n := len(loadPages(t)); n < minPages {
		t.Errorf("content has %d pages, want at least %d", n, minPages)
	}
}

func TestEveryFolderHasSectionIndexAndLevelsIsFree(t *testing.T) {
	have := map[string]bool{}
	for _, p := range loadPages(t) {
		have[p.rel] = true
		if strings.HasPrefix(p.rel, "levels/") {
			t.Errorf("%s: content/levels/ is reserved for generated per-level pages", p.rel)
		}
	}
	if !have["index.md"] {
		t.Error("content has no home page index.md")
	}
	for rel := range have {
		dir := path.Dir(rel)
		index := path.Join(dir, "index.md")
		if !have[index] {
			t.Errorf("folder %s has no index.md", dir)
		}
	}
}

func TestSectionIndexesListTheirPages(t *testing.T) {
	pages := loadPages(t)
	linked := map[string]map[string]bool{} // index page -> pages it links to
	for _, p := range pages {
		if path.Base(p.rel) != "index.md" {
			continue
		}
		_, md, _ := splitFrontMatter(p.body)
		set := map[string]bool{}
		for _, target := range links(md) {
			file, _, _ := strings.Cut(target, "#")
			if file != "" {
				set[path.Clean(path.Join(path.Dir(p.rel), file))] = true
			}
		}
		linked[p.rel] = set
	}
	for _, p := range pages {
		dir := path.Dir(p.rel)
		if path.Base(p.rel) == "index.md" || dir == "." {
			continue
		}
		index := path.Join(dir, "index.md")
		if set, ok := linked[index]; ok && !set[p.rel] {
			t.Errorf("%s does not link to %s", index, p.rel)
		}
	}
}

// heading is one ATX heading found outside fenced code.
type heading struct {
	level  int
	text   string
	anchor string
	line   int
}

var (
	atxHeading    = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*\s*$`)
	attrList      = regexp.MustCompile(`\s*\{\s*([^}]*)\}\s*$`)
	explicitID    = regexp.MustCompile(`(?:^|\s)#([\w-]+)`)
	inlineLink    = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	markupChars   = regexp.MustCompile("[*_`=~^]+")
	slugDropChars = regexp.MustCompile(`[^\w\s-]`)
	slugJoin      = regexp.MustCompile(`[-\s]+`)
)

// slugify mirrors the toc extension: NFKD, drop non-ASCII, drop characters
// other than word characters, spaces and hyphens, lower-case, and collapse
// runs of spaces and hyphens into one hyphen.
func slugify(text string) string {
	decomposed := norm.NFKD.String(text)
	ascii := strings.Map(func(r rune) rune {
		if r > unicode.MaxASCII {
			return -1
		}
		return r
	}, decomposed)
	cleaned := strings.ToLower(strings.TrimSpace(slugDropChars.ReplaceAllString(ascii, "")))
	return strings.Trim(slugJoin.ReplaceAllString(cleaned, "-"), "-")
}

func TestSlugify(t *testing.T) {
	cases := map[string]string{
		"📉 L7 Failure Case Study: Strong Technical, Weak Strategy": "l7-failure-case-study-strong-technical-weak-strategy",
		"Café & Résumé -- tips":                                    "cafe-resume-tips",
		"snake_case stays":                                         "snake_case-stays",
	}
	for in, want := range cases {
		if got := slugify(in); got != want {
			t.Errorf("slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

// isFence reports whether a line opens or closes a fenced code block.
func isFence(line string) bool {
	trimmed := strings.TrimLeft(line, " ")
	return strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~")
}

// proseLines returns the body's lines with fenced code blocks blanked out,
// so line numbers stay true.
func proseLines(markdown []byte) []string {
	lines := strings.Split(string(markdown), "\n")
	inFence := false
	for i, line := range lines {
		if isFence(line) {
			inFence = !inFence
			lines[i] = ""
			continue
		}
		if inFence {
			lines[i] = ""
		}
	}
	return lines
}

// headings lists a page's headings with the anchors the toc would give them,
// numbering duplicates _1, _2, ...
func headings(markdown []byte) []heading {
	var out []heading
	used := map[string]bool{}
	for i, line := range proseLines(markdown) {
		m := atxHeading.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		text, anchor := m[2], ""
		if attrs := attrList.FindStringSubmatch(text); attrs != nil {
			text = strings.TrimSpace(text[:len(text)-len(attrs[0])])
			if id := explicitID.FindStringSubmatch(attrs[1]); id != nil {
				anchor = id[1]
			}
		}
		if anchor == "" {
			plain := markupChars.ReplaceAllString(inlineLink.ReplaceAllString(text, "$1"), "")
			anchor = slugify(plain)
		}
		unique := anchor
		for n := 1; used[unique]; n++ {
			unique = fmt.Sprintf("%s_%d", anchor, n)
		}
		used[unique] = true
		out = append(out, heading{level: len(m[1]), text: text, anchor: unique, line: i + 1})
	}
	return out
}

func TestHeadingsDoNotSkipLevels(t *testing.T) {
	for _, p := range loadPages(t) {
		_, md, _ := splitFrontMatter(p.body)
		previous, h1s := 1, 0 // the front matter title stands in for the H1
		for _, h := range headings(md) {
			if h.level == 1 {
				h1s++
			}
			if h.level > previous+1 {
				t.Errorf("%s: heading %q jumps from h%d to h%d", p.rel, h.text, previous, h.level)
			}
			previous = h.level
		}
		if h1s > 1 {
			t.Errorf("%s: %d H1 headings, want at most one", p.rel, h1s)
		}
	}
}

func TestFailureCaseStudiesCoverBothLevels(t *testing.T) {
	var body []byte
	for _, p := range loadPages(t) {
		if p.rel == "experiences/failure-case-studies.md" {
			body = p.body
		}
	}
	if body == nil {
		t.Fatal("experiences/failure-case-studies.md is missing")
	}
	_, md, _ := splitFrontMatter(body)
	count := map[string]int{}
	for _, h := range headings(md) {
		for _, level := range []string{"L6", "L7"} {
			if strings.Contains(h.text, level+" Failure Case Study") {
				count[level]++
			}
		}
	}
	if count["L7"] != 1 {
		t.Errorf("found %d L7 Failure Case Study headings, want exactly 1", count["L7"])
	}
	if count["L6"] < 4 {
		t.Errorf("found %d L6 Failure Case Study headings, want at least 4", count["L6"])
	}
}

var (
	markdownLink = regexp.MustCompile(`\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)
	codeSpan     = regexp.MustCompile("`[^`]*`")
)

// links returns the link targets of a page's prose, skipping code.
func links(markdown []byte) []string {
	var out []string
	for _, line := range proseLines(markdown) {
		for _, m := range markdownLink.FindAllStringSubmatch(codeSpan.ReplaceAllString(line, ""), -1) {
			out = append(out, m[1])
		}
	}
	return out
}

func TestRelativeLinksAndAnchorsResolve(t *testing.T) {
	pages := loadPages(t)
	anchors := map[string]map[string]bool{}
	for _, p := range pages {
		_, md, _ := splitFrontMatter(p.body)
		set := map[string]bool{}
		for _, h := range headings(md) {
			set[h.anchor] = true
		}
		anchors[p.rel] = set
	}
	for _, p := range pages {
		_, md, _ := splitFrontMatter(p.body)
		for _, target := range links(md) {
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				t.Errorf("%s: external link %q; the handbook links only within itself", p.rel, target)
				continue
			}
			file, fragment, _ := strings.Cut(target, "#")
			dest := p.rel
			if file != "" {
				dest = path.Clean(path.Join(path.Dir(p.rel), file))
			}
			set, ok := anchors[dest]
			if !ok {
				t.Errorf("%s: link %q points at missing page %s", p.rel, target, dest)
				continue
			}
			if fragment != "" && !set[fragment] {
				t.Errorf("%s: link %q points at missing anchor #%s in %s", p.rel, target, fragment, dest)
			}
		}
	}
}

func TestNoMojibake(t *testing.T) {
	// UTF-8 emoji read as Mac Roman or Windows-1252 leave these sequences.
	for _, p := range loadPages(t) {
		for _, bad := range []string{"üö", "üì", "‚úÖ", "‚ùå", "ðŸ", "âœ", "â€"} {
			if bytes.Contains(p.body, []byte(bad)) {
				t.Errorf("%s contains mojibake %q", p.rel, bad)
			}
		}
	}
}

// FuzzHeadings feeds arbitrary markdown to the heading and link scanners:
// they must not panic, and anchors within one page must stay unique.
func FuzzHeadings(f *testing.F) {
	f.Add([]byte("## A\n## A\n### B { #b .x }\n"))
	f.Add([]byte("```\n# not a heading\n```\n# Real ## \n[x](y.md#z)"))
	f.Add([]byte("---\ntitle: t\n---\n#\n######## too deep\n## 📉 Ünïcødé {"))
	f.Fuzz(func(t *testing.T, body []byte) {
		_, md, _ := splitFrontMatter(body)
		seen := map[string]bool{}
		for _, h := range headings(md) {
			if seen[h.anchor] {
				t.Fatalf("anchor %q produced twice", h.anchor)
			}
			seen[h.anchor] = true
		}
		_ = links(md)
		_ = words(string(body))
	})
}
