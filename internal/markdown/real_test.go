package markdown_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"handbook/internal/sitetest"

	"handbook/internal/markdown"
	"handbook/internal/markdown/blocks"
	"handbook/internal/markdown/magiclink"
	"handbook/internal/markdown/smartsymbols"
	"handbook/internal/markdown/snippets"
)

// codeRe matches code, where markers are shown on purpose.
var codeRe = regexp.MustCompile(`(?s)<pre.*?</pre>|<code.*?</code>`)

// TestExtraRealProjectLeavesNoMarkers converts every page of Material for
// MkDocs' own documentation with the extensions and options its mkdocs.yml
// sets, and checks that no `///` block fence or `--8<--` snippet marker is
// left as text outside code. It needs ../shared/real (skipped without).
func TestExtraRealProjectLeavesNoMarkers(t *testing.T) {
	root := filepath.Join(sitetest.SharedDir(), "real", "mkdocs-material")
	if _, err := os.Stat(filepath.Join(root, "mkdocs.yml")); err != nil {
		t.Skip("../shared/real/mkdocs-material is not here: extra test skipped")
	}
	all := blocks.All()
	c := markdown.New(markdown.Options{
		Dialect: markdown.Dialect{
			Blocks: &all, SmartSymbols: &smartsymbols.Options{},
			MagicLink: &magiclink.Options{RepoShorthand: true, User: "squidfunk", Repo: "mkdocs-material", NormalizeIssueSymbols: true},
		},
		Snippets: &snippets.Options{BasePaths: []string{root}, AutoAppend: []string{"includes/mkdocs.md"}},
	})
	pages := 0
	err := filepath.WalkDir(filepath.Join(root, "docs"), func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		pages++
		res := c.Convert(src, nil)
		if res.Diags.HasErrors() {
			t.Errorf("%s: %v", path, res.Diags)
		}
		text := codeRe.ReplaceAllString(string(res.HTML), "")
		for _, marker := range []string{"--8&lt;--", "--8<--"} {
			if strings.Contains(text, marker) {
				t.Errorf("%s: snippet marker left in the page", path)
			}
		}
		for _, line := range strings.Split(text, "\n") {
			if strings.HasPrefix(strings.TrimPrefix(line, "<p>"), "///") {
				t.Errorf("%s: block fence left in the page: %q", path, line)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 50 {
		t.Fatalf("only %d pages", pages)
	}
}

// TestExtraPymdownxDocsBlocks converts pymdownx's own documentation, which
// uses /// blocks throughout (nested, with options, in tabs and lists),
// with the block types its mkdocs.yml registers, and checks that no fence
// of those types is left as text outside code. Blocks of the
// documentation's own plugins (fancylists, collapse-code) are not
// pymdownx.blocks and stay. It needs ../shared/reference (skipped without).
func TestExtraPymdownxDocsBlocks(t *testing.T) {
	root := filepath.Join(sitetest.SharedDir(), "reference", "pymdownx-docs", "markdown")
	if _, err := os.Stat(root); err != nil {
		t.Skip("../shared/reference/pymdownx-docs is not here: extra test skipped")
	}
	var types []blocks.Type
	for _, name := range []string{"new", "settings", "note", "abstract", "info", "tip", "success", "question", "warning", "failure", "danger", "bug", "example", "quote", "important"} {
		types = append(types, blocks.Type{Name: name})
	}
	opts := blocks.All()
	opts.Admonition.Types = types
	opts.Details.Types = []blocks.Type{{Name: "details-info", Class: "info"}}
	c := markdown.New(markdown.Options{
		Dialect:  markdown.Dialect{Blocks: &opts},
		Snippets: &snippets.Options{BasePaths: []string{filepath.Join(root, ".snippets")}, AutoAppend: []string{"refs.md"}},
	})
	fence := regexp.MustCompile(`^(?:<p>)?/{3,} *([\w-]+)`)
	stay := map[string]bool{"fancylists": true, "collapse-code": true}
	pages, blocksSeen := 0, 0
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") || strings.Contains(path, ".snippets") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		pages++
		res := c.Convert(src, nil)
		html := string(res.HTML)
		blocksSeen += strings.Count(html, `class="admonition`) + strings.Count(html, "<figure") + strings.Count(html, "tabbed-set")
		for _, line := range strings.Split(codeRe.ReplaceAllString(html, ""), "\n") {
			if m := fence.FindStringSubmatch(line); m != nil && !stay[m[1]] {
				t.Errorf("%s: block fence left in the page: %q", path, line)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages < 30 || blocksSeen < 100 {
		t.Fatalf("only %d pages, %d blocks rendered", pages, blocksSeen)
	}
}
