package cli

import (
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"handbook/internal/search/invert"
	"handbook/internal/sitetest"
)

// The model of a small site that TestIncrementalBuildsEqualColdBuilds
// edits at random: pages in folders, with titles, levels, weights,
// headings (some tagged with a level), links to other pages' headings,
// code, tags, and an image; as an MkDocs project, also blog posts and a
// page holding the tags listing's marker.
type modelPage struct {
	title    string // front matter title ("" for none: the first H1 or the file name)
	h1       string // a first H1 ("" for none)
	levels   []string
	weight   int
	headings []string
	paras    []string
	links    []modelLink
	code     string
	tags     []string
	marker   bool   // holds <!-- material/tags -->
	date     string // a blog post's
	category string // a blog post's
}

type modelLink struct{ to, heading string }

type siteModel struct {
	r     *rand.Rand
	pages map[string]*modelPage // content-relative path → page
	nav   bool                  // an explicit nav in the config
	// mkdocs: the project is an mkdocs.yml with the tags and blog plugins;
	// else a handbook.yaml, with tags when tags is set. levels: the config
	// lists the levels (else pages naming levels turn them on).
	mkdocs, tags, levels bool
	image                int
	seq                  int
}

var modelWords = strings.Fields("ownership latency budget incident review design roadmap hiring quarter tradeoff partition replica cache throughput customer metric decision")

func (m *siteModel) words(n int) string {
	out := make([]string, n)
	for i := range out {
		out[i] = modelWords[m.r.Intn(len(modelWords))]
	}
	return strings.Join(out, " ")
}

func (m *siteModel) newPage() *modelPage {
	p := &modelPage{weight: m.r.Intn(5)}
	switch m.r.Intn(3) {
	case 0:
		p.title = "Title " + m.words(2)
	case 1:
		p.h1 = "First " + m.words(2)
	}
	if m.r.Intn(3) == 0 {
		p.levels = []string{[]string{"L6", "L7"}[m.r.Intn(2)]}
	}
	for range 1 + m.r.Intn(3) {
		p.headings = append(p.headings, m.heading())
	}
	p.paras = []string{m.words(12), m.words(8)}
	if m.r.Intn(3) == 0 {
		p.code = "func " + m.words(1) + "() int { return " + fmt.Sprint(m.r.Intn(100)) + " }"
	}
	p.tags = m.someTags()
	return p
}

var modelTags = []string{"Hiring", "Design", "Ops", "ops"}

func (m *siteModel) someTags() []string {
	var tags []string
	for _, t := range modelTags {
		if m.r.Intn(4) == 0 {
			tags = append(tags, t)
		}
	}
	return tags
}

// newPost is a blog post (the project an MkDocs one).
func (m *siteModel) newPost() *modelPage {
	p := m.newPage()
	p.title, p.h1, p.levels, p.weight = "Post "+m.words(2), "", nil, 0
	p.date = fmt.Sprintf("2024-%02d-%02d", 1+m.r.Intn(12), 1+m.r.Intn(28))
	p.category = []string{"News", "Tips"}[m.r.Intn(2)]
	return p
}

// fixed are the pages edits neither delete nor move.
func fixed(name string) bool {
	return name == "index.md" || isNotesIndex(name) || name == "blog/index.md" || strings.HasPrefix(name, "blog/posts/")
}

func (m *siteModel) heading() string {
	m.seq++
	h := fmt.Sprintf("Part %d %s", m.seq, m.words(2))
	if m.r.Intn(4) == 0 {
		h = []string{"L6", "L7"}[m.r.Intn(2)] + " " + h
	}
	return h
}

// slug is the heading id the build gives a heading of plain words.
func slug(h string) string { return strings.ReplaceAll(strings.ToLower(h), " ", "-") }

func (m *siteModel) names() []string {
	var out []string
	for n := range m.pages {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (m *siteModel) pick() string {
	names := m.names()
	return names[m.r.Intn(len(names))]
}

// markdown writes a page; links are relative to it.
func (m *siteModel) markdown(name string) string {
	p := m.pages[name]
	var b strings.Builder
	if p.title != "" || p.levels != nil || p.weight != 0 || p.tags != nil || p.date != "" {
		b.WriteString("---\n")
		if p.title != "" {
			fmt.Fprintf(&b, "title: %s\n", p.title)
		}
		if p.levels != nil {
			fmt.Fprintf(&b, "levels: [%s]\n", strings.Join(p.levels, ", "))
		}
		if p.weight != 0 {
			fmt.Fprintf(&b, "weight: %d\n", p.weight)
		}
		if p.tags != nil && (m.mkdocs || m.tags) {
			fmt.Fprintf(&b, "tags: [%s]\n", strings.Join(p.tags, ", "))
		}
		if p.date != "" {
			fmt.Fprintf(&b, "date: %s\ncategories: [%s]\n", p.date, p.category)
		}
		b.WriteString("---\n")
	}
	if p.h1 != "" {
		fmt.Fprintf(&b, "# %s\n\n", p.h1)
	}
	fmt.Fprintf(&b, "%s\n\n", p.paras[0])
	if p.date != "" {
		b.WriteString("<!-- more -->\n\n")
	}
	if p.marker && m.mkdocs {
		b.WriteString("<!-- material/tags -->\n\n")
	}
	for i, h := range p.headings {
		fmt.Fprintf(&b, "## %s\n\n", h)
		if i+1 < len(p.paras) {
			fmt.Fprintf(&b, "%s\n\n", p.paras[i+1])
		}
		if i == 0 && p.code != "" {
			fmt.Fprintf(&b, "```go\n%s\n```\n\n", p.code)
		}
	}
	for _, l := range p.links {
		rel, _ := filepath.Rel(filepath.Dir(name), l.to)
		fmt.Fprintf(&b, "See [%s](%s#%s).\n\n", l.heading, filepath.ToSlash(rel), slug(l.heading))
	}
	if strings.HasPrefix(name, "guide/") {
		b.WriteString("![A picture](../img/pic.png)\n")
	}
	if name == "index.md" {
		b.WriteString("The [notes](notes/) are a folder.\n")
	}
	return b.String()
}

// config is the config file's name and text.
func (m *siteModel) config() (string, string) {
	name, cfg := "handbook.yaml", "title: Model site\n"
	levels := "levels:\n  - id: L6\n    name: Manager\n  - id: L7\n    name: Senior manager\n"
	if m.tags {
		cfg += "tags: true\n"
	}
	if m.levels {
		cfg += levels
	}
	if m.mkdocs {
		name = "mkdocs.yml"
		cfg = "site_name: Model site\ndocs_dir: content\nplugins:\n  - search\n  - tags\n  - blog:\n      pagination_per_page: 2\n"
		if m.levels {
			cfg += "extra:\n" + strings.ReplaceAll("  "+levels, "\n  ", "\n    ")
		}
	}
	if m.nav {
		cfg += "nav:\n"
		for _, n := range m.names() {
			if !strings.HasPrefix(n, "blog/") {
				cfg += fmt.Sprintf("  - %s\n", n)
			}
		}
		if m.mkdocs {
			cfg += "  - blog/index.md\n"
		}
	}
	return name, cfg
}

// write writes the whole site, leaving files whose text is unchanged alone.
func (m *siteModel) write(t *testing.T, dir string) {
	t.Helper()
	cfgName, cfg := m.config()
	files := map[string]string{cfgName: cfg, "content/img/pic.png": fmt.Sprintf("PNG %d", m.image)}
	for _, n := range m.names() {
		files["content/"+n] = m.markdown(n)
	}
	for rel, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if old, err := os.ReadFile(p); err == nil && string(old) == text {
			continue
		}
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".md") {
			return nil
		}
		rel, _ := filepath.Rel(filepath.Join(dir, "content"), p)
		if _, ok := m.pages[filepath.ToSlash(rel)]; !ok {
			os.Remove(p)
		}
		return nil
	})
}

func isNotesIndex(name string) bool { return name == "notes/index.md" || name == "notes/README.md" }

// dropLinks removes the links to a page, or to one heading of it.
func (m *siteModel) dropLinks(to, heading string) {
	for _, p := range m.pages {
		p.links = slices.DeleteFunc(p.links, func(l modelLink) bool { return l.to == to && (heading == "" || l.heading == heading) })
	}
}

// edit makes one random change and says what it was.
func (m *siteModel) edit() string { return m.editOf(m.r.Intn(16)) }

// bodyEdit makes one random change to a page's text (its body, first H1,
// a heading, a link, a broken link), and says what it was.
func (m *siteModel) bodyEdit() string {
	switch m.r.Intn(8) {
	case 0:
		name := m.pick()
		p := m.pages[name]
		p.links = append(p.links, modelLink{m.pick(), "No such heading " + m.words(1)})
		return "broken link from " + name
	case 1:
		// The links to it from other pages break (or mend, when it gets
		// back a heading they name): their files stay as they are.
		name := m.pick()
		p := m.pages[name]
		i := m.r.Intn(len(p.headings))
		p.headings[i] = m.heading()
		return "heading of " + name + ", links left"
	}
	return m.editOf([]int{0, 0, 2, 3, 4, 5}[m.r.Intn(6)])
}

// editOf makes a change of one kind (see edit), and says what it was.
func (m *siteModel) editOf(kind int) string {
	name := m.pick()
	p := m.pages[name]
	switch kind {
	case 0:
		p.paras[m.r.Intn(len(p.paras))] += " " + m.words(3)
		return "body of " + name
	case 1:
		p.title = "Renamed " + m.words(2)
		return "title of " + name
	case 2:
		p.h1 = "Heading one " + m.words(1)
		return "first H1 of " + name
	case 3:
		i := m.r.Intn(len(p.headings))
		old := p.headings[i]
		p.headings[i] = m.heading()
		for _, q := range m.pages { // links follow the heading
			for j := range q.links {
				if q.links[j].to == name && q.links[j].heading == old {
					q.links[j].heading = p.headings[i]
				}
			}
		}
		return "heading of " + name
	case 4:
		to := m.pick()
		if to == name {
			return "nothing"
		}
		hs := m.pages[to].headings
		p.links = append(p.links, modelLink{to, hs[m.r.Intn(len(hs))]})
		return "link from " + name + " to " + to
	case 5:
		if len(p.links) == 0 {
			return "nothing"
		}
		p.links = p.links[:len(p.links)-1]
		return "link removed from " + name
	case 6:
		p.weight = m.r.Intn(5)
		m.nav = m.r.Intn(3) == 0
		return fmt.Sprintf("weight of %s, explicit nav %v", name, m.nav)
	case 7:
		if p.levels == nil {
			p.levels = []string{"L7"}
		} else {
			p.levels = nil
		}
		p.headings = append(p.headings, "L6 "+m.heading())
		return "levels of " + name
	case 8:
		if len(m.pages) < 4 || fixed(name) {
			return "nothing"
		}
		delete(m.pages, name)
		m.dropLinks(name, "")
		return "deleted " + name
	case 9:
		if fixed(name) {
			return "nothing"
		}
		m.seq++
		to := fmt.Sprintf("%s/moved-%d.md", []string{"guide", "notes"}[m.r.Intn(2)], m.seq)
		m.pages[to] = p
		delete(m.pages, name)
		for _, q := range m.pages {
			for j := range q.links {
				if q.links[j].to == name {
					q.links[j].to = to
				}
			}
		}
		return "renamed " + name + " to " + to
	case 11:
		// The folder link keeps its URL and text, and now leads to
		// another file (a README yields to an index.md).
		from, to := "notes/index.md", "notes/README.md"
		if m.pages[from] == nil {
			from, to = to, from
		}
		m.pages[to] = m.pages[from]
		delete(m.pages, from)
		for _, q := range m.pages {
			for j := range q.links {
				if q.links[j].to == from {
					q.links[j].to = to
				}
			}
		}
		return "notes index now " + to
	case 10:
		m.seq++
		n := fmt.Sprintf("notes/new-%d.md", m.seq)
		m.pages[n] = m.newPage()
		return "added " + n
	case 12:
		p.tags = m.someTags()
		return "tags of " + name
	case 13:
		if !m.mkdocs || strings.HasPrefix(name, "blog/") {
			return "nothing"
		}
		p.marker = !p.marker
		return fmt.Sprintf("tags marker on %s %v", name, p.marker)
	case 14:
		if !m.mkdocs {
			return "nothing"
		}
		m.seq++
		n := fmt.Sprintf("blog/posts/post-%d.md", m.seq)
		m.pages[n] = m.newPost()
		return "new post " + n
	case 15:
		if p.date == "" {
			return "nothing"
		}
		p.date = fmt.Sprintf("2025-%02d-%02d", 1+m.r.Intn(12), 1+m.r.Intn(28))
		p.category = []string{"News", "Tips", "Ideas"}[m.r.Intn(3)]
		return "date and category of post " + name
	default:
		m.image++
		return "image changed"
	}
}

// TestIncrementalBuildsEqualColdBuilds applies random edit sequences to a
// site (bodies, titles, headings others link to, links, nav order, levels,
// deleted, renamed and new pages, tags, the tags index, blog posts, an
// image) and builds after each, as a
// user would: the build into the same folder (incremental, from the state
// the last one saved) must write exactly what a cold build into a new
// folder writes, and the next build, with nothing changed, is up to date.
// Edits follow each other faster than the stamp's racy window, as they do
// in real use.
func TestIncrementalBuildsEqualColdBuilds(t *testing.T) {
	for seed := int64(1); seed <= 5; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) {
			dir := t.TempDir()
			m := &siteModel{r: rand.New(rand.NewSource(seed)), pages: map[string]*modelPage{}, tags: seed == 2, mkdocs: seed >= 4, levels: seed%2 == 1}
			for _, n := range []string{"index.md", "guide/index.md", "guide/a.md", "guide/b.md", "notes/index.md", "notes/c.md", "notes/d.md", "notes/e.md"} {
				m.pages[n] = m.newPage()
			}
			if m.mkdocs {
				m.pages["blog/index.md"] = &modelPage{title: "Blog", paras: []string{m.words(5)}}
				m.pages["blog/posts/first.md"] = m.newPost()
				m.pages["blog/posts/second.md"] = m.newPost()
				m.pages["guide/a.md"].marker = true
			}
			m.write(t, dir)
			edits := 0
			for step := range 25 {
				what := "first build"
				if step > 0 {
					what = m.edit()
					if m.r.Intn(3) == 0 {
						what += " and " + m.edit()
					}
					m.write(t, dir)
				}
				code, out, errOut := run(t, "build", "--source", dir, "--stats")
				if code != 0 {
					t.Fatalf("step %d (%s): exit %d: %s", step, what, code, errOut)
				}
				if strings.Contains(out, "from the last build's state") {
					edits++
				}
				fresh := filepath.Join(t.TempDir(), "fresh")
				if code, _, errOut := run(t, "build", "--source", dir, "--out", fresh, "--no-cache"); code != 0 {
					t.Fatalf("step %d (%s): cold build: exit %d: %s", step, what, code, errOut)
				}
				built := filepath.Join(dir, "public")
				if m.mkdocs {
					built = filepath.Join(dir, "site") // (MkDocs' site_dir)
				}
				got, want := contents(t, built), contents(t, fresh)
				if step == 0 {
					// The generated pages are there to compare.
					expect := []string{"print/index.html"}
					if m.levels {
						expect = append(expect, "levels/index.html", "levels/l6/index.html")
					}
					if m.tags {
						expect = append(expect, "tags/index.html")
					}
					if m.mkdocs {
						expect = append(expect, "blog/index.html", "blog/category/news/index.html")
					}
					for _, name := range expect {
						if want[name] == "" {
							t.Fatalf("a cold build has no %s", name)
						}
					}
				}
				sameAsColdBuild(t, fmt.Sprintf("step %d (%s)", step, what), got, want)
				if code, out, _ := run(t, "build", "--source", dir); code != 0 || !strings.HasPrefix(out, "up to date") {
					t.Fatalf("step %d (%s): the next build is not up to date: %q", step, what, out)
				}
			}
			t.Logf("%d of 24 edits took the edit path", edits)
		})
	}
}

// TestEditPathEqualsColdBuilds applies random changes to pages' text
// (bodies, first H1s, headings others link to, links, broken links) to a
// site of 40 pages with levels and tags, and builds after each: the
// build into the same folder, which takes the edit path (from the last
// build's state, redoing what the change reaches) when it can, writes
// exactly what a cold build writes and reports the same problems.
func TestEditPathEqualsColdBuilds(t *testing.T) {
	for seed := int64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint("seed ", seed), func(t *testing.T) { editPathEqualsColdBuilds(t, seed) })
	}
}

// The same with the search index's cache cut into many segments (a
// small site's are one): an edit reads and writes the segments it
// reaches, and keeps the others' files.
func TestEditPathEqualsColdBuildsInSegments(t *testing.T) {
	defer invert.SetMinSegment(2)()
	editPathEqualsColdBuilds(t, 4)
}

func editPathEqualsColdBuilds(t *testing.T, seed int64) {
	dir := t.TempDir()
	m := &siteModel{r: rand.New(rand.NewSource(seed)), pages: map[string]*modelPage{}, tags: true, levels: seed != 2, nav: seed == 3}
	m.pages["index.md"], m.pages["notes/index.md"] = m.newPage(), m.newPage()
	for i := range 38 {
		m.pages[fmt.Sprintf("%s/p%02d.md", []string{"guide", "notes"}[i%2], i)] = m.newPage()
	}
	for _, p := range m.pages {
		to := m.pick()
		p.links = append(p.links, modelLink{to, m.pages[to].headings[0]})
	}
	m.write(t, dir)
	edits := 0
	for step := range 30 {
		what := "first build"
		if step > 0 {
			what = m.bodyEdit()
			m.write(t, dir)
		}
		// (Broken links are warnings: the build goes on.)
		code, out, errOut := run(t, "build", "--source", dir, "--stats", "--warn-links")
		if code != 0 {
			t.Fatalf("step %d (%s): exit %d: %s", step, what, code, errOut)
		}
		if strings.Contains(out, "from the last build's state") {
			edits++
		}
		fresh := filepath.Join(t.TempDir(), "fresh")
		code, _, coldErr := run(t, "build", "--source", dir, "--out", fresh, "--no-cache", "--warn-links")
		if code != 0 {
			t.Fatalf("step %d (%s): cold build: exit %d: %s", step, what, code, coldErr)
		}
		if errOut, coldErr := withoutProgress(errOut), withoutProgress(coldErr); errOut != coldErr {
			t.Fatalf("step %d (%s): the build reports\n%s\na cold build\n%s", step, what, errOut, coldErr)
		}
		got, want := contents(t, filepath.Join(dir, "public")), contents(t, fresh)
		sameAsColdBuild(t, fmt.Sprintf("step %d (%s)", step, what), got, want)
	}
	t.Logf("%d of 29 changes took the edit path", edits)
	if edits < 15 {
		t.Errorf("%d of 29 changes took the edit path, want most", edits)
	}
}

// snippetSite is a site whose home page includes docs/part.md.
const snippetSite = `-- mkdocs.yml --
site_name: Snippets
markdown_extensions:
  - pymdownx.snippets:
      base_path: [docs]
-- docs/index.md --
# Home

--8<-- "part.md"
-- docs/part.md --
# Part

First text.
-- docs/other.md --
# Other
`

// A page that includes another page as a snippet shows that page's text:
// an edit to the included page's text reaches it (the edit path sees
// that what it read changed).
func TestEditOfAPageIncludedAsASnippet(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, snippetSite)
	if code, _, errOut := run(t, "build", "--source", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if err := os.WriteFile(filepath.Join(dir, "docs", "part.md"), []byte("# Part\n\nSecond text.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run(t, "build", "--source", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	home, err := os.ReadFile(filepath.Join(dir, "site", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(home), "Second text.") {
		t.Error("the page including the edited page still shows its old text")
	}
}

// The state an edit saves keeps that a page it did not convert again
// read snippet files: an edit of the included page after an edit of
// another one still reaches the page that includes it.
func TestEditOfAnIncludedPageAfterAnotherEdit(t *testing.T) {
	dir := t.TempDir()
	sitetest.WriteTxtar(t, dir, snippetSite)
	build := func(step string) string {
		t.Helper()
		code, out, errOut := run(t, "build", "--source", dir, "--stats")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", step, code, errOut)
		}
		return out
	}
	build("cold")
	if err := os.WriteFile(filepath.Join(dir, "docs", "other.md"), []byte("# Other\n\nMore.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := build("other page edited"); !strings.Contains(out, "from the last build's state") {
		t.Fatalf("the edit of another page did not take the edit path:\n%s", out)
	}
	if err := os.WriteFile(filepath.Join(dir, "docs", "part.md"), []byte("# Part\n\nSecond text.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	build("included page edited")
	home, err := os.ReadFile(filepath.Join(dir, "site", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(home), "Second text.") {
		t.Error("the page including the edited page still shows its old text")
	}
}

// An edit of the page a drill takes its questions from takes the edit
// path, renders the drill again (its cards come from that page) and
// keeps the other pages: the output is a cold build's.
func TestEditPathRendersTheDrillsOfAnEditedSource(t *testing.T) {
	dir := sitetest.WriteFixture(t, filepath.Join("..", "build", "testdata", "sites", "drill.txtar"))
	out := filepath.Join(dir, "public")
	if code, _, errOut := run(t, "build", "--source", dir, "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	bank := filepath.Join(dir, "content", "bank.md")
	src, err := os.ReadFile(bank)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(bank, []byte(strings.Replace(string(src), "OWN1RUBRIC", "EDITEDRUBRIC", 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stats, errOut := run(t, "build", "--source", dir, "--out", out, "--stats")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(stats, "from the last build's state") {
		t.Fatalf("the edit did not take the edit path:\n%s", stats)
	}
	got := contents(t, out)
	if !strings.Contains(got["drill/index.html"], "EDITEDRUBRIC") {
		t.Error("the drill does not show the edited question")
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	if code, _, errOut := run(t, "build", "--source", dir, "--out", fresh, "--no-cache"); code != 0 {
		t.Fatalf("cold build: exit %d: %s", code, errOut)
	}
	sameAsColdBuild(t, "after the edit", got, contents(t, fresh))
}

// sameAsColdBuild fails the test unless got, an output folder's files,
// holds exactly want's, a cold build's.
func sameAsColdBuild(t *testing.T, step string, got, want map[string]string) {
	t.Helper()
	for name, w := range want {
		if got[name] != w {
			t.Fatalf("%s: %s differs from a cold build", step, name)
		}
	}
	for name := range got {
		if _, ok := want[name]; !ok {
			t.Fatalf("%s: %s is not in a cold build", step, name)
		}
	}
}
