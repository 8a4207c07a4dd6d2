package highlight

import (
	"bytes"
	"strconv"
	"strings"
	"sync"

	"github.com/alecthomas/chroma/v2"
)

// renderTokens highlights code with lexer into the Material markup:
//
//	<div class="language-go highlight"><span class="filename">…</span><pre><span></span><code>…</code></pre></div>
//
// ok is false if the lexer failed or panicked; the block is then rendered
// as escaped plain text in the same wrapper (and not cached on disk).
func renderTokens(lexer chroma.Lexer, opts fenceOptions, code []byte) (html []byte, ok bool) {
	var b bytes.Buffer
	writeWrapper(&b, opts, opts.Lang)
	if opts.LineStart == 0 && len(opts.HLLines) == 0 {
		// Without line numbers or highlighted lines, the lines are the
		// tokens one after the other: they are written as they come.
		start := b.Len()
		if ok = streamBody(&b, lexer, opts, string(code)); !ok {
			b.Truncate(start)
			writeBody(&b, opts, []chroma.Token{{Type: chroma.Text, Value: string(code)}})
		}
	} else {
		tokens, lexed := tokenise(lexer, string(code))
		if ok = lexed; !ok {
			tokens = []chroma.Token{{Type: chroma.Text, Value: string(code)}}
		}
		writeBody(&b, opts, tokens)
	}
	b.WriteString("</div>\n")
	return b.Bytes(), ok
}

// streamBody is writeBody for a block without line numbers or highlighted
// lines, writing each token as the lexer gives it: each line's part of a
// token spanning lines in its own span, as SplitTokensIntoLines splits it.
// ok is false if the lexer failed or panicked (b then holds a part).
func streamBody(b *bytes.Buffer, lexer chroma.Lexer, opts fenceOptions, code string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	it, err := lexer.Tokenise(nil, code)
	if err != nil {
		return false
	}
	if opts.Title != "" {
		b.WriteString(`<span class="filename">`)
		writeEscaped(b, opts.Title)
		b.WriteString(`</span>`)
	}
	b.WriteString("<pre><span></span><code>")
	for t := it(); t != chroma.EOF; t = it() {
		for {
			i := strings.IndexByte(t.Value, '\n')
			if i < 0 || i == len(t.Value)-1 {
				writeToken(b, t)
				break
			}
			writeToken(b, chroma.Token{Type: t.Type, Value: t.Value[:i+1]})
			t.Value = t.Value[i+1:]
		}
	}
	b.WriteString("</code></pre>")
	return true
}

// tokenise runs the lexer, turning a lexer panic into ok=false so that no
// input can crash a build.
func tokenise(lexer chroma.Lexer, code string) (tokens []chroma.Token, ok bool) {
	defer func() {
		if recover() != nil {
			tokens, ok = nil, false
		}
	}()
	it, err := lexer.Tokenise(nil, code)
	if err != nil {
		return nil, false
	}
	return it.Tokens(), true
}

// renderPlain writes a block whose language is missing or unknown: a bare
// <pre><code>, or, when it has a title, line numbers or highlighted lines,
// the highlight wrapper without any token classes so those still show.
func renderPlain(b *bytes.Buffer, opts fenceOptions, code []byte) {
	if !opts.wrapped() {
		b.WriteString("<pre><code>")
		writeEscaped(b, string(code))
		b.WriteString("</code></pre>\n")
		return
	}
	writeWrapper(b, opts, "")
	writeBody(b, opts, []chroma.Token{{Type: chroma.Text, Value: string(code)}})
	b.WriteString("</div>\n")
}

// writeWrapper opens the block's <div>: its id, the language's class
// (when lang is not ""), the classes from the braces and "highlight", and
// its data- attributes.
func writeWrapper(b *bytes.Buffer, opts fenceOptions, lang string) {
	b.WriteString(`<div`)
	if opts.ID != "" {
		b.WriteString(` id="`)
		writeEscaped(b, opts.ID)
		b.WriteString(`"`)
	}
	b.WriteString(` class="`)
	if lang != "" {
		b.WriteString("language-")
		writeEscaped(b, lang)
		b.WriteString(" ")
	}
	for _, c := range opts.Classes {
		writeEscaped(b, c)
		b.WriteString(" ")
	}
	b.WriteString(`highlight"`)
	for _, d := range opts.Data {
		b.WriteString(" ")
		writeEscaped(b, d[0])
		b.WriteString(`="`)
		writeEscaped(b, d[1])
		b.WriteString(`"`)
	}
	b.WriteString(">")
}

// renderMermaid writes the diagram source as text, for the diagram script to
// replace and for readers without scripts to read.
func renderMermaid(b *bytes.Buffer, code []byte) {
	b.WriteString(`<pre class="mermaid"><code>`)
	writeEscaped(b, strings.TrimRight(string(code), "\n"))
	b.WriteString("</code></pre>\n")
}

// writeBody writes the optional filename bar and the <pre>, one source line
// at a time so line numbers and highlighted lines can wrap each line.
func writeBody(b *bytes.Buffer, opts fenceOptions, tokens []chroma.Token) {
	if opts.Title != "" {
		b.WriteString(`<span class="filename">`)
		writeEscaped(b, opts.Title)
		b.WriteString(`</span>`)
	}
	b.WriteString("<pre><span></span><code>")
	lines := chroma.SplitTokensIntoLines(tokens)
	width := len(strconv.Itoa(opts.LineStart + len(lines) - 1))
	for i, line := range lines {
		// The line number goes inside the hll span so a highlighted line's
		// background, a block box, also covers its number.
		hl := opts.highlighted(i + 1)
		if hl {
			b.WriteString(`<span class="hll">`)
		}
		if opts.LineStart > 0 {
			writeLineNumber(b, opts.LineStart+i, width)
		}
		for _, t := range line {
			writeToken(b, t)
		}
		if hl {
			b.WriteString("</span>")
		}
	}
	b.WriteString("</code></pre>")
}

// writeLineNumber writes a line number as an empty span whose number CSS
// shows from the data attribute: it is never part of the selected or copied
// text (pymdownx's "pymdownx-inline" line number style).
func writeLineNumber(b *bytes.Buffer, n, width int) {
	num := strconv.Itoa(n)
	b.WriteString(`<span class="linenos" data-linenos="`)
	b.WriteString(strings.Repeat(" ", max(0, width-len(num))))
	b.WriteString(num)
	b.WriteString(` "></span>`)
}

func writeToken(b *bytes.Buffer, t chroma.Token) {
	class := tokenClass(t.Type)
	if class == "" {
		writeEscaped(b, t.Value)
		return
	}
	b.WriteString(`<span class="`)
	b.WriteString(class)
	b.WriteString(`">`)
	writeEscaped(b, t.Value)
	b.WriteString("</span>")
}

// tokenClass is the Pygments short class of a token type (e.g. "kd", "s2"),
// walking up to the nearest parent type that has one.
func tokenClass(t chroma.TokenType) string {
	if classes := tokenClasses(); int(t)-minTokenType >= 0 && int(t)-minTokenType < len(classes) {
		return classes[int(t)-minTokenType]
	}
	return lookUpTokenClass(t)
}

// tokenClasses are the classes of the token types from minTokenType on
// (chroma's go from about -20 to 8999), worked out once, when the first
// block is highlighted: a block's every token is looked up.
var tokenClasses = sync.OnceValue(func() []string {
	classes := make([]string, 9000-minTokenType)
	for i := range classes {
		classes[i] = lookUpTokenClass(chroma.TokenType(i + minTokenType))
	}
	return classes
})

const minTokenType = -100

func lookUpTokenClass(t chroma.TokenType) string {
	for {
		if class, ok := chroma.StandardTypes[t]; ok {
			return class
		}
		if t == 0 {
			return ""
		}
		t = t.Parent()
	}
}

var htmlEscaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&#39;",
)

func writeEscaped(b *bytes.Buffer, s string) {
	htmlEscaper.WriteString(b, s)
}
