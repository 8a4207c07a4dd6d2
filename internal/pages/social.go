package pages

import (
	"strings"
	"sync"

	"handbook/internal/cache"
	"handbook/internal/diag"
	"handbook/internal/par"
	"handbook/internal/printpage"
	"handbook/internal/render"
	"handbook/internal/social"
	"handbook/internal/urlpath"
)

// SocialImage is the site path of a page's Open Graph card (social/…png),
// or "" without the site's URL: social sites need an absolute image URL.
func (s *Site) SocialImage(pageURL string) string {
	if s.Config.BaseURL == "" || !s.Config.SocialCards {
		return ""
	}
	return "social/" + strings.TrimPrefix(printpage.Anchor(urlpath.Decode(pageURL)), "page-") + ".png"
}

// SetSocial gives a page's data its card's URL and text alternative.
func (s *Site) SetSocial(d *render.PageData, pageURL string) {
	if img := s.SocialImage(pageURL); img != "" {
		d.Social = &render.SocialImage{URL: urlpath.Abs(s.Config.BaseURL, urlpath.File(img)), Alt: s.Card(d.Title, d.Levels).Alt()}
	}
}

// Card is the Open Graph card of a page with this title and levels.
func (s *Site) Card(title string, levels []string) social.Card {
	c := social.Card{Site: s.Config.Title, Title: title, Theme: social.DefaultTheme}
	if accent, ok := social.ParseColor(s.Data.Accent); ok {
		c.Theme.Accent = accent
	}
	for _, id := range levels {
		b := social.Badge{Text: id, Fill: c.Theme.Accent, Ink: c.Theme.Background}
		for _, l := range s.Data.Levels {
			if l.ID == id {
				if fill, ok := social.ParseColor(l.Color); ok {
					b.Fill = fill
				}
				if ink, ok := social.ParseColor(l.Ink); ok {
					b.Ink = ink
				}
			}
		}
		c.Levels = append(c.Levels, b)
	}
	return c
}

// SocialCards draws every page's card (the generated pages' too), with
// the cards cached in cacheDir (or none), and hands each to put with the
// key of what it shows as it is drawn (from several goroutines). A card
// Reuse finds in the output already is not drawn again.
func (s *Site) SocialCards(cacheDir string, put func(name string, data []byte, key cache.Key)) diag.List {
	var diags diag.List
	if s.Config.BaseURL == "" || !s.Config.SocialCards {
		return nil
	}
	r, err := social.New(cacheDir)
	if err != nil {
		diags.Errorf("", 0, 0, "social", "loading the card fonts: %v", err)
		return diags
	}
	var mu sync.Mutex
	par.For(len(s.Order), func(i int) {
		p := s.Order[i]
		card := s.Card(p.Title, p.Levels)
		name := s.SocialImage(p.URL)
		key := cache.NewKey().Str("social").Value(card).Sum()
		if s.reuse(name, key) {
			return
		}
		b, err := r.PNG(card)
		if err != nil {
			mu.Lock()
			diags.Errorf("", 0, 0, "social", "drawing the card of %s: %v", p.URL, err)
			mu.Unlock()
			return
		}
		put(name, b, key)
	})
	return diags
}
