// Package critic implements pymdownx.critic: CriticMarkup edits
//
//	{++insert++} {--delete--} {~~old~>new~~} {==highlight==} {>>comment<<}
//
// shown as HTML (view mode), or applied (accept) or undone (reject) before
// the page is parsed. Like pymdownx it works on the page text, before any
// other syntax; unlike pymdownx, marks inside code show as text.
package critic

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Mode is what happens to the edits.
type Mode string

const (
	View   Mode = "view"   // shown as <ins>, <del>, <mark> and comments
	Accept Mode = "accept" // insertions kept, deletions dropped
	Reject Mode = "reject" // the other way round
)

// Options configure the extension.
type Options struct {
	Mode Mode // default View
	// RawView leaves the marks as they are in view mode.
	RawView bool
}

var criticRe = regexp.MustCompile(`(?s)\{(?:\+\+(.*?)\+\+|--(.*?)--|==(.*?)==|>>(.*?)<<|~~(.*?)~>(.*?)~~)\}`)

var blockSep = regexp.MustCompile(`^(?:\r?\n){2,}$`)

// Result is the page with the edits applied or shown.
type Result struct {
	Source []byte
	// origins[i] is the page line of output line i+1; nil: unchanged.
	origins []int
	// bare are the lines of block tags only (an edit's opening or closing
	// tag on a line of its own), each made a paragraph so it parses as a
	// block; Unwrap takes them out of it.
	bare []string
}

// Unwrap returns the page's HTML with the paragraphs of block tags only
// replaced by the tags, as pymdownx's postprocessor does: an edit that
// spans blocks wraps them (<del class="critic block"> <ul>…</ul> </del>),
// where a paragraph would close before them. html is changed in place.
func (r *Result) Unwrap(html []byte) []byte {
	for _, tags := range r.bare {
		html = bytes.ReplaceAll(html, []byte("<p>"+tags+"</p>"), []byte(tags))
	}
	return html
}

// PageLine maps a 1-based line of Source to the page line it comes from.
func (r *Result) PageLine(line int) int {
	if r.origins == nil || line < 1 {
		return line
	}
	return r.origins[min(line, len(r.origins))-1]
}

// Process applies the options to src. A page without marks is returned
// as it is.
func Process(src []byte, o Options) *Result {
	if !bytes.Contains(src, []byte("{")) || o.Mode != Accept && o.Mode != Reject && o.RawView {
		return &Result{Source: src}
	}
	if o.Mode == Accept || o.Mode == Reject {
		return applyEdits(src, o.Mode == Accept)
	}
	return view(src)
}

// rewrite replaces each edit by what replace makes of it, and maps each
// output line to a page line: text outside edits keeps its line, an edit's
// lines map to the line the edit starts on. ok is false when there was no
// edit.
func rewrite(src []byte, replace func(m []int) []byte) (out []byte, origins []int, ok bool) {
	line, last := 1, 0
	origins = []int{1}
	emit := func(b []byte, from int, advance bool) {
		for _, c := range b {
			out = append(out, c)
			if c == '\n' {
				if advance {
					from++
				}
				origins = append(origins, from)
			}
		}
	}
	for _, m := range criticRe.FindAllSubmatchIndex(src, -1) {
		emit(src[last:m[0]], line, true)
		line += bytes.Count(src[last:m[0]], []byte("\n"))
		emit(replace(m), line, false)
		line += bytes.Count(src[m[0]:m[1]], []byte("\n"))
		origins[len(origins)-1] = line
		last = m[1]
		ok = true
	}
	emit(src[last:], line, true)
	return out, origins, ok
}

// applyEdits accepts or rejects every edit.
func applyEdits(src []byte, accept bool) *Result {
	out, origins, ok := rewrite(src, func(m []int) []byte { return decide(src, m, accept) })
	if !ok {
		return &Result{Source: src}
	}
	return &Result{Source: out, origins: origins}
}

// decide returns what an edit becomes when accepted or rejected.
func decide(src []byte, m []int, accept bool) []byte {
	group := func(i int) []byte {
		if m[2*i] < 0 {
			return nil
		}
		return src[m[2*i]:m[2*i+1]]
	}
	switch {
	case m[2] >= 0: // insertion
		if accept {
			return group(1)
		}
	case m[4] >= 0: // deletion
		if !accept {
			return group(2)
		}
	case m[6] >= 0: // highlight
		return group(3)
	case m[10] >= 0: // substitution
		if accept {
			return group(6)
		}
		return group(5)
	}
	return nil
}

// Placeholders stand for tags while the page text is rewritten; a line of
// placeholders only becomes a paragraph of its own, as in pymdownx.
const (
	phOpen  = '\x02'
	phClose = '\x03'
)

type stash []string

func (s *stash) store(html string) string {
	*s = append(*s, html)
	return string(phOpen) + strconv.Itoa(len(*s)-1) + string(phClose)
}

func view(src []byte) *Result {
	var st stash
	text, origins, ok := rewrite(src, func(m []int) []byte {
		group := func(i int) string { return string(src[m[2*i]:m[2*i+1]]) }
		switch {
		case m[2] >= 0:
			return []byte(st.ins(group(1)))
		case m[4] >= 0:
			return []byte(st.del(group(2)))
		case m[6] >= 0:
			return []byte(st.store(`<mark class="critic">`) + group(3) + st.store(`</mark>`))
		case m[8] >= 0:
			return []byte(st.store(`<span class="critic comment">` + escape(group(4)) + `</span>`))
		default:
			return []byte(st.del(group(5)) + st.ins(group(6)))
		}
	})
	if !ok {
		return &Result{Source: src}
	}
	return restore(string(text), origins, st)
}

func (s *stash) ins(text string) string {
	if blockSep.MatchString(text) {
		return "\n\n" + s.store(`<ins class="critic break">&nbsp;</ins>`) + "\n\n"
	}
	return s.store(`<ins class="critic">`) + text + s.store(`</ins>`)
}

func (s *stash) del(text string) string {
	if blockSep.MatchString(text) {
		return s.store(`<del class="critic break">&nbsp;</del>`)
	}
	return s.store(`<del class="critic">`) + text + s.store(`</del>`)
}

// escape is pymdownx's escaping of comments, line breaks made spaces.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\n", " ").Replace(s)
}

var placeholderRe = regexp.MustCompile("\x02([0-9]+)\x03")

// restore replaces the placeholders by their HTML. A line holding nothing
// else becomes a paragraph of its own, its ins, del and mark tags marked
// "block", with blank lines around it so the markdown next to it still
// parses as markdown.
func restore(text string, origins []int, st stash) *Result {
	lines := strings.Split(text, "\n")
	var out, bare []string
	var outOrigins []int
	for i, l := range lines {
		if onlyPlaceholders(l) {
			if len(out) > 0 && strings.TrimSpace(out[len(out)-1]) != "" {
				out, outOrigins = append(out, ""), append(outOrigins, origins[i])
			}
			tags := placeholderRe.ReplaceAllStringFunc(strings.TrimSpace(l), func(p string) string { return blockTag(st.get(p)) })
			if onlyTags(strings.TrimSpace(l), st) && !slices.Contains(bare, tags) {
				bare = append(bare, tags)
			}
			out = append(out, "<p>"+tags+"</p>", "")
			outOrigins = append(outOrigins, origins[i], origins[i])
			continue
		}
		out = append(out, placeholderRe.ReplaceAllStringFunc(l, st.get))
		outOrigins = append(outOrigins, origins[i])
	}
	return &Result{Source: []byte(strings.Join(out, "\n")), origins: outOrigins, bare: bare}
}

// onlyTags reports whether a line of placeholders holds only opening and
// closing tags, no text.
func onlyTags(l string, st stash) bool {
	for _, p := range placeholderRe.FindAllString(l, -1) {
		if !bareTag.MatchString(st.get(p)) {
			return false
		}
	}
	return placeholderRe.ReplaceAllString(l, "") == ""
}

var bareTag = regexp.MustCompile(`^(?:<(?:ins|del|mark) class="critic">|</(?:ins|del|mark)>)$`)

func (s stash) get(p string) string {
	n, err := strconv.Atoi(p[1 : len(p)-1])
	if err != nil || n >= len(s) {
		return p
	}
	return s[n]
}

func onlyPlaceholders(l string) bool {
	rest := strings.TrimSpace(placeholderRe.ReplaceAllString(l, ""))
	return rest == "" && strings.ContainsRune(l, phOpen)
}

var blockClassRe = regexp.MustCompile(`^<(ins|del|mark) class="critic"`)

// blockTag adds the "block" class to an opening ins, del or mark tag.
func blockTag(tag string) string {
	return blockClassRe.ReplaceAllString(tag, `<$1 class="critic block"`)
}
