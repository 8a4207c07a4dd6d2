package inline

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Node kinds of ++ctrl+alt+del++ key combinations.
var (
	KindKeys         = ast.NewNodeKind("Keys")
	KindKey          = ast.NewNodeKind("Key")
	KindKeySeparator = ast.NewNodeKind("KeySeparator")
)

// KeysNode is a whole key combination, rendered as <span class="keys">.
// Its children alternate KeyNode and KeySeparatorNode.
type KeysNode struct{ ast.BaseInline }

// Kind implements ast.Node.
func (n *KeysNode) Kind() ast.NodeKind { return KindKeys }

// Dump implements ast.Node.
func (n *KeysNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// KeyNode is one key, rendered as <kbd class="key-NAME">; its child is an
// ast.String with the key's display text ("Ctrl").
type KeyNode struct {
	ast.BaseInline
	Name string // canonical pymdownx.keys name such as "control"; empty for unknown keys
}

// Kind implements ast.Node.
func (n *KeyNode) Kind() ast.NodeKind { return KindKey }

// Dump implements ast.Node.
func (n *KeyNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Name": n.Name}, nil)
}

// KeySeparatorNode is the "+" between two keys, rendered as <span>+</span>.
type KeySeparatorNode struct{ ast.BaseInline }

// Kind implements ast.Node.
func (n *KeySeparatorNode) Kind() ast.NodeKind { return KindKeySeparator }

// Dump implements ast.Node.
func (n *KeySeparatorNode) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

type keysParser struct{}

// NewKeysParser returns an inline parser for ++key+key++.
func NewKeysParser() parser.InlineParser { return keysParser{} }

func (keysParser) Trigger() []byte { return []byte{'+'} }

func (keysParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if block.PrecendingCharacter() == '+' {
		return nil
	}
	line, _ := block.PeekLine()
	if runLength(line, '+') != 2 {
		return nil
	}
	tokens, end := scanKeyTokens(line)
	if tokens == nil {
		return nil
	}
	block.Advance(end)
	return newKeysNode(tokens)
}

// scanKeyTokens reads "++tok+tok++" at the start of line and returns the
// raw tokens and the length consumed, or nil when line is not a key combo.
func scanKeyTokens(line []byte) (tokens []string, end int) {
	i := 2
	for {
		n := keyTokenLength(line[i:])
		if n == 0 {
			return nil, 0
		}
		tokens = append(tokens, string(line[i:i+n]))
		i += n
		switch {
		case i+1 < len(line) && line[i] == '+' && line[i+1] == '+':
			return tokens, i + 2
		case i < len(line) && line[i] == '+':
			i++
		default:
			return nil, 0
		}
	}
}

// keyTokenLength measures a key token at the start of b: a quoted string
// ("My Key" or 'My Key', backslash escapes allowed) or a run of letters,
// digits, '_' and '-'. It returns 0 when there is none.
func keyTokenLength(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	if b[0] == '"' || b[0] == '\'' {
		return quotedLength(b)
	}
	i := 0
	for i < len(b) {
		r, size := utf8.DecodeRune(b[i:])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_' || r == '-') {
			break
		}
		i += size
	}
	return i
}

// quotedLength measures a quoted token including both quotes, or returns 0.
func quotedLength(b []byte) int {
	quote := b[0]
	for i := 1; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case quote:
			if i == 1 {
				return 0
			}
			return i + 1
		}
	}
	return 0
}

func newKeysNode(tokens []string) *KeysNode {
	keys := &KeysNode{}
	for i, tok := range tokens {
		if i > 0 {
			sep := &KeySeparatorNode{}
			sep.AppendChild(sep, rawString("+"))
			keys.AppendChild(keys, sep)
		}
		name, label := resolveKey(tok)
		key := &KeyNode{Name: name}
		key.AppendChild(key, rawString(label))
		keys.AppendChild(keys, key)
	}
	return keys
}

// rawString is an ast.String that the HTML renderer escapes but does not
// interpret (no entity or backslash processing).
func rawString(s string) *ast.String {
	str := ast.NewString([]byte(s))
	str.SetRaw(true)
	return str
}

// resolveKey maps a token to its canonical name and display label. Quoted
// tokens and unknown names have no canonical name and show their own text.
func resolveKey(tok string) (name, label string) {
	if tok[0] == '"' || tok[0] == '\'' {
		return "", unescapeQuoted(tok[1 : len(tok)-1])
	}
	norm := strings.ReplaceAll(strings.ToLower(tok), "_", "-")
	if canonical, ok := keyAliases[norm]; ok {
		norm = canonical
	}
	if label, ok := keyLabels[norm]; ok {
		return norm, label
	}
	if len(norm) == 1 && (norm[0] >= 'a' && norm[0] <= 'z' || norm[0] >= '0' && norm[0] <= '9') {
		return norm, strings.ToUpper(norm)
	}
	return "", tok
}

func unescapeQuoted(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// keyLabels maps pymdownx.keys canonical names to the text they display.
var keyLabels = map[string]string{
	"alt": "Alt", "backspace": "Backspace", "caps-lock": "Caps Lock",
	"command": "Cmd", "control": "Ctrl", "delete": "Del", "end": "End",
	"enter": "Enter", "escape": "Esc", "fn": "Fn", "home": "Home",
	"insert": "Ins", "meta": "Meta", "option": "Option",
	"page-down": "Page Down", "page-up": "Page Up", "pause": "Pause",
	"print-screen": "Print Screen", "shift": "Shift", "space": "Space",
	"tab": "Tab", "windows": "Win", "num-lock": "Num Lock",
	"scroll-lock": "Scroll Lock", "context-menu": "Menu",
	"arrow-up": "Up", "arrow-down": "Down", "arrow-left": "Left", "arrow-right": "Right",
	"f1": "F1", "f2": "F2", "f3": "F3", "f4": "F4", "f5": "F5", "f6": "F6",
	"f7": "F7", "f8": "F8", "f9": "F9", "f10": "F10", "f11": "F11", "f12": "F12",
	// Punctuation keys, as pymdownx.keys names them.
	"slash": "/", "backslash": "\\", "backtick": "`", "comma": ",", "period": ".",
	"semicolon": ";", "quote": "'", "minus": "-", "equal": "=",
	"bracket-left": "[", "bracket-right": "]",
}

// keyAliases maps the alternative spellings pymdownx.keys accepts to canonical names.
var keyAliases = map[string]string{
	"ctrl": "control", "cmd": "command", "opt": "option", "win": "windows",
	"return": "enter", "esc": "escape", "del": "delete", "ins": "insert",
	"bksp": "backspace", "caps": "caps-lock", "pgup": "page-up", "pgdn": "page-down",
	"up": "arrow-up", "down": "arrow-down", "left": "arrow-left", "right": "arrow-right",
	"prtsc": "print-screen", "menu": "context-menu",
}

// KeysHTMLRenderer renders key combinations in pymdownx.keys' markup.
type KeysHTMLRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (r KeysHTMLRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindKeys, renderKeys)
	reg.Register(KindKey, renderKey)
	reg.Register(KindKeySeparator, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		renderTag(w, n, "span", entering)
		return ast.WalkContinue, nil
	})
}

func renderKeys(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString(`<span class="keys">`)
	} else {
		_, _ = w.WriteString(`</span>`)
	}
	return ast.WalkContinue, nil
}

func renderKey(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	switch name := n.(*KeyNode).Name; {
	case !entering:
		_, _ = w.WriteString("</kbd>")
	case name == "":
		_, _ = w.WriteString("<kbd>")
	default:
		// Canonical names are drawn from the tables above: [a-z0-9-] only.
		_, _ = w.WriteString(`<kbd class="key-` + name + `">`)
	}
	return ast.WalkContinue, nil
}

type keysExtension struct{}

// Keys is the extension for ++ctrl+alt+del++ → <span class="keys"><kbd …>.
var Keys goldmark.Extender = keysExtension{}

func (keysExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(NewKeysParser(), 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(KeysHTMLRenderer{}, 500)))
}
