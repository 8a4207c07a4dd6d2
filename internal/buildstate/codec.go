// Package buildstate is what a build keeps for the next one: each page's
// conversion with the keys it is reused by (the snippets it read
// included), and the state a CLI build saves on disk for the next build
// into the same output folder (each file's parse, each page's conversion
// and links, the key of every file written), in the compact binary form
// of internal/cache. Every field of the types it writes is covered (a test
// fills each with a value by reflection and checks the round trip), so a
// field added to one of them and not here fails the tests instead of being
// lost between builds.
package buildstate

import (
	"maps"
	"slices"

	"handbook/internal/cache"
	"handbook/internal/diag"
	"handbook/internal/markdown"
	"handbook/internal/site"
	"handbook/internal/site/frontmatter"
)

// encodeSavedLoad writes one file's parse.
func encodeSavedLoad(e *cache.Enc, l *site.SavedLoad) {
	if l.Raw != nil {
		e.B = append(e.B, l.Raw...) // (as read, the same)
		return
	}
	r := l.Rec
	e.Str(r.Src)
	e.Int(r.Size)
	e.Int(r.Mod)
	e.Int(r.Read)
	e.B = append(e.B, r.Hash[:]...)
	e.Str(r.Key)
	encodePage(e, &r.Page)
	diag.Encode(e, r.Diags)
}

// decodeLoadRecord reads one file's parse.
func decodeLoadRecord(d *cache.Dec) site.LoadRecord {
	r := site.LoadRecord{Src: d.Str(), Size: d.Int(), Mod: d.Int(), Read: d.Int()}
	copy(r.Hash[:], d.Raw(32))
	r.Key = d.Str()
	r.Page = decodePage(d)
	r.Diags = diag.Decode(d)
	return r
}

// encodePage writes what a parse sets on a page (URLs and text are not
// kept: the build works them out again).
func encodePage(e *cache.Enc, p *site.Page) {
	e.Str(p.Src)
	encodeFrontMatter(e, &p.FM)
	e.Str(p.Title)
	e.Strs(p.Levels)
	e.Int(int64(p.BodyLine))
	e.B = append(e.B, p.BodyHash[:]...)
	e.Bool(p.IsIndex)
}

func decodePage(d *cache.Dec) site.Page {
	p := site.Page{Src: d.Str(), FM: decodeFrontMatter(d), Title: d.Str(), Levels: d.Strs(), BodyLine: int(d.Int())}
	copy(p.BodyHash[:], d.Raw(32))
	p.IsIndex = d.Bool()
	return p
}

func encodeFrontMatter(e *cache.Enc, fm *frontmatter.FrontMatter) {
	e.Str(fm.Title)
	e.Str(fm.Description)
	e.Strs(fm.Levels)
	e.Strs(fm.Tags)
	e.Int(int64(fm.Weight))
	e.Bool(fm.Draft)
	e.Bool(fm.HasLevels)
	e.Int(int64(fm.LevelLine))
	e.Int(int64(fm.LevelCol))
	e.Str(fm.LevelFile)
	e.Strs(fm.Hide)
	e.Str(fm.Icon)
	e.Str(fm.Status)
	e.Bool(fm.SearchExclude)
	e.Str(fm.Template)
	e.Str(fm.Subtitle)
	pos := fm.Positions()
	keys := slices.Sorted(maps.Keys(pos))
	e.Uint(uint64(len(keys)))
	for _, k := range keys {
		e.Str(k)
		e.Str(pos[k].File)
		e.Int(int64(pos[k].Line))
		e.Int(int64(pos[k].Col))
	}
	e.Bool(fm.Drill != nil)
	if s := fm.Drill; s != nil {
		e.Str(s.Source)
		e.Str(s.Level)
		e.Int(int64(s.Rank))
		e.Int(int64(s.Minutes))
		e.Str(s.Reveal)
		e.Int(int64(s.Line))
		e.Int(int64(s.Col))
		e.Int(int64(s.LevelLine))
		e.Int(int64(s.LevelCol))
	}
}

func decodeFrontMatter(d *cache.Dec) frontmatter.FrontMatter {
	fm := frontmatter.FrontMatter{Title: d.Str(), Description: d.Str(), Levels: d.Strs(), Tags: d.Strs(),
		Weight: int(d.Int()), Draft: d.Bool(), HasLevels: d.Bool(), LevelLine: int(d.Int()), LevelCol: int(d.Int()),
		LevelFile: d.Str(), Hide: d.Strs(), Icon: d.Str(), Status: d.Str(), SearchExclude: d.Bool(), Template: d.Str(), Subtitle: d.Str()}
	if n := d.Len(4); n > 0 {
		pos := make(map[string]frontmatter.Pos, n)
		for range n {
			k := d.Str()
			pos[k] = frontmatter.Pos{File: d.Str(), Line: int(d.Int()), Col: int(d.Int())}
		}
		fm.SetPositions(pos)
	}
	if d.Bool() {
		fm.Drill = &frontmatter.DrillSpec{Source: d.Str(), Level: d.Str(), Rank: int(d.Int()), Minutes: int(d.Int()),
			Reveal: d.Str(), Line: int(d.Int()), Col: int(d.Int()), LevelLine: int(d.Int()), LevelCol: int(d.Int())}
	}
	return fm
}

// encodeResult writes a page's conversion; its HTML only when withHTML,
// its sections' text and code (which only the search index reads) only
// when withText.
func encodeResult(e *cache.Enc, r *markdown.Result, withHTML, withText bool) {
	e.Bool(withHTML)
	if withHTML {
		e.Bytes(r.HTML)
	}
	e.Bool(withText)
	e.Str(r.Title)
	e.Uint(uint64(len(r.Headings)))
	for _, h := range r.Headings {
		e.Int(int64(h.Rank))
		e.Str(h.ID)
		e.Str(h.Text)
		e.Str(h.HTML)
		e.Int(int64(h.Line))
		e.Str(h.Level)
		e.Bool(h.InTOC)
	}
	e.Strs(r.IDs)
	e.Uint(uint64(len(r.Links)))
	for _, l := range r.Links {
		e.Str(l.Dest)
		e.Int(int64(l.Kind))
		e.Int(int64(l.Line))
		e.Int(int64(l.Col))
		e.Bool(l.Empty)
		e.Bool(l.NoAlt)
	}
	e.Uint(uint64(len(r.Sections)))
	for _, s := range r.Sections {
		e.Int(int64(s.Heading))
		if withText {
			e.Str(s.Text)
			e.Str(s.Code)
		}
		e.Str(s.Summary)
		e.Strs(s.Levels)
	}
	e.Bool(r.HasMermaid)
	e.Bool(r.HasMath)
	diag.Encode(e, r.Diags)
	e.Strs(r.Included)
	e.Strs(r.Missing)
	e.Str(r.Panic)
}

// decodeResult reads a page's conversion; HTML is nil when it was not kept
// (hasHTML false), and so are the sections' text and code (hasText).
func decodeResult(d *cache.Dec) (r *markdown.Result, hasHTML, hasText bool) {
	r = &markdown.Result{}
	if hasHTML = d.Bool(); hasHTML {
		r.HTML = d.Bytes()
		if r.HTML == nil {
			r.HTML = []byte{}
		}
	}
	hasText = d.Bool()
	r.Title = d.Str()
	if n := d.Len(6); n > 0 {
		r.Headings = make([]markdown.Heading, n)
		for i := range r.Headings {
			r.Headings[i] = markdown.Heading{Rank: int(d.Int()), ID: d.Str(), Text: d.Str(), HTML: d.Str(), Line: int(d.Int()), Level: d.Str(), InTOC: d.Bool()}
		}
	}
	r.IDs = d.Strs()
	if n := d.Len(6); n > 0 {
		r.Links = make([]markdown.Link, n)
		for i := range r.Links {
			r.Links[i] = markdown.Link{Dest: d.Str(), Kind: markdown.LinkKind(d.Int()), Line: int(d.Int()), Col: int(d.Int()), Empty: d.Bool(), NoAlt: d.Bool()}
		}
	}
	if n := d.Len(3); n > 0 {
		r.Sections = make([]markdown.Section, n)
		for i := range r.Sections {
			s := markdown.Section{Heading: int(d.Int())}
			if hasText {
				s.Text, s.Code = d.Str(), d.Str()
			}
			s.Summary, s.Levels = d.Str(), d.Strs()
			r.Sections[i] = s
		}
	}
	r.HasMermaid, r.HasMath = d.Bool(), d.Bool()
	r.Diags = diag.Decode(d)
	r.Included, r.Missing = d.Strs(), d.Strs()
	r.Panic = d.Str()
	return r, hasHTML, hasText
}

// encodeRefs writes a page's resolved links, each target by its source path.
func encodeRefs(e *cache.Enc, refs []site.LinkRef) {
	e.Uint(uint64(len(refs)))
	for _, r := range refs {
		e.Int(int64(r.Line))
		e.Int(int64(r.Col))
		e.Str(r.Dest)
		e.Int(int64(r.Kind))
		e.Bool(r.External)
		if r.Target != nil {
			e.Bool(true)
			e.Str(r.Target.Src)
		} else {
			e.Bool(false)
		}
		e.Str(r.Fragment)
		e.Str(r.Problem)
		e.Int(int64(r.WhyCode()))
		e.Str(r.Out)
	}
}

// decodeRefs reads a page's links; target returns the page of a source
// path (nil when there is none now).
func decodeRefs(d *cache.Dec, target func(src string) *site.Page) []site.LinkRef {
	n := d.Len(9)
	if n == 0 {
		return nil
	}
	refs := make([]site.LinkRef, n)
	for i := range refs {
		r := site.LinkRef{Line: int(d.Int()), Col: int(d.Int()), Dest: d.Str(), Kind: markdown.LinkKind(d.Int()), External: d.Bool()}
		if d.Bool() {
			r.Target = target(d.Str())
		}
		r.Fragment, r.Problem = d.Str(), d.Str()
		r.SetWhyCode(int(d.Int()))
		r.Out = d.Str()
		refs[i] = r
	}
	return refs
}
