package convert

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"handbook/internal/buildstate"
	"handbook/internal/cache"
	"handbook/internal/markdown/highlight"
	"handbook/internal/project"
	"handbook/internal/site"
	"handbook/internal/sitetest"
)

const pagesSite = `-- content/index.md --
# Home

See [the guide](guide.md#setup).
-- content/guide.md --
# Guide

## Setup

Text.
`

func loadSite(t *testing.T, dir string) (*project.Config, *site.Site) {
	t.Helper()
	cfg := project.Default()
	s, diags := site.Load(cfg, dir, site.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	return cfg, s
}

func convertAll(t *testing.T, dir string, kept *cache.Store[buildstate.Conversion], sameStructure bool) ([]*Page, int) {
	t.Helper()
	cfg, s := loadSite(t, dir)
	c, _ := New(cfg, s, highlight.New(highlight.Options{}), nil, "settings")
	return c.All(Options{Kept: kept, SameStructure: sameStructure})
}

// Every page is converted, in the site's order; converted again with the
// conversions kept, none is converted twice, and each gives the same.
func TestKeptConversionsAreReused(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, pagesSite)
	var kept cache.Store[buildstate.Conversion]
	first, reused := convertAll(t, dir, &kept, false)
	if reused != 0 || len(first) != 2 || first[0].Page.Src != "guide.md" || !strings.Contains(string(first[0].Res.HTML), "Setup") {
		t.Fatalf("first conversion: reused %d of %d", reused, len(first))
	}
	again, reused := convertAll(t, dir, &kept, false)
	if reused != 2 {
		t.Errorf("second conversion reused %d of 2", reused)
	}
	for i := range again {
		if again[i].ID != first[i].ID || string(again[i].Res.HTML) != string(first[i].Res.HTML) {
			t.Errorf("page %s differs when reused", again[i].Page.Src)
		}
		if refs := again[i].Linker.Refs; len(refs) > 0 && (refs[0].Target == first[i].Linker.Refs[0].Target || refs[0].Target.Src != "guide.md") {
			t.Errorf("page %s: a reused link points at the last conversion's page, not this one's", again[i].Page.Src)
		}
	}
}

// A kept conversion whose link now resolves elsewhere is converted again
// (the links are checked one by one when the site's structure changed).
func TestKeptConversionWhoseLinkMovedIsConvertedAgain(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, pagesSite)
	var kept cache.Store[buildstate.Conversion]
	convertAll(t, dir, &kept, false)
	if err := os.Remove(filepath.Join(dir, "content", "guide.md")); err != nil {
		t.Fatal(err)
	}
	work, reused := convertAll(t, dir, &kept, false)
	if reused != 0 || len(work) != 1 {
		t.Errorf("after the link's target went: reused %d of %d", reused, len(work))
	}
}
