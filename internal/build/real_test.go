package build

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"handbook/internal/diag"
	"handbook/internal/sitetest"
)

// copyTree copies a project into a temporary folder: a build writes
// beside its config.
func copyTree(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dest := filepath.Join(to, rel)
		if d.IsDir() {
			return os.MkdirAll(dest, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dest, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

var (
	// codeOrTag drops code (where markers are shown on purpose) and tags,
	// leaving the text a reader sees.
	codeOrTag = regexp.MustCompile(`(?s)<pre.*?</pre>|<code.*?</code>|<script.*?</script>|<style.*?</style>|<[^>]*>`)
	// leftMarker is a dialect marker left as text: an admonition, a
	// collapsible block, a tab, a /// block or a snippet.
	leftMarker = regexp.MustCompile(`(?m)^\s*(!!!|\?\?\?\+?|===[+!]?|/{3,})\s|--8<--|--8&lt;--`)
	// leftIcon is an icon or emoji shortcode left as text.
	leftIcon = regexp.MustCompile(`:(material|octicons|fontawesome|simple|lucide)-[a-z0-9-]+:`)
)

// realWarnings are the warnings the real projects may give, each because
// MkDocs warns or fails there too, or because it would run project code:
// the Material documentation's templates and hooks live in a custom_dir
// left out of the copy (MkDocs stops at them), and its plugins are internal/
// pages' to honour.
var realWarnings = []*regexp.Regexp{
	regexp.MustCompile(`^docs/(index|insiders/index)\.md:\d+:\d+: warning: template "(home|redirect)\.html" not found`),
	regexp.MustCompile(`^mkdocs\.yml:\d+:\d+: warning: plugins not supported by handbook`),
	regexp.MustCompile(`^mkdocs\.yml:\d+:\d+: warning: .*hooks`),
	// httpx: mkautodoc is a Python extension (MkDocs stops: not installed).
	regexp.MustCompile(`^mkdocs\.yml:\d+:\d+: warning: markdown_extensions: mkautodoc is not implemented`),
}

// TestExtraRealProjectsBuild builds the two real projects of
// ../shared/real (copied) with default flags, as a new user would, and
// checks fidelity rather than HTML: it builds; it warns only where MkDocs
// does (notes are MkDocs' info level); no extension of theirs is reported
// unsupported; no dialect marker or icon shortcode is left as text outside
// code; no icon is unknown.
func TestExtraRealProjectsBuild(t *testing.T) {
	for _, name := range []string{"mkdocs-material", "httpx"} {
		t.Run(name, func(t *testing.T) {
			src := filepath.Join(sitetest.SharedDir(), "real", name)
			if _, err := os.Stat(filepath.Join(src, "mkdocs.yml")); err != nil {
				t.Skipf("%s is not here (set HANDBOOK_SHARED): extra test skipped", src)
			}
			res := Run(Options{Source: copyTree(t, src)})
			if !res.OK() {
				t.Fatalf("build failed: %v", res.Diags)
			}
			for _, d := range res.Diags {
				if d.Severity != diag.Warning {
					continue
				}
				allowed := false
				for _, re := range realWarnings {
					allowed = allowed || re.MatchString(d.String())
				}
				if !allowed || d.Code == "unknown-icon" {
					t.Errorf("warning MkDocs does not give: %s", d)
				}
			}
			pages := 0
			for out, body := range res.Files {
				if !strings.HasSuffix(out, ".html") || strings.HasPrefix(out, "print/") {
					continue
				}
				pages++
				html := string(body)
				start, end := strings.Index(html, "<article"), strings.Index(html, "</article>")
				if start < 0 || end < start {
					continue
				}
				text := codeOrTag.ReplaceAllString(html[start:end], "\n")
				if loc := leftMarker.FindStringIndex(text); loc != nil {
					t.Errorf("%s: marker left as text: %q", out, text[max(0, loc[0]-40):min(len(text), loc[1]+40)])
				}
				if m := leftIcon.FindString(text); m != "" {
					t.Errorf("%s: icon left as text: %s", out, m)
				}
			}
			if pages < 20 {
				t.Errorf("only %d pages", pages)
			}
		})
	}
}
