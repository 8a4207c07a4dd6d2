package social

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var card = Card{Site: "L6/L7 Interview Handbook", Title: "L7 Failure Case Study: Strong Technical, Weak Strategy and a very long title that must wrap over several lines to fit",
	Levels: []Badge{{Text: "L7", Fill: DefaultTheme.Accent, Ink: DefaultTheme.Background}}, Theme: DefaultTheme}

func TestCardIsAnOpenGraphPNG(t *testing.T) {
	r, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	b, err := r.PNG(card)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds().Size(); got.X != 1200 || got.Y != 630 {
		t.Fatalf("card is %v, want 1200×630", got)
	}
	// Text was drawn: the title's area holds foreground pixels.
	dark := 0
	for y := 230; y < 450; y += 2 {
		for x := 80; x < 1120; x += 2 {
			if r, _, _, _ := img.At(x, y).RGBA(); r < 0x4000 {
				dark++
			}
		}
	}
	if dark < 1000 {
		t.Errorf("only %d dark pixels where the title is", dark)
	}
	again, _ := r.PNG(card)
	if !bytes.Equal(b, again) {
		t.Error("the same card drew different bytes")
	}
	other := card
	other.Title = "Another page"
	if o, _ := r.PNG(other); bytes.Equal(o, b) {
		t.Error("two titles drew the same card")
	}
}

func TestCardsAreCached(t *testing.T) {
	dir := t.TempDir()
	r, _ := New(dir)
	b, err := r.PNG(card)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, card.Key()[:2], card.Key()+".png")
	if cached, err := os.ReadFile(p); err != nil || !bytes.Equal(cached, b) {
		t.Fatalf("not cached at %s: %v", p, err)
	}
	// A cached card is read, not drawn: plant different bytes and get them.
	if err := os.WriteFile(p, []byte("planted"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := r.PNG(card); string(got) != "planted" {
		t.Error("the cached card was drawn again")
	}
}

func TestAltNamesTitleSiteAndLevels(t *testing.T) {
	if alt := card.Alt(); !strings.HasPrefix(alt, card.Title+" — L6/L7 Interview Handbook") || !strings.HasSuffix(alt, "(L7)") {
		t.Errorf("alt %q", alt)
	}
}

func BenchmarkCard(b *testing.B) {
	r, _ := New("")
	for range b.N {
		if _, err := r.PNG(card); err != nil {
			b.Fatal(err)
		}
	}
}
