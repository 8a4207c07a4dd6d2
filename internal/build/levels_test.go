package build

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

func TestPageLevelInference(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, `
-- content/index.md --
# Home
-- content/fm.md --
---
levels: [L7]
---
# Front matter wins over the path l6
-- content/single.md --
---
level: l6
---
# Single value, any case
-- content/aud.md --
---
audience: [L6, L7]
---
# Audience
-- content/behavioral/l6-scenarios.md --
# Scenarios
-- content/l7/strategy.md --
# In an L7 folder
-- content/title.md --
# L7 Title Page
-- content/both.md --
# L6 vs L7
-- content/none.md --
# Nothing here
-- content/l6-vs-l7.md --
# Comparison
`)
	res := Run(Options{Source: dir})
	if !res.OK() {
		t.Fatal(res.Diags)
	}
	want := map[string]string{
		"fm.md": "L7", "single.md": "L6", "aud.md": "L6,L7", "behavioral/l6-scenarios.md": "L6",
		"l7/strategy.md": "L7", "title.md": "L7", "both.md": "", "none.md": "", "l6-vs-l7.md": "", "index.md": "",
	}
	for _, p := range res.Site.Pages {
		if got := strings.Join(p.Levels, ","); got != want[p.Src] {
			t.Errorf("%s: levels %q, want %q", p.Src, got, want[p.Src])
		}
	}
	// Inference can be switched off.
	os.WriteFile(filepath.Join(dir, "handbook.yaml"), []byte("infer_levels: false\n"), 0o644)
	res = Run(Options{Source: dir})
	for _, p := range res.Site.Pages {
		if p.Src == "title.md" && len(p.Levels) != 0 {
			t.Errorf("inference off, but title.md has %v", p.Levels)
		}
		if p.Src == "fm.md" && strings.Join(p.Levels, ",") != "L7" {
			t.Errorf("front matter ignored with inference off: %v", p.Levels)
		}
	}
	if strings.Contains(string(res.Files["title/index.html"]), `<h1 id="l7-title-page" data-level`) {
		t.Error("heading tagged with inference off")
	}
}

// The level pages list a handbook page's level sections: the project's
// damaged page, and the seed page of ../shared as an extra.
func TestPageLevelPages(t *testing.T) {
	checkLevelPages(t, sitetest.DamagedPage, "L6 Debrief", "L7 Debrief: Deep Systems, Thin Narrative",
		"#uia-l7-debrief-deep-systems-thin-narrative", []string{"L6 Debrief: Credit Taken, Team Lost", "L6 Debrief: Numbers Missing"})
}

func TestExtraSeedLevelPages(t *testing.T) {
	checkLevelPages(t, sitetest.SharedSeed(t), "L6 Failure Case Study", "L7 Failure Case Study: Strong Technical, Weak Strategy",
		"#uia-l7-failure-case-study-strong-technical-weak-strategy", []string{
			"L6 Failure Case Study: Using &#34;We&#34; Instead of &#34;I&#34;",
			"L6 Failure Case Study: No Quantified Metrics",
			"L6 Failure Case Study: Avoiding Conflict &amp; Difficult Decisions",
			"L6 Failure Case Study: Outdated AWS Knowledge",
			"L6 Failure Case Study: Poor Rapid-Fire Question Handling", // the seed has five, not four
		})
}

func checkLevelPages(t *testing.T, src []byte, l6Prefix, l7Study, l7Anchor string, l6Studies []string) {
	dir := seedSite(t, src)
	res := Run(Options{Source: dir})
	if !res.OK() {
		t.Fatal(res.Diags)
	}
	l7 := string(res.Files["levels/l7/index.html"])
	l6 := string(res.Files["levels/l6/index.html"])
	overview := string(res.Files["levels/index.html"])
	if !strings.Contains(l7, l7Study) || strings.Contains(l6, l7Study) {
		t.Errorf("the L7 study must be on the L7 page only")
	}
	if !strings.Contains(l7, `href="../../experiences/failure-case-studies/`+l7Anchor+`"`) {
		t.Errorf("L7 page lacks the anchor link:\n%s", l7)
	}
	for _, s := range l6Studies {
		if !strings.Contains(l6, s) {
			t.Errorf("L6 page lacks %q", s)
		}
		if strings.Contains(l7, s) {
			t.Errorf("L7 page lists %q", s)
		}
	}
	if strings.Count(l6, l6Prefix) != len(l6Studies) {
		t.Errorf("L6 page should list exactly the %d L6 studies, has %d", len(l6Studies), strings.Count(l6, l6Prefix))
	}
	if !strings.Contains(overview, `<a href="l6/">`) || !strings.Contains(overview, "Senior Software Development Manager (Senior SDM)") {
		t.Errorf("overview:\n%s", overview)
	}
	page := string(res.Files["experiences/failure-case-studies/index.html"])
	if !strings.Contains(page, `data-level="L7"`) || strings.Count(page, `<h2 id="`) < 4 {
		t.Error("level headings not tagged in the page")
	}
}

func TestLevelPagesSkipPagesForEveryLevel(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- content/index.md --\n# Home\n-- content/both.md --\n---\nlevels: [L6, L7]\n---\n# Shared page\n-- content/six.md --\n---\nlevels: [L6]\n---\n# Six only\n")
	res := Run(Options{Source: dir})
	if !res.OK() {
		t.Fatal(res.Diags)
	}
	l6 := string(res.Files["levels/l6/index.html"])
	l6 = l6[strings.Index(l6, "<article"):strings.Index(l6, "</article>")] // not the nav
	if !strings.Contains(l6, "Six only") || strings.Contains(l6, "Shared page") {
		t.Errorf("L6 page should list the L6-only page and not the page for every level:\n%s", l6)
	}
}

// A project that defines no levels (none in its config, none in any
// page's front matter) gets no switcher, badges, level pages or print
// page per level, and no inference from a page's name or headings.
func TestNoLevelsWithoutAny(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, "-- mkdocs.yml --\nsite_name: Plain\n-- docs/index.md --\n# Home\n\n## L6 notes\n-- docs/l7-guide.md --\n# L7 guide\n")
	res := Run(Options{Source: dir})
	if !res.OK() {
		t.Fatal(res.Diags)
	}
	for name, body := range res.Files {
		if strings.HasPrefix(name, "levels/") || strings.HasPrefix(name, "print/l") {
			t.Errorf("level page %s written", name)
		}
		html := string(body)
		if strings.HasSuffix(name, ".html") && (strings.Contains(html, "hb-level-switch") || strings.Contains(html, "hb-badge") || strings.Contains(html, "data-level=\"L")) {
			t.Errorf("%s has level markup", name)
		}
	}
	if _, ok := res.Files["print/index.html"]; !ok {
		t.Error("no print page")
	}
}
