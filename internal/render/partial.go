package render

import (
	"bytes"
	"html/template"
	"reflect"
	"sync"
	"text/template/parse"
)

// partial is {{template NAME .}} for page.html, keeping the output of a
// template that reads nothing of the page but .Site and .Root: the header
// and footer are the same on every page of a site at one depth, and
// executing them again for each page was a tenth of its template's time
// (each value html/template writes is a reflective call or three). A
// theme's own NAME is executed as it is; it is kept only when siteOnly
// shows it reads no more than these two fields.
func (t *Theme) partial(name string, data any) (template.HTML, error) {
	d, ok := data.(*PageData)
	if !ok || !t.siteOnly(name) {
		return t.execute(name, data)
	}
	return t.parts.get(name, d, t.execute)
}

// execute runs the named template into a string.
func (t *Theme) execute(name string, data any) (template.HTML, error) {
	var b bytes.Buffer
	if err := t.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		return "", err
	}
	return template.HTML(b.String()), nil
}

// siteOnly reports whether the named template's output is a function of
// the page's .Site and .Root alone.
func (t *Theme) siteOnly(name string) bool { return t.siteOnlyOf[name] }

// siteOnlyTemplates tells which of the set's templates read only the
// site, before any is executed (executing one rewrites its tree).
func siteOnlyTemplates(set *template.Template) map[string]bool {
	a := siteReads{set: set, seen: map[siteCall]bool{}}
	only := map[string]bool{}
	for _, t := range set.Templates() {
		only[t.Name()] = a.template(t.Name(), dotPage)
	}
	return only
}

// siteParts keeps the output of site-only templates by name and root, for
// one site: a page of another site (different site data) starts afresh.
type siteParts struct {
	mu   sync.Mutex
	site SiteData
	out  map[partKey]template.HTML
}

type partKey struct{ name, root string }

// get returns the kept output of the template name for d's site and root,
// executing it when there is none.
func (p *siteParts) get(name string, d *PageData, execute func(string, any) (template.HTML, error)) (template.HTML, error) {
	key := partKey{name, d.Root}
	p.mu.Lock()
	// Copies of one site data compare equal at once: their strings,
	// slices and maps share their memory.
	if p.out == nil || !reflect.DeepEqual(&p.site, &d.Site) {
		p.site, p.out = d.Site, map[partKey]template.HTML{}
	}
	html, ok := p.out[key]
	p.mu.Unlock()
	if ok {
		return html, nil
	}
	html, err := execute(name, d)
	if err != nil {
		return "", err
	}
	p.mu.Lock()
	if reflect.DeepEqual(&p.site, &d.Site) {
		p.out[key] = html
	}
	p.mu.Unlock()
	return html, nil
}

// dot is what a template's dot (or $) holds, as far as siteReads tells.
type dot int

const (
	dotPage dot = iota // the page's data: only .Site and .Root may be read
	dotSite            // a value read from the site (or a constant)
)

// siteFields are the fields of PageData a site-only template reads.
var siteFields = map[string]bool{"Site": true, "Root": true}

type siteCall struct {
	name string
	dot  dot
}

// siteReads walks templates' parse trees to tell whether they read
// anything of a page but its .Site and .Root. It is conservative: the
// page's data as a whole (., $) may only be passed on to a template,
// which is then walked the same way.
type siteReads struct {
	set  *template.Template
	seen map[siteCall]bool
}

// template reports whether the named template, executed with dot d, reads
// only the site.
func (a *siteReads) template(name string, d dot) bool {
	call := siteCall{name, d}
	if only, ok := a.seen[call]; ok {
		return only
	}
	a.seen[call] = true // (a recursive call is judged by the rest)
	t := a.set.Lookup(name)
	only := t != nil && t.Tree != nil && a.list(t.Tree.Root, d, d)
	a.seen[call] = only
	return only
}

// list walks nodes executed with dot d, in a template whose $ is dollar.
func (a *siteReads) list(l *parse.ListNode, d, dollar dot) bool {
	if l == nil {
		return true
	}
	for _, n := range l.Nodes {
		if !a.node(n, d, dollar) {
			return false
		}
	}
	return true
}

func (a *siteReads) node(n parse.Node, d, dollar dot) bool {
	switch n := n.(type) {
	case *parse.TextNode, *parse.CommentNode, *parse.BreakNode, *parse.ContinueNode:
		return true
	case *parse.ActionNode:
		return a.pipe(n.Pipe, d, dollar)
	case *parse.IfNode:
		return a.pipe(n.Pipe, d, dollar) && a.list(n.List, d, dollar) && a.list(n.ElseList, d, dollar)
	case *parse.WithNode: // dot becomes the pipeline's value, read from the site
		return a.pipe(n.Pipe, d, dollar) && a.list(n.List, dotSite, dollar) && a.list(n.ElseList, d, dollar)
	case *parse.RangeNode:
		return a.pipe(n.Pipe, d, dollar) && a.list(n.List, dotSite, dollar) && a.list(n.ElseList, d, dollar)
	case *parse.TemplateNode:
		if n.Pipe == nil {
			return a.template(n.Name, dotSite)
		}
		if isDot(n.Pipe) {
			return a.template(n.Name, d)
		}
		return a.pipe(n.Pipe, d, dollar) && a.template(n.Name, dotSite)
	}
	return false
}

// isDot reports whether a pipeline is . alone.
func isDot(p *parse.PipeNode) bool {
	if len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return false
	}
	_, ok := p.Cmds[0].Args[0].(*parse.DotNode)
	return ok
}

func (a *siteReads) pipe(p *parse.PipeNode, d, dollar dot) bool {
	if p == nil {
		return true
	}
	for _, c := range p.Cmds {
		for _, arg := range c.Args {
			if !a.arg(arg, d, dollar) {
				return false
			}
		}
	}
	return true
}

// arg reports whether a command's word reads only the site. Every
// function the theme has is a function of its arguments alone.
func (a *siteReads) arg(n parse.Node, d, dollar dot) bool {
	switch n := n.(type) {
	case *parse.IdentifierNode, *parse.BoolNode, *parse.NumberNode, *parse.StringNode, *parse.NilNode:
		return true
	case *parse.DotNode:
		return d == dotSite
	case *parse.FieldNode:
		return d == dotSite || siteFields[n.Ident[0]]
	case *parse.VariableNode:
		// Variables other than $ hold values of pipelines walked here.
		return n.Ident[0] != "$" || dollar == dotSite || len(n.Ident) > 1 && siteFields[n.Ident[1]]
	case *parse.ChainNode:
		return a.arg(n.Node, d, dollar)
	case *parse.PipeNode:
		return a.pipe(n, d, dollar)
	}
	return false
}
