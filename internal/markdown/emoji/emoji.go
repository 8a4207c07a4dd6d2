// Package emoji is a goldmark extension for gemoji shortcodes: :rocket:
// becomes the Unicode character. Icon shortcodes (:material-check:) are
// package icons'; register both, emoji first, as Material's index takes
// emoji names before icon names.
//
// The shortcodes are data, shortcodes.tsv (written by gen/gen.sh from a
// pinned gemoji release), embedded and read into a map the first time a
// shortcode is looked up: a program that converts no markdown pays nothing.
package emoji

//go:generate sh gen/gen.sh

import (
	_ "embed"
	"strings"
	"sync"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

//go:embed shortcodes.tsv
var shortcodesTSV string

// emojiByShortcode maps gemoji shortcodes (without colons) to Unicode emoji.
var emojiByShortcode = sync.OnceValue(func() map[string]string { return decode(shortcodesTSV) })

// decode reads the data file: "#" comment lines, then one
// "shortcode<TAB>emoji" line per shortcode. Keys and values are slices of
// data, so the map costs no copies of the text.
func decode(data string) map[string]string {
	table := make(map[string]string, strings.Count(data, "\n"))
	for line := range strings.Lines(data) {
		if strings.HasPrefix(line, "#") {
			continue
		}
		name, e, ok := strings.Cut(strings.TrimSuffix(line, "\n"), "\t")
		if ok {
			table[name] = e
		}
	}
	return table
}

// Lookup returns the Unicode emoji for a gemoji shortcode given without colons.
func Lookup(shortcode string) (string, bool) {
	e, ok := emojiByShortcode()[shortcode]
	return e, ok
}

type shortcodeParser struct{}

// NewParser returns the inline parser for :shortcodes:.
func NewParser() parser.InlineParser { return shortcodeParser{} }

func (shortcodeParser) Trigger() []byte { return []byte{':'} }

func (shortcodeParser) Parse(_ ast.Node, block text.Reader, _ parser.Context) ast.Node {
	// A colon right after a letter or digit is part of a time (10:30:45),
	// a URL scheme or a label, never the start of a shortcode. An
	// underscore may be an emphasis delimiter (__:icon: text__).
	if IsWordRune(block.PrecendingCharacter()) {
		return nil
	}
	line, _ := block.PeekLine()
	end := ShortcodeEnd(line)
	if end < 0 {
		return nil
	}
	e, ok := emojiByShortcode()[string(line[1:end])]
	if !ok {
		return nil
	}
	block.Advance(end + 1)
	return unicodeEmoji(e)
}

// ShortcodeEnd returns the index of the colon closing the shortcode that
// line starts with, or -1. Names are made of letters, digits, '_', '+' and '-'.
func ShortcodeEnd(line []byte) int {
	for i := 1; i < len(line); i++ {
		c := line[i]
		switch {
		case c == ':':
			if i == 1 {
				return -1
			}
			return i
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_', c == '+', c == '-':
		default:
			return -1
		}
	}
	return -1
}

// IsWordRune reports whether r is a letter or digit: a shortcode does not
// start right after one.
func IsWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// unicodeEmoji is an ast.String holding the emoji, so walks that collect
// text see it like any other text.
func unicodeEmoji(e string) ast.Node {
	s := ast.NewString([]byte(e))
	s.SetRaw(true)
	return s
}

type emojiExtension struct{}

// Extension turns gemoji :shortcodes: into Unicode emoji.
var Extension goldmark.Extender = emojiExtension{}

func (emojiExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(NewParser(), 500)))
}
