// Package handbooktest checks the handbook in content/ with the real
// generator: it builds and checks clean, every page is in the nav and
// tagged deliberately, the case-study mix is right, and no prose is copied
// from the seed page.
package handbooktest

import (
	"os"
	"path"
	"strings"
	"testing"
	"unicode"

	"handbook/internal/sitetest"

	"handbook/internal/build"
	"handbook/internal/lint"
	"handbook/internal/site"
)

const (
	// sharedRunLimit is the shortest run of consecutive words that counts
	// as copied text.
	sharedRunLimit = 8
	minPages       = 35
)

var handbook *build.Result

func TestMain(m *testing.M) {
	// KeepSource: the originality checks and the lint read each page again.
	handbook = build.Run(build.Options{Source: "../..", KeepSource: true})
	os.Exit(m.Run())
}

// TestCheckReportsNothing: the build has no errors or warnings, and the
// lint of `handbook check` finds nothing either.
func TestCheckReportsNothing(t *testing.T) {
	for _, d := range handbook.Diags {
		t.Errorf("build: %s", d)
	}
	for _, d := range lint.Check(handbook) {
		t.Errorf("check: %s", d)
	}
}

func TestEveryPageInNavTaggedAndDescribed(t *testing.T) {
	pages := handbook.Site.Pages
	if len(pages) < minPages {
		t.Errorf("content has %d pages, want at least %d", len(pages), minPages)
	}
	inNav := map[*site.Page]bool{}
	handbook.Nav.Walk(func(n *site.NavNode) { inNav[n.Page] = true })
	for _, p := range pages {
		if !inNav[p] {
			t.Errorf("%s is not reachable from the nav", p.Src)
		}
		if !p.FM.HasLevels {
			t.Errorf("%s: front matter does not say which levels it is for", p.Src)
		}
		if p.FM.Title == "" || p.FM.Description == "" {
			t.Errorf("%s: front matter needs a title and a description", p.Src)
		}
		if strings.HasPrefix(p.Src, "levels/") {
			t.Errorf("%s: content/levels/ is reserved for the generated level pages", p.Src)
		}
	}
}

func TestSectionIndexesLinkTheirPages(t *testing.T) {
	linked := map[string]map[string]bool{}
	for _, p := range handbook.Site.Pages {
		if !p.IsIndex {
			continue
		}
		set := map[string]bool{}
		for _, r := range handbook.Refs[p] {
			if r.Target != nil {
				set[r.Target.Src] = true
			}
		}
		linked[path.Dir(p.Src)] = set
	}
	for _, p := range handbook.Site.Pages {
		dir := path.Dir(p.Src)
		if p.IsIndex || dir == "." {
			continue
		}
		if set, ok := linked[dir]; !ok || !set[p.Src] {
			t.Errorf("%s/index.md does not link to %s", dir, p.Src)
		}
	}
}

// TestFailureCaseStudiesCoverBothLevels counts the case studies on every
// case-study page: each names exactly one level, and each level has at
// least minStudiesPerLevel of them (any number above that is fine).
func TestFailureCaseStudiesCoverBothLevels(t *testing.T) {
	const minStudiesPerLevel = 4
	count := map[string]int{}
	found := false
	for _, p := range handbook.Site.Pages {
		if !strings.HasPrefix(p.Src, "experiences/") || !strings.HasSuffix(p.Src, "failure-case-studies.md") {
			continue
		}
		found = true
		for _, h := range handbook.Converted[p].Headings {
			if h.Rank != 2 || !strings.Contains(h.Text, "Failure Case Study") {
				continue
			}
			if h.Level == "" {
				t.Errorf("%s: %q names no single level", p.Src, h.Text)
			}
			count[h.Level]++
		}
		related := false
		for _, r := range handbook.Refs[p] {
			if r.Target != nil && r.Target.Src == "practice/self-assessment.md" {
				related = true
			}
		}
		if !related {
			t.Errorf("%s does not link the self-assessment", p.Src)
		}
	}
	if !found {
		t.Fatal("no experiences/*failure-case-studies.md page")
	}
	for _, l := range []string{"L6", "L7"} {
		if count[l] < minStudiesPerLevel {
			t.Errorf("%d %s case studies, want at least %d (all: %v)", count[l], l, minStudiesPerLevel, count)
		}
	}
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

func TestWordsNormalisesTokens(t *testing.T) {
	got := strings.Join(words("## 📉 L7 Failure-Case: **Study**, \"We\"  ran!"), "|")
	if want := "l7|failurecase|study|we|ran"; got != want {
		t.Errorf("words() = %q, want %q", got, want)
	}
}

// TestExtraNoEightWordRunSharedWithSeed: no prose is copied from the seed
// page in ../shared (an extra: it skips when the seed is absent).
func TestExtraNoEightWordRunSharedWithSeed(t *testing.T) {
	seed := sitetest.SharedSeed(t)
	seedRuns := map[string]bool{}
	sw := words(string(seed))
	for i := 0; i+sharedRunLimit <= len(sw); i++ {
		seedRuns[strings.Join(sw[i:i+sharedRunLimit], " ")] = true
	}
	for _, p := range handbook.Site.Pages {
		pw := words(string(p.Source))
		for i := 0; i+sharedRunLimit <= len(pw); i++ {
			if k := strings.Join(pw[i:i+sharedRunLimit], " "); seedRuns[k] {
				t.Errorf("%s shares a %d-word run with the seed page: %q", p.Src, sharedRunLimit, k)
			}
		}
	}
}
