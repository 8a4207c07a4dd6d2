// Package progressbar implements pymdownx.progressbar:
//
//	[=65% "Label"]   [=2/3 "Label"]{: .thin}
//
// rendered as pymdownx renders it, with Material's classes:
//
//	<div class="progress progress-60plus"><div class="progress-bar" style="width:65.00%">
//	<p class="progress-label">Label</p></div></div>
package progressbar

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"handbook/internal/markdown/attrs"
)

// Options are pymdownx.progressbar's.
type Options struct {
	// NoLevelClass leaves out the progress-Nplus class.
	NoLevelClass bool
	// Increment is the step of the level classes (default 20).
	Increment int
	// AddClasses are added to every bar, space-separated.
	AddClasses string
}

// KindBar is the kind of Bar.
var KindBar = ast.NewNodeKind("ProgressBar")

// Bar is a progress bar.
type Bar struct {
	ast.BaseInline
	Classes []string
	Attrs   []attrs.Attribute // from an attribute list after the bar, besides classes
	Width   string            // "65.00"
	Label   []byte            // HTML
}

// Kind implements ast.Node.
func (b *Bar) Kind() ast.NodeKind { return KindBar }

// Dump implements ast.Node.
func (b *Bar) Dump(source []byte, level int) {
	ast.DumpHelper(b, source, level, map[string]string{"Width": b.Width}, nil)
}

// barRe is pymdownx's pattern (its quote back-reference spelled out).
var barRe = regexp.MustCompile(`^\[=+\s*(?:(100(?:.0+)?|[1-9]?[0-9](?:\.\d+)?)%|(\d+(?:\.\d+)?)\s*/\s*(\d+(?:\.\d+)?))(\s+(?:"(.*?)"|'(.*?)'))?\s*\]`)

type inlineParser struct {
	o  Options
	md goldmark.Markdown // converts labels
}

// Trigger implements parser.InlineParser.
func (p *inlineParser) Trigger() []byte { return []byte{'['} }

// Parse implements parser.InlineParser.
func (p *inlineParser) Parse(_ ast.Node, block text.Reader, _ parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) < 4 || line[1] != '=' {
		return nil
	}
	m := barRe.FindSubmatchIndex(line)
	if m == nil {
		return nil
	}
	value := p.value(line, m)
	bar := &Bar{Width: fmt.Sprintf("%.2f", value), Classes: p.classes(value)}
	switch {
	case m[10] >= 0:
		bar.Label = p.label(line[m[10]:m[11]])
	case m[12] >= 0:
		bar.Label = p.label(line[m[12]:m[13]])
	}
	n := m[1]
	if list, size, ok := attrs.Parse(line[n:]); ok {
		n += size
		for _, a := range list {
			if a.Name == "class" {
				bar.Classes = append(bar.Classes, strings.Fields(string(a.Value))...)
			} else {
				bar.Attrs = append(bar.Attrs, a)
			}
		}
	}
	block.Advance(n)
	return bar
}

// value is the percentage, at most 100.
func (p *inlineParser) value(line []byte, m []int) float64 {
	var v float64
	if m[2] >= 0 {
		v, _ = strconv.ParseFloat(strings.Replace(string(line[m[2]:m[3]]), ",", ".", 1), 64)
	} else {
		num, _ := strconv.ParseFloat(string(line[m[4]:m[5]]), 64)
		den, _ := strconv.ParseFloat(string(line[m[6]:m[7]]), 64)
		if den != 0 {
			v = num / den * 100
		}
	}
	return min(v, 100)
}

// classes are "progress", the configured ones and the level class, sorted
// and without duplicates, as pymdownx makes them.
func (p *inlineParser) classes(value float64) []string {
	set := map[string]bool{"progress": true}
	for _, c := range strings.Fields(p.o.AddClasses) {
		set[c] = true
	}
	if !p.o.NoLevelClass {
		step := p.o.Increment
		if step <= 0 {
			step = 20
		}
		level := int(value) - int(value)%step
		set["progress-"+strconv.Itoa(level)+"plus"] = true
	}
	out := make([]string, 0, len(set))
	for c := range set {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// label converts the label as inline markdown.
func (p *inlineParser) label(src []byte) []byte {
	var b bytes.Buffer
	if err := p.md.Convert(src, &b); err != nil {
		return util.EscapeHTML(src)
	}
	out := bytes.TrimSpace(b.Bytes())
	out = bytes.TrimPrefix(out, []byte("<p>"))
	return bytes.TrimSuffix(out, []byte("</p>"))
}

type htmlRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (htmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindBar, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		b := n.(*Bar)
		// Python-Markdown breaks the line around a div unless text is next to it.
		if n.PreviousSibling() == nil {
			_ = w.WriteByte('\n')
		}
		_, _ = w.WriteString("<div")
		attrList := append([]attrs.Attribute{{Name: "class", Value: []byte(strings.Join(b.Classes, " "))}}, b.Attrs...)
		sort.SliceStable(attrList, func(i, j int) bool { return attrList[i].Name < attrList[j].Name })
		for _, a := range attrList {
			_, _ = w.WriteString(" " + a.Name + `="`)
			_, _ = w.Write(util.EscapeHTML(a.Value))
			_ = w.WriteByte('"')
		}
		_, _ = w.WriteString(">\n<div class=\"progress-bar\" style=\"width:" + b.Width + "%\">\n<p class=\"progress-label\">")
		_, _ = w.Write(b.Label)
		_, _ = w.WriteString("</p>\n</div>\n</div>")
		if n.NextSibling() == nil {
			_ = w.WriteByte('\n')
		}
		return ast.WalkSkipChildren, nil
	})
}

type extender struct{ o Options }

// New returns the extension.
func New(o Options) goldmark.Extender { return &extender{o} }

// Extend implements goldmark.Extender.
func (e *extender) Extend(m goldmark.Markdown) {
	// Ahead of links (200), which also start at '['.
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(&inlineParser{o: e.o, md: m}, 150)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(htmlRenderer{}, 500)))
}
