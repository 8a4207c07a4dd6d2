package highlight

import (
	"bytes"
	"strings"

	"handbook/internal/diag"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// rendererPriority beats goldmark's default HTML renderer (priority 1000;
// lower numbers take precedence) for code block kinds.
const rendererPriority = 100

// mermaidAttr marks fences holding a mermaid diagram, set while parsing
// because the document tree alone does not carry the info string's text.
var mermaidAttr = []byte("hb-mermaid")

// Extension returns the goldmark extension that renders code blocks with h.
func (h *Highlighter) Extension() goldmark.Extender {
	return extender{h}
}

type extender struct{ h *Highlighter }

func (e extender) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(mermaidMarker{}, 500), util.Prioritized(inlineMarker{}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(codeRenderer(e), rendererPriority)))
}

// HasMermaid reports whether doc (parsed with the Extension) contains a
// mermaid fence, so the diagram script is loaded only where it is needed.
func HasMermaid(doc ast.Node) bool {
	found := false
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if _, ok := n.AttributeString(string(mermaidAttr)); ok {
			found = true
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return found
}

// mermaidMarker marks mermaid fences, gives a fence the id its braces
// name as an attribute, and keeps the page's fences in the parser context
// for Warnings.
type mermaidMarker struct{}

// fencesKey holds the page's *fences in the parser context.
var fencesKey = parser.NewContextKey()

type fences struct {
	source []byte
	list   []*ast.FencedCodeBlock
}

func (mermaidMarker) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	source := reader.Source()
	found := &fences{source: source}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if n.Type() == ast.TypeInline {
			return ast.WalkSkipChildren, nil // (a fence is a block)
		}
		if fence, ok := n.(*ast.FencedCodeBlock); ok && entering {
			found.list = append(found.list, fence)
			opts := parseOptions(infoString(fence, source))
			if isMermaid(opts) {
				fence.SetAttribute(mermaidAttr, true)
			} else if opts.ID != "" {
				// (the page's transformer collects ids from attributes)
				fence.SetAttributeString("id", []byte(opts.ID))
			}
		}
		return ast.WalkContinue, nil
	})
	pc.Set(fencesKey, found)
}

// Warnings returns a warning for each fence of the page that h could not
// highlight (its lexer failed, or stopped advancing): such a block is shown
// as plain text. Line and Col are those of the fence's language; Path is
// left for the caller. Call it after the page is rendered, with the
// parser.Context it was parsed with.
func (h *Highlighter) Warnings(pc parser.Context) []diag.Diagnostic {
	found, _ := pc.Get(fencesKey).(*fences)
	if found == nil || h.failures.Load() == 0 {
		return nil // the usual case: no lexer has failed in this build
	}
	var out diag.List
	for _, fence := range found.list {
		opts := parseOptions(infoString(fence, found.source))
		if isMermaid(opts) || lexerFor(opts.Lang) == nil {
			continue
		}
		if b, ok := h.memo.Peek(keyFor(opts, blockText(fence, found.source))); ok && b.failed {
			line, col := diag.Position(found.source, fence.Info.Segment.Start)
			out.Warnf("", line, col, "highlight", "the %s lexer failed on this code block; it is shown as plain text", opts.Lang)
		}
	}
	return out
}

func isMermaid(opts fenceOptions) bool {
	return strings.EqualFold(opts.Lang, "mermaid")
}

func infoString(n *ast.FencedCodeBlock, source []byte) string {
	if n.Info == nil {
		return ""
	}
	return string(n.Info.Segment.Value(source))
}

type codeRenderer struct{ h *Highlighter }

func (r codeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindFencedCodeBlock, r.renderFenced)
	reg.Register(ast.KindCodeBlock, r.renderIndented)
	reg.Register(KindInlineCode, renderInline)
}

func (r codeRenderer) renderFenced(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		fence := n.(*ast.FencedCodeBlock)
		w.Write(r.h.Render(infoString(fence, source), blockText(n, source)))
	}
	return ast.WalkContinue, nil
}

func (r codeRenderer) renderIndented(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		w.Write(r.h.Render("", blockText(n, source)))
	}
	return ast.WalkContinue, nil
}

// Render returns the HTML of one code block given its fence info string
// ("" for an indented block) and its text. The result must not be modified.
func (h *Highlighter) Render(info string, code []byte) []byte {
	h.blocks.Add(1)
	opts := parseOptions(info)
	if isMermaid(opts) {
		var b bytes.Buffer
		renderMermaid(&b, code)
		return b.Bytes()
	}
	if lexer := lexerFor(opts.Lang); lexer != nil {
		return h.highlightedBlock(lexer, opts, code)
	}
	var b bytes.Buffer
	renderPlain(&b, opts, code)
	return b.Bytes()
}

func blockText(n ast.Node, source []byte) []byte {
	var b bytes.Buffer
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(source))
	}
	return b.Bytes()
}
