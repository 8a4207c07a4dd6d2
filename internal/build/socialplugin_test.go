package build

import (
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

// An MkDocs project gets Open Graph cards only with Material's social
// plugin, as in MkDocs; a handbook.yaml project has them by default.
func TestSocialCardsFollowTheSocialPlugin(t *testing.T) {
	for _, tc := range []struct {
		name, config string
		cards        bool
	}{
		{"mkdocs without the plugin", "-- mkdocs.yml --\nsite_name: S\nsite_url: https://example.org/\n-- docs/index.md --\n# Home\n", false},
		{"mkdocs with the plugin", "-- mkdocs.yml --\nsite_name: S\nsite_url: https://example.org/\nplugins:\n  - search\n  - social\n-- docs/index.md --\n# Home\n", true},
		{"handbook.yaml", "-- handbook.yaml --\ntitle: S\nbase_url: https://example.org/\n-- content/index.md --\n# Home\n", true},
		{"handbook.yaml turned off", "-- handbook.yaml --\ntitle: S\nbase_url: https://example.org/\nsocial_cards: false\n-- content/index.md --\n# Home\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			sitetest.WriteTxtar(t, dir, tc.config)
			res := Run(Options{Source: dir})
			if !res.OK() {
				t.Fatal(res.Diags)
			}
			cards := 0
			for name := range res.Files {
				if strings.HasPrefix(name, "social/") {
					cards++
				}
			}
			meta := strings.Contains(string(res.Files["index.html"]), `property="og:image"`)
			if (cards > 0) != tc.cards || meta != tc.cards {
				t.Errorf("%d cards, og:image in the page %v; want cards %v", cards, meta, tc.cards)
			}
		})
	}
}
