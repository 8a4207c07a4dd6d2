package handbooktest

import (
	"fmt"
	"html"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// The cross-link graph, checked over the built site's HTML: case studies
// (their rounds), success templates and questions link each other section
// to section, and none of them stands alone.

// Pages of the graph, by their published URL.
var (
	caseStudyPages = []string{"experiences/failure-case-studies/", "experiences/l7-failure-case-studies/"}
	templatesPage  = "experiences/success-templates/"
	questionsPage  = "experiences/question-database/"
)

var (
	articleRe  = regexp.MustCompile(`(?s)<article class="hb-article">(.*)</article>`)
	tokenRe    = regexp.MustCompile(`(?s)<h([1-6])\b([^>]*)>(.*?)</h[1-6]>|<a\b([^>]*)>`)
	idAttrRe   = regexp.MustCompile(`\bid="([^"]*)"`)
	hrefAttrRe = regexp.MustCompile(`\bhref="([^"]*)"`)
	tagRe      = regexp.MustCompile(`<[^>]*>`)
	roundIDRe  = regexp.MustCompile(`^cs-[a-z0-9-]+-round-[0-9]+$`)
	questionRe = regexp.MustCompile(`^[a-z]+-[0-9]+$`)
)

// heading is a heading of a built page, with the links in its section.
type heading struct {
	page  string // site URL of the page
	rank  int
	id    string
	text  string
	start int // index of the heading among the page's headings
	links []link
}

// link is a link inside a section, resolved to a site URL and fragment.
type link struct{ page, fragment string }

type sitePage struct {
	url      string
	headings []*heading
	ids      map[string]bool // heading ids
}

// builtPage parses the article of a built page into headings, each holding
// the links up to the next heading.
func builtPage(t *testing.T, url string) *sitePage {
	t.Helper()
	b, ok := handbook.Files[url+"index.html"]
	if !ok {
		t.Fatalf("no built page %s", url)
	}
	m := articleRe.FindSubmatch(b)
	if m == nil {
		t.Fatalf("%s: no article", url)
	}
	p := &sitePage{url: url, ids: map[string]bool{}}
	for _, tok := range tokenRe.FindAllSubmatch(m[1], -1) {
		if len(tok[1]) > 0 {
			id := ""
			if im := idAttrRe.FindSubmatch(tok[2]); im != nil {
				id = string(im[1])
			}
			text := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(html.UnescapeString(tagRe.ReplaceAllString(string(tok[3]), ""))), "¶"))
			h := &heading{page: url, rank: int(tok[1][0] - '0'), id: id, text: text, start: len(p.headings)}
			p.headings = append(p.headings, h)
			p.ids[id] = true
			continue
		}
		hm := hrefAttrRe.FindSubmatch(tok[4])
		if hm == nil || len(p.headings) == 0 {
			continue
		}
		if l, ok := resolve(url, html.UnescapeString(string(hm[1]))); ok {
			last := p.headings[len(p.headings)-1]
			last.links = append(last.links, l)
		}
	}
	return p
}

// resolve turns an href on the page at from into a site URL and fragment;
// external links and assets report false.
func resolve(from, href string) (link, bool) {
	u, err := url.Parse(href)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return link{}, false
	}
	p := from
	if u.Path != "" {
		p = strings.TrimPrefix(path.Join("/"+from, u.Path), "/")
		if strings.HasSuffix(u.Path, "/") && p != "" {
			p += "/"
		}
	}
	if p != "" && !strings.HasSuffix(p, "/") {
		return link{}, false // a file, not a page
	}
	return link{page: p, fragment: u.Fragment}, true
}

// section returns the links of h's section: its own and its subsections'.
func (p *sitePage) section(h *heading) []link {
	var out []link
	for _, g := range p.headings[h.start:] {
		if g != h && g.rank <= h.rank {
			break
		}
		out = append(out, g.links...)
	}
	return out
}

// graph is the handbook's nodes and the links between them.
type graph struct {
	pages     map[string]*sitePage
	studies   []*heading // h2 "… Failure Case Study: …"
	rounds    []*heading // h4 "Round N: …" inside a study
	roundOf   map[*heading]*heading
	templates []*heading // h3 "… Template: …"
	questions []*heading // h3 with a question id
}

func loadGraph(t *testing.T) *graph {
	t.Helper()
	g := &graph{pages: map[string]*sitePage{}, roundOf: map[*heading]*heading{}}
	for _, u := range append(append([]string{}, caseStudyPages...), templatesPage, questionsPage) {
		g.pages[u] = builtPage(t, u)
	}
	for _, u := range caseStudyPages {
		var study *heading
		for _, h := range g.pages[u].headings {
			switch {
			case h.rank <= 2:
				study = nil
				if h.rank == 2 && strings.Contains(h.text, "Failure Case Study") {
					study = h
					g.studies = append(g.studies, h)
				}
			case h.rank == 4 && study != nil && strings.HasPrefix(h.text, "Round "):
				g.rounds = append(g.rounds, h)
				g.roundOf[h] = study
			}
		}
	}
	for _, h := range g.pages[templatesPage].headings {
		if h.rank == 3 && strings.Contains(h.text, "Template:") {
			g.templates = append(g.templates, h)
		}
	}
	for _, h := range g.pages[questionsPage].headings {
		if h.rank == 3 && questionRe.MatchString(h.id) {
			g.questions = append(g.questions, h)
		}
	}
	return g
}

// kind says what a link lands on: "template", "question", "round",
// "study" (another section of a case study), or "".
func (g *graph) kind(l link) (string, *heading) {
	for _, h := range g.templates {
		if l.page == h.page && l.fragment == h.id {
			return "template", h
		}
	}
	for _, h := range g.questions {
		if l.page == h.page && l.fragment == h.id {
			return "question", h
		}
	}
	for _, h := range g.rounds {
		if l.page == h.page && l.fragment == h.id {
			return "round", h
		}
	}
	for _, s := range g.studies {
		p := g.pages[s.page]
		if l.page != s.page {
			continue
		}
		for _, h := range p.headings[s.start:] {
			if h != s && h.rank <= s.rank {
				break
			}
			if h.id == l.fragment {
				return "study", s
			}
		}
	}
	return "", nil
}

// targets counts the distinct nodes of each kind that links land on.
func (g *graph) targets(links []link) map[string]map[*heading]bool {
	out := map[string]map[*heading]bool{}
	for _, l := range links {
		k, h := g.kind(l)
		if k == "" {
			continue
		}
		if out[k] == nil {
			out[k] = map[*heading]bool{}
		}
		out[k][h] = true
	}
	return out
}

func TestGraphHasEveryKindOfNode(t *testing.T) {
	g := loadGraph(t)
	levels := map[string]int{}
	for _, s := range g.studies {
		switch {
		case strings.Contains(s.text, "L7 Failure Case Study"):
			levels["L7"]++
		case strings.Contains(s.text, "L6 Failure Case Study"):
			levels["L6"]++
		}
	}
	if levels["L6"] < 4 || levels["L7"] < 4 {
		t.Errorf("case studies by level: %v; want at least four of each", levels)
	}
	if len(g.rounds) < 3*len(g.studies) {
		t.Errorf("%d rounds for %d case studies; want at least three each", len(g.rounds), len(g.studies))
	}
	if len(g.templates) < 10 || len(g.questions) < 30 {
		t.Errorf("%d templates, %d questions", len(g.templates), len(g.questions))
	}
}

// TestRoundsHaveStableIDsAndLinks: every round has a custom id and links
// the template that fixes it and a question that probes it.
func TestRoundsHaveStableIDsAndLinks(t *testing.T) {
	g := loadGraph(t)
	for _, r := range g.rounds {
		name := fmt.Sprintf("%s#%s (%q)", r.page, r.id, r.text)
		if !roundIDRe.MatchString(r.id) {
			t.Errorf("%s: a round needs a stable id like cs-key-round-2", name)
		}
		tg := g.targets(g.pages[r.page].section(r))
		if len(tg["template"]) == 0 {
			t.Errorf("%s links no template section", name)
		}
		if len(tg["question"]) == 0 {
			t.Errorf("%s links no question", name)
		}
	}
	// Repeated subsection titles get ids of their own, not _1, _2, … .
	for _, u := range caseStudyPages {
		for _, h := range g.pages[u].headings {
			if regexp.MustCompile(`_[0-9]+$`).MatchString(h.id) {
				t.Errorf("%s#%s: a repeated heading without a custom id", u, h.id)
			}
		}
	}
}

func TestCaseStudiesLinkTemplatesAndQuestions(t *testing.T) {
	g := loadGraph(t)
	for _, s := range g.studies {
		tg := g.targets(g.pages[s.page].section(s))
		if n := len(tg["template"]); n < 2 {
			t.Errorf("%s#%s links %d template sections, want at least 2", s.page, s.id, n)
		}
		if n := len(tg["question"]); n < 2 {
			t.Errorf("%s#%s links %d questions, want at least 2", s.page, s.id, n)
		}
	}
}

func TestTemplatesLinkBack(t *testing.T) {
	g := loadGraph(t)
	for _, h := range g.templates {
		tg := g.targets(g.pages[h.page].section(h))
		if len(tg["round"]) == 0 {
			t.Errorf("template %q links no case-study round it repairs", h.text)
		}
		if len(tg["question"]) == 0 {
			t.Errorf("template %q links no question it answers", h.text)
		}
	}
}

func TestQuestionsLinkTemplateAndRound(t *testing.T) {
	g := loadGraph(t)
	for _, h := range g.questions {
		tg := g.targets(g.pages[h.page].section(h))
		if len(tg["template"]) == 0 {
			t.Errorf("%s links no template", h.id)
		}
		if len(tg["round"]) == 0 {
			t.Errorf("%s links no case-study round", h.id)
		}
	}
}

// TestGraphLinksLandOnSections: a link from a node into the graph's pages
// names a section that exists there, never the top of the page.
func TestGraphLinksLandOnSections(t *testing.T) {
	g := loadGraph(t)
	var nodes []*heading
	nodes = append(append(append(nodes, g.studies...), g.templates...), g.questions...)
	for _, n := range nodes {
		for _, l := range g.pages[n.page].section(n) {
			target, ok := g.pages[l.page]
			if !ok {
				continue
			}
			switch {
			case l.fragment == "":
				t.Errorf("%s#%s links the top of %s; link a section", n.page, n.id, l.page)
			case !target.ids[l.fragment]:
				t.Errorf("%s#%s links %s#%s, which is not a heading there", n.page, n.id, l.page, l.fragment)
			}
		}
	}
}

// TestNothingStandsAlone: every case study, template and question is
// linked from a node of another kind.
func TestNothingStandsAlone(t *testing.T) {
	g := loadGraph(t)
	inbound := map[*heading]bool{}
	mark := func(from string, links []link) {
		for _, l := range links {
			k, h := g.kind(l)
			if k == "round" {
				h = g.roundOf[h]
				k = "study"
			}
			if k != "" && k != from {
				inbound[h] = true
			}
		}
	}
	for _, s := range g.studies {
		mark("study", g.pages[s.page].section(s))
	}
	for _, h := range g.templates {
		mark("template", g.pages[h.page].section(h))
	}
	for _, h := range g.questions {
		mark("question", g.pages[h.page].section(h))
	}
	var alone []string
	for _, list := range [][]*heading{g.studies, g.templates, g.questions} {
		for _, h := range list {
			if !inbound[h] {
				alone = append(alone, h.page+"#"+h.id)
			}
		}
	}
	sort.Strings(alone)
	for _, a := range alone {
		t.Errorf("%s is linked from no case study, template or question", a)
	}
}

func TestResolve(t *testing.T) {
	for _, tc := range []struct{ from, href, page, frag string }{
		{"experiences/question-database/", "../success-templates/#x", "experiences/success-templates/", "x"},
		{"experiences/question-database/", "#co-1", "experiences/question-database/", "co-1"},
		{"a/b/", "../../", "", ""},
	} {
		l, ok := resolve(tc.from, tc.href)
		if !ok || l.page != tc.page || l.fragment != tc.frag {
			t.Errorf("resolve(%q, %q) = %+v %v", tc.from, tc.href, l, ok)
		}
	}
	if _, ok := resolve("a/", "../practice/story-bank-matrix.csv"); ok {
		t.Error("a file resolved as a page")
	}
}
