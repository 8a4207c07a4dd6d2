package search

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"handbook/internal/sitetest"
)

// This file turns the synthetic benchmark corpus into Docs, crudely (split on
// headings, strip markup), only to measure the index: the real sections come
// from the site's markdown pipeline.

var corpusOnce sync.Map // pages → *corpusResult

type corpusResult struct {
	once sync.Once
	docs []Doc
	err  error
}

// corpusDocs returns the sections of the synthetic corpus of the given
// size (sitetest.Corpus, made once and kept on disk between runs).
func corpusDocs(tb testing.TB, pages int) []Doc {
	tb.Helper()
	dir := sitetest.Corpus(tb, pages)
	v, _ := corpusOnce.LoadOrStore(pages, &corpusResult{})
	r := v.(*corpusResult)
	r.once.Do(func() {
		r.docs, r.err = markdownDocs(filepath.Join(dir, "content"))
	})
	if r.err != nil {
		tb.Fatal(r.err)
	}
	return r.docs
}

// markdownDocs reads every .md file under root (in lexical order) and splits
// it into sections at headings.
func markdownDocs(root string) ([]Doc, error) {
	var docs []Doc
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		docs = append(docs, markdownSections(pageURL(filepath.ToSlash(rel)), string(src))...)
		return nil
	})
	return docs, err
}

func pageURL(rel string) string {
	rel = strings.TrimSuffix(rel, ".md")
	if rel == "index" {
		return ""
	}
	return strings.TrimSuffix(rel, "index") + "/"
}

var (
	headingLine = regexp.MustCompile(`^(#{1,6})\s+(.*)$`)
	levelPrefix = regexp.MustCompile(`^(L\d+)\b`)
	linkMarkup  = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	admonition  = regexp.MustCompile(`^(?:!!!|\?\?\?\+?|===)\s*\w*\s*"?([^"]*)"?\s*$`)
)

type sectionBuilder struct {
	page     string
	url      string
	levels   []string
	headings []string
	text     strings.Builder
	code     strings.Builder
	anchor   string
	docs     []Doc
}

func (s *sectionBuilder) flush() {
	levels := s.levels
	for _, h := range s.headings {
		if m := levelPrefix.FindStringSubmatch(h); m != nil {
			levels = []string{m[1]}
		}
	}
	url := s.url
	if s.anchor != "" {
		url += "#" + s.anchor
	}
	s.docs = append(s.docs, Doc{URL: url, Page: s.page, Headings: append([]string(nil), s.headings...),
		Text: strings.TrimSpace(s.text.String()), Code: strings.TrimSpace(s.code.String()), Levels: levels})
	s.text.Reset()
	s.code.Reset()
}

func markdownSections(url, src string) []Doc {
	s := &sectionBuilder{url: url}
	inCode := false
	for _, line := range strings.Split(src, "\n") {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "```") {
			inCode = !inCode
			continue
		}
		if inCode {
			s.code.WriteString(line + "\n")
			continue
		}
		if m := headingLine.FindStringSubmatch(line); m != nil {
			s.heading(len(m[1]), m[2])
			continue
		}
		s.text.WriteString(stripMarkup(trimmed) + "\n")
	}
	s.flush()
	return s.docs
}

func (s *sectionBuilder) heading(level int, text string) {
	if level == 1 && s.page == "" {
		s.page = text
		if m := levelPrefix.FindStringSubmatch(text); m != nil {
			s.levels = []string{m[1]}
		}
		return
	}
	s.flush()
	depth := max(level-2, 0)
	s.headings = append(s.headings[:min(depth, len(s.headings))], text)
	s.anchor = slugify(text)
}

func stripMarkup(line string) string {
	if m := admonition.FindStringSubmatch(line); m != nil {
		return m[1]
	}
	line = linkMarkup.ReplaceAllString(line, "$1")
	line = strings.TrimLeft(line, "-*> ")
	return markupChars.Replace(line)
}

var markupChars = strings.NewReplacer("|", " ", "*", "", "`", "", "_", " ")

var nonSlug = regexp.MustCompile(`[^\w\s-]`)
var slugSpace = regexp.MustCompile(`[-\s]+`)

func slugify(text string) string {
	s := strings.ToLower(strings.TrimSpace(nonSlug.ReplaceAllString(text, "")))
	return slugSpace.ReplaceAllString(s, "-")
}
