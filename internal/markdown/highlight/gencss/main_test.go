package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/chroma/v2"
)

// committed is the generated stylesheet as checked in, relative to this package.
var committed = filepath.Join("..", "..", "..", "..", filepath.FromSlash(outputPath))

func TestCommittedStylesheetIsUpToDate(t *testing.T) {
	want, err := os.ReadFile(committed)
	if err != nil {
		t.Fatalf("reading the committed stylesheet: %v", err)
	}
	if got := stylesheet(); !bytes.Equal(got, want) {
		t.Fatalf("%s is stale: run go run ./internal/markdown/highlight/gencss", outputPath)
	}
}

func TestOutputIsDeterministic(t *testing.T) {
	first := stylesheet()
	for range 5 {
		if !bytes.Equal(stylesheet(), first) {
			t.Fatal("two runs produced different stylesheets")
		}
	}
}

func TestDarkRulesAppearUnderBothDarkSelectors(t *testing.T) {
	css := string(stylesheet())
	for _, want := range []string{
		".highlight .k {",
		`:root[data-theme="dark"] .highlight .k {`,
		"@media (prefers-color-scheme: dark) {",
		`  :root:not([data-theme="light"]) .highlight .k {`,
		".highlight pre { background-color: ",
		".highlight .hll { background-color: ",
	} {
		if !strings.Contains(css, want) {
			t.Errorf("stylesheet lacks %q", want)
		}
	}
}

// TestColoursMeetAA checks every text colour of both themes against the
// background it is drawn on, including highlighted lines.
func TestColoursMeetAA(t *testing.T) {
	for _, th := range []theme{lightTheme, darkTheme} {
		p := resolve(th)
		bg := chroma.ParseColour(p[" pre"]["background-color"])
		hll := chroma.ParseColour(p[" .hll"]["background-color"])
		for sel, decl := range p {
			fg, ok := decl["color"]
			if !ok {
				continue
			}
			backgrounds := []chroma.Colour{bg, hll}
			if own, ok := decl["background-color"]; ok && sel != " pre" {
				backgrounds = []chroma.Colour{chroma.ParseColour(own)}
			}
			for _, b := range backgrounds {
				if c := contrast(chroma.ParseColour(fg), b); c < minContrast {
					t.Errorf("%s%s: %s on %s has contrast %.2f < %.1f", th.style, sel, fg, b, c, minContrast)
				}
			}
		}
	}
}

func TestReadableFixesLowContrast(t *testing.T) {
	white := chroma.MustParseColour("#ffffff")
	pale := chroma.MustParseColour("#bbbbbb") // 1.9:1 on white
	if got := readable(pale, white); contrast(got, white) < minContrast {
		t.Fatalf("readable(%s) = %s, still %.2f", pale, got, contrast(got, white))
	}
	dark := chroma.MustParseColour("#333333")
	if got := readable(dark, white); got != dark {
		t.Fatalf("a colour that already passes was changed: %s → %s", dark, got)
	}
}

func TestLightOnlyPropertiesAreResetInDark(t *testing.T) {
	light, dark := resolve(lightTheme), resolve(darkTheme)
	equalise(light, dark)
	for sel, decl := range light {
		for prop := range decl {
			if _, ok := dark[sel][prop]; !ok {
				t.Errorf("dark theme does not set %s on %s", prop, sel)
			}
		}
	}
}
