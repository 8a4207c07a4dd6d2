package buildstate

import (
	"maps"
	"os"
	"slices"

	"handbook/internal/cache"
	"handbook/internal/markdown/icons"
	"handbook/internal/mdconfig"
	"handbook/internal/project"
	"handbook/internal/site"
)

// The keys a conversion is reused by. A page's conversion depends on its
// text, the settings (SettingsKey) and the answers of its links: those
// are the same when the site's structure is (StructureKey), else checked
// one by one (LinksHold).

// StructureKey covers what link resolution depends on beyond the page and
// the link: which pages (and their URLs), files and folders exist, and the
// URLs the build generates.
func StructureKey(s *site.Site, generated map[string]bool) string {
	k := cache.NewKey()
	for _, p := range s.Pages {
		k.Str("p", p.Src, p.URL)
	}
	for _, a := range s.Assets {
		k.Str("a", a.Src)
	}
	k.Str(s.Dirs()...)
	for _, u := range slices.Sorted(maps.Keys(generated)) {
		k.Str("g", u)
	}
	sum := k.Sum()
	return string(sum[:])
}

// SettingsKey covers what a page's conversion depends on beyond its own
// text and the answers of its links (checked one by one, see LinksHold):
// the config files (the dialect's settings come from them), the icon
// library (shortcodes), the levels and the heading options.
func SettingsKey(cfg *project.Config, generated map[string]bool, lib *icons.Library) string {
	k := cache.NewKey().Str(lib.Fingerprint())
	for _, f := range cfg.Files {
		b, err := os.ReadFile(f)
		if err != nil {
			b = nil
		}
		k.Str(f).Bytes(b)
	}
	for _, id := range cfg.LevelIDs() {
		k.Str("l", id)
	}
	for _, u := range slices.Sorted(maps.Keys(generated)) {
		k.Str("g", u)
	}
	inferOn := cfg.InferLevels == nil || *cfg.InferLevels
	k.Str(boolStr(inferOn), boolStr(*cfg.TOC.Permalink), cfg.TOC.PermalinkSymbol, boolStr(cfg.Untrusted()))
	k.Str(mdconfig.Key(cfg)) // the dialect: markdown_extensions and their options
	sum := k.Sum()
	return string(sum[:])
}

func boolStr(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// ConversionKey covers a page's conversion's inputs but its links'
// answers and its snippets: the settings and the page's text.
func ConversionKey(settings string, p *site.Page) cache.Key {
	return cache.SumOf(func(k *cache.KeyWriter) { k.Str(settings, p.Src).Num(p.BodyLine).Bytes(p.BodyHash[:]) })
}

// ConversionID identifies what a page's conversion made: its key and
// where its links went (a link's target may move while the page stays the
// same).
func ConversionID(key cache.Key, refs []site.LinkRef) cache.Key {
	k := cache.NewKey().Bytes(key[:])
	for _, r := range refs {
		k.Str(r.Out)
	}
	return k.Sum()
}

// LinksHold reports whether each of a kept conversion's links resolves
// now as it did then.
func LinksHold(l *site.Linker, refs []site.LinkRef) bool {
	for _, r := range refs {
		now := l.Resolve(r.Dest, r.Kind)
		if now.Out != r.Out || now.Fragment != r.Fragment || now.Problem != r.Problem || now.External != r.External ||
			(now.Target == nil) != (r.Target == nil) || now.Target != nil && now.Target.Src != r.Target.Src {
			return false
		}
	}
	return true
}

// remapRefs points a kept conversion's link references at the pages of
// s, the site of this build. A target s no longer has is kept as it was,
// so that LinksHold finds the link changed.
func remapRefs(refs []site.LinkRef, s *site.Site) []site.LinkRef {
	out := make([]site.LinkRef, len(refs))
	copy(out, refs)
	for i := range out {
		if t := out[i].Target; t != nil {
			if p := s.Page(t.Src); p != nil {
				out[i].Target = p
			}
		}
	}
	return out
}
