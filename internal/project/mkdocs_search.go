package project

import (
	"strings"

	"github.com/dlclark/regexp2/v2"

	"handbook/internal/project/cfgtree"
)

// searchLanguages are the languages MkDocs' search plugin knows (lunr
// languages, as Material's documentation lists them).
var searchLanguages = map[string]bool{
	"ar": true, "da": true, "de": true, "du": true, "en": true, "es": true, "fi": true,
	"fr": true, "hi": true, "hu": true, "hy": true, "it": true, "ja": true, "kn": true,
	"ko": true, "no": true, "pt": true, "ro": true, "ru": true, "sa": true, "sv": true,
	"ta": true, "te": true, "th": true, "tr": true, "vi": true, "zh": true,
}

// readSearch reads the search plugin's separator and lang. The separator
// is compiled as the index will use it (JavaScript's syntax, regexp2's
// ECMAScript mode, as internal/search.CompileSeparator), so a pattern the
// build cannot use is an error at its line.
func (l *loader) readSearch(opts *cfgtree.Node) {
	s := &l.cfg.Plugins.Search
	if sep := opts.Get("separator"); !sep.IsNull() {
		s.Separator = l.str(sep, "search.separator")
		if _, err := regexp2.Compile(s.Separator, regexp2.ECMAScript); err != nil {
			l.errorAt(sep, "search.separator is not a valid regular expression: %v", err)
			s.Separator = ""
		}
	}
	lang := opts.Get("lang")
	if lang.IsNull() {
		return
	}
	items := lang.Items
	switch lang.Kind {
	case cfgtree.Scalar:
		items = []*cfgtree.Node{lang}
	case cfgtree.Map:
		l.errorAt(lang, "search.lang must be a language code or a list of them")
		return
	}
	for _, it := range items {
		code := strings.ToLower(l.str(it, "search.lang"))
		if code == "" {
			continue
		}
		if !searchLanguages[code] {
			l.warnAt(it, "mkdocs-plugin", "search.lang: unknown language %q: words in it are matched without stemming", code)
		}
		s.Lang = append(s.Lang, code)
	}
	if len(s.Separator)+len(s.Lang) > 0 {
		l.note("not carried over: the search plugin's separator and lang (handbook.yaml's index uses handbook's own analyser)")
	}
}
