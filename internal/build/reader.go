package build

import (
	"fmt"
	"html"
	"html/template"
	"path"
	"slices"
	"strings"

	"handbook/internal/par"

	"handbook/internal/offline"
	"handbook/internal/printpage"
	"handbook/internal/render"
	"handbook/internal/site"
	"handbook/internal/social"
)

// The reader's generated files: printable pages (print/, print/<level>/),
// Open Graph cards (social/…png, when the site's URL is known, since
// social sites need an absolute image URL), and what keeps the site
// working offline (sw.js, manifest.webmanifest and its icons).

// MaxPrintPages bounds the sites that get printable pages: a page holding
// more would be too large for a browser to lay out and print, and joining
// them would cost a large site's build a good part of its time.
const MaxPrintPages = 500

// printURL is the printable page of a level ("" for every page).
func printURL(level string) string {
	if level == "" {
		return "print/"
	}
	return "print/" + strings.ToLower(level) + "/"
}

// addPrintPages writes the printable pages: every page in nav order, and
// each level's pages (those tagged with it or with no level), without the
// sections tagged with another level. Runs before the pages are rendered,
// while their HTML is in memory.
func (g *generator) addPrintPages() {
	if len(g.work) > MaxPrintPages {
		return
	}
	byPage := make(map[*site.Page]*pageWork, len(g.work))
	for _, w := range g.work {
		byPage[w.page] = w
	}
	levels := append([]string{""}, g.cfg.LevelIDs()...)
	par.For(len(levels), func(i int) { g.addPrintPage(levels[i], byPage) })
}

// addPrintPage writes the printable page of one level ("" for all).
func (g *generator) addPrintPage(level string, byPage map[*site.Page]*pageWork) {
	url := printURL(level)
	var pages []printpage.Page
	for _, p := range g.order {
		w := byPage[p]
		if w == nil || (level != "" && len(p.Levels) > 0 && !slices.Contains(p.Levels, level)) {
			continue
		}
		pages = append(pages, printpage.Page{URL: p.URL, Title: p.Title, HTML: w.res.HTML, Levels: p.Levels})
	}
	doc := printpage.Join(pages, url, level)
	title := "The whole handbook, to print"
	if level != "" {
		title = level + " pages, to print"
	}
	var b strings.Builder
	b.Grow(len(doc.HTML) + 100*len(doc.TOC) + 512)
	fmt.Fprintf(&b, "<p class=\"lead\">%d pages of %s in the order of the navigation, on one page: print it, or save it as PDF.</p>\n", len(pages), html.EscapeString(g.cfg.Title))
	b.WriteString("<nav class=\"hb-print-toc\" aria-labelledby=\"hb-print-contents\">\n<h2 id=\"hb-print-contents\">Contents</h2>\n<ol>\n")
	var toc []render.TOCItem
	for _, e := range doc.TOC {
		fmt.Fprintf(&b, "<li><a href=\"#%s\">%s</a></li>\n", e.ID, html.EscapeString(e.Title))
		toc = append(toc, render.TOCItem{Rank: 2, ID: e.ID, Text: e.Title})
	}
	b.WriteString("</ol>\n</nav>\n")
	b.Write(doc.HTML)
	prefix := site.RootPrefix(url)
	d := &render.PageData{
		Site: g.siteData, Kind: "print", Title: title, TitleID: "page-title", Root: prefix,
		Description: "Every page of " + g.cfg.Title + " on one page, to print.",
		Content:     template.HTML(b.String()), Nav: template.HTML(g.navR.For(nil, prefix)), TOC: toc,
	}
	if level != "" {
		d.Levels = []string{level}
	}
	out, err := g.theme.Page(d)
	if err != nil {
		g.mu.Lock()
		g.result.Diags.Errorf("theme/templates/page.html", 0, 0, "theme", "rendering %s: %v", url, err)
		g.mu.Unlock()
		return
	}
	g.put(url+"index.html", out)
}

// socialImage is a page's card: its site path, or "" without a site URL.
func (g *generator) socialImage(pageURL string) string {
	if g.cfg.BaseURL == "" {
		return ""
	}
	return "social/" + strings.TrimPrefix(printpage.Anchor(pageURL), "page-") + ".png"
}

// setSocial gives a page's data its card's URL and text alternative.
func (g *generator) setSocial(d *render.PageData, pageURL string) {
	if img := g.socialImage(pageURL); img != "" {
		d.Social = &render.SocialImage{URL: g.cfg.BaseURL + img, Alt: g.card(d.Title, d.Levels).Alt()}
	}
}

func (g *generator) card(title string, levels []string) social.Card {
	c := social.Card{Site: g.cfg.Title, Title: title, Theme: social.DefaultTheme}
	if accent, ok := social.ParseColor(g.siteData.Accent); ok {
		c.Theme.Accent = accent
	}
	for _, id := range levels {
		b := social.Badge{Text: id, Fill: c.Theme.Accent, Ink: c.Theme.Background}
		for _, l := range g.siteData.Levels {
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

// addSocialCards draws every page's card (the generated level pages too).
func (g *generator) addSocialCards() {
	if g.cfg.BaseURL == "" {
		return
	}
	dir := ""
	if g.opts.CacheDir != "" {
		dir = g.opts.CacheDir + "/social"
	}
	r, err := social.New(dir)
	if err != nil {
		g.result.Diags.Errorf("", 0, 0, "social", "loading the card fonts: %v", err)
		return
	}
	pages := g.order
	par.For(len(pages), func(i int) {
		p := pages[i]
		b, err := r.PNG(g.card(p.Title, p.Levels))
		if err != nil {
			g.mu.Lock()
			g.result.Diags.Errorf("", 0, 0, "social", "drawing the card of %s: %v", p.URL, err)
			g.mu.Unlock()
			return
		}
		g.put(g.socialImage(p.URL), b)
	})
}

// addOffline writes the web app manifest, its icons and the service worker,
// whose version is a digest of every other file of the build.
func (g *generator) addOffline() {
	r, err := social.New("")
	if err != nil {
		return
	}
	theme := social.DefaultTheme
	if accent, ok := social.ParseColor(g.siteData.Accent); ok {
		theme.Accent = accent
	}
	var icons []offline.Icon
	for _, size := range []int{192, 512} {
		b, err := r.Icon(size, g.cfg.Title, theme)
		if err != nil {
			continue
		}
		name := fmt.Sprintf("assets/icon-%d.png", size)
		g.put(name, b)
		icons = append(icons, offline.Icon{Path: name, Sizes: fmt.Sprintf("%dx%d", size, size), Type: "image/png", Purpose: "any maskable"})
	}
	icons = append(icons, offline.Icon{Path: g.theme.Icon, Sizes: "any", Type: "image/svg+xml"})
	g.put("manifest.webmanifest", offline.Manifest(g.cfg.Title, g.cfg.Description, hexColor(theme.Accent), "#ffffff", icons))
	version, names := g.outputDigest()
	names = slices.DeleteFunc(names, func(n string) bool {
		return strings.HasPrefix(n, "social/") || strings.HasPrefix(n, "print/") || path.Base(n) == ".nojekyll"
	})
	g.put("sw.js", offline.ServiceWorker(version, names))
}

// outputDigest is the version and file names of everything the build
// wrote but sw.js: from the files themselves when they are kept in memory
// (an incremental build holds files it did not put again), else from
// the digest of what was put.
func (g *generator) outputDigest() (string, []string) {
	if g.opts.Output != nil {
		return g.digest.Version(), g.digest.Names()
	}
	var d offline.Digest
	for name, b := range g.result.Files {
		if name != "sw.js" {
			d.Add(name, b)
		}
	}
	return d.Version(), d.Names()
}

func hexColor(c interface{ RGBA() (r, g, b, a uint32) }) string {
	r, gr, b, _ := c.RGBA()
	return fmt.Sprintf("#%02x%02x%02x", r>>8, gr>>8, b>>8)
}
