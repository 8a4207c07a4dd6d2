package toc

import (
	"strings"
	"unicode"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// Slugify makes a heading id from the heading's text and a word separator,
// as a Python-Markdown `slugify` callable does.
type Slugify func(text, sep string) string

// Default is Python-Markdown's toc.slugify, MkDocs' default: accents
// dropped (NFKD, then ASCII only), punctuation dropped, lower case, runs
// of separators and spaces made one separator.
func Default(text, sep string) string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(text) {
		if r < 0x80 {
			b.WriteRune(r)
		}
	}
	return pythonMarkdownSlug(b.String(), sep)
}

// Unicode is Python-Markdown's toc.slugify_unicode: Default without the
// step to ASCII.
func Unicode(text, sep string) string { return pythonMarkdownSlug(text, sep) }

// pythonMarkdownSlug is
//
//	value = re.sub(r'[^\w\s-]', '', value).strip().lower()
//	return re.sub(r'[{}\s]+'.format(separator), separator, value)
func pythonMarkdownSlug(value, sep string) string {
	var b strings.Builder
	for _, r := range value {
		if isWord(r) || unicode.IsSpace(r) || r == '-' {
			b.WriteRune(r)
		}
	}
	v := pyLower(strings.TrimFunc(b.String(), unicode.IsSpace))
	var out strings.Builder
	inRun := false
	for len(v) > 0 {
		if sep != "" && strings.HasPrefix(v, sep) {
			v = v[len(sep):]
			inRun = true
			continue
		}
		r := []rune(v[:min(len(v), 4)])[0]
		if unicode.IsSpace(r) {
			v = v[len(string(r)):]
			inRun = true
			continue
		}
		if inRun {
			out.WriteString(sep)
			inRun = false
		}
		out.WriteRune(r)
		v = v[len(string(r)):]
	}
	if inRun {
		out.WriteString(sep)
	}
	return out.String()
}

// isWord is Python's \w on str: letters, numbers and '_'.
func isWord(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsNumber(r)
}

// pyLower is Python's str.lower.
func pyLower(s string) string {
	if !strings.ContainsRune(s, 'İ') {
		return strings.ToLower(s)
	}
	// Python lowers İ to i and a combining dot above.
	return strings.ToLower(strings.ReplaceAll(s, "İ", "i\u0307"))
}

// SlugOptions are the keywords of pymdownx.slugs.slugify.
type SlugOptions struct {
	// Case is "none" (default), "lower", "lower-ascii" or "fold".
	Case string
	// PercentEncode percent-encodes the slug's non-ASCII characters.
	PercentEncode bool
	// Normalize is the Unicode normalisation: NFC (default), NFD, NFKC or NFKD.
	Normalize string
}

// Pymdownx returns pymdownx.slugs.slugify(**o):
//
//	slug = RE_TAGS.sub('', unicodedata.normalize(normalize, text)).strip()
//	slug = <case>(slug)
//	slug = RE_SEP.sub(sep, RE_INVALID_SLUG_CHAR.sub('', slug))   # [^\w\- ] dropped, ' ' → sep
//	return quote(slug.encode('utf-8')) if percent_encode else slug
func Pymdownx(o SlugOptions) Slugify {
	form := norm.NFC
	switch strings.ToUpper(o.Normalize) {
	case "NFD":
		form = norm.NFD
	case "NFKC":
		form = norm.NFKC
	case "NFKD":
		form = norm.NFKD
	}
	fold := cases.Fold()
	return func(text, sep string) string {
		slug := strings.TrimFunc(stripTags(form.String(text)), unicode.IsSpace)
		switch o.Case {
		case "lower":
			slug = pyLower(slug)
		case "lower-ascii":
			slug = strings.Map(func(r rune) rune {
				if r >= 'A' && r <= 'Z' {
					return r + 'a' - 'A'
				}
				return r
			}, slug)
		case "fold":
			slug = fold.String(slug)
		}
		var b strings.Builder
		for _, r := range slug {
			switch {
			case r == ' ':
				b.WriteString(sep)
			case isWord(r) || r == '-':
				b.WriteRune(r)
			}
		}
		if o.PercentEncode {
			return quote(b.String())
		}
		return b.String()
	}
}

// stripTags removes what looks like HTML tags: </?[^>]*>.
func stripTags(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			break
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			break
		}
		b.WriteString(s[:i])
		s = s[i+j+1:]
	}
	b.WriteString(s)
	return b.String()
}

// quote is Python's urllib.parse.quote with its default safe "/".
func quote(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("_.-~/", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// Named returns the slugify callable a config names, such as
// "pymdownx.slugs.slugify" with its keywords, or
// "markdown.extensions.toc.slugify_unicode"; ok is false for one handbook
// does not know.
func Named(name string, kw SlugOptions) (Slugify, bool) {
	switch strings.TrimPrefix(name, "markdown.extensions.") {
	case "toc.slugify":
		return Default, true
	case "toc.slugify_unicode":
		return Unicode, true
	case "pymdownx.slugs.slugify":
		return Pymdownx(kw), true
	case "pymdownx.slugs.uslugify":
		return Pymdownx(SlugOptions{Case: "lower"}), true
	case "pymdownx.slugs.uslugify_encoded":
		return Pymdownx(SlugOptions{Case: "lower", PercentEncode: true}), true
	case "pymdownx.slugs.uslugify_cased":
		return Pymdownx(SlugOptions{}), true
	case "pymdownx.slugs.uslugify_cased_encoded":
		return Pymdownx(SlugOptions{PercentEncode: true}), true
	case "pymdownx.slugs.gfm":
		return Pymdownx(SlugOptions{Case: "lower-ascii"}), true
	case "pymdownx.slugs.gfm_encoded":
		return Pymdownx(SlugOptions{Case: "lower-ascii", PercentEncode: true}), true
	}
	return nil, false
}
