package sitetest

import (
	_ "embed"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// DamagedPage is the project's own fixture for what a real handbook page
// exercises: headings naming levels, repeated headings, emoji damaged by
// an editor that read UTF-8 as Mac Roman (in text and in code blocks),
// admonitions, dollar amounts that are not math, code blocks and, on its
// last line (DamagedLinksLine), three links to pages that do not exist.
//
//go:embed testdata/damaged-page.md
var DamagedPage []byte

// DamagedLinksLine is the line of DamagedPage with its three links, at
// columns 11, 55 and 99.
const DamagedLinksLine = 56

// DamagedRepairs lists every damaged sequence of DamagedPage and what it
// was, as strings.NewReplacer pairs.
var DamagedRepairs = []string{
	"\uf8ffüö®", "🚨", "\uf8ffüìâ", "📉", "\uf8ffüé≠", "🎭", "\uf8ffüìä", "📊", "\uf8ffüéØ", "🎯",
	"‚úÖ", "✅", "‚ùå", "❌", "‚Üí", "→",
}

// SeedRepairs lists every damaged sequence of the shared seed page (see
// SharedSeed) and what it was.
var SeedRepairs = []string{
	"\uf8ffüö®", "🚨", "\uf8ffüìâ", "📉", "\uf8ffüü°", "🟡", "\uf8ffüé≠", "🎭",
	"\uf8ffüìä", "📊", "\uf8ffü§ê", "🤐", "\uf8ffüìö", "📚", "\uf8ffüîÑ", "🔄",
	"\uf8ffüìã", "📋", "\uf8ffüéØ", "🎯", "‚úÖ", "✅", "‚ùå", "❌", "‚Üí", "→",
}

// SharedDir is ../shared beside the repository, or the folder the
// HANDBOOK_SHARED environment variable names (for a checkout elsewhere).
// It holds extra inputs, not part of the project.
func SharedDir() string {
	if d := os.Getenv("HANDBOOK_SHARED"); d != "" {
		return d
	}
	_, here, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(here), "..", "..", "..", "shared")
}

// SharedSeed returns the seed page of SharedDir()/fixtures/seed: an extra
// input, not part of the project. Tests reading it are named TestExtra…
// and skip, saying so, when it is absent (a bare clone); the project's own
// fixtures cover what it exercises.
func SharedSeed(t testing.TB) []byte {
	t.Helper()
	p := filepath.Join(SharedDir(), "fixtures", "seed", "failure-case-studies.md")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Skipf("extra test: the seed page ../shared/fixtures/seed/failure-case-studies.md is not beside the repository (%v)", err)
	}
	return b
}
