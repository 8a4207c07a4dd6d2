package critic_test

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/testutil"

	"handbook/internal/markdown/critic"
	"handbook/internal/markdown/mdtest"
)

func withCritic(o critic.Options) goldmark.Markdown {
	return viewMarkdown{mdtest.New(), o}
}

// viewMarkdown converts a page as the dialect does: critic before the
// parse, its block tags taken out of their paragraphs after.
type viewMarkdown struct {
	goldmark.Markdown
	o critic.Options
}

func (m viewMarkdown) Convert(src []byte, w io.Writer, opts ...parser.ParseOption) error {
	r := critic.Process(src, m.o)
	var b bytes.Buffer
	if err := m.Markdown.Convert(r.Source, &b, opts...); err != nil {
		return err
	}
	_, err := w.Write(r.Unwrap(b.Bytes()))
	return err
}

func TestViewFixtures(t *testing.T) {
	testutil.DoTestCaseFile(withCritic(critic.Options{}), "testdata/view.txt", t, testutil.ParseCliCaseArg()...)
}

func TestAcceptAndReject(t *testing.T) {
	src := "Some {--*bad*--} text{++ here++}. {~~is~>are~~} {==mark==}{>>note<<}.\n"
	for mode, want := range map[critic.Mode]string{
		critic.Accept: "Some  text here. are mark.\n",
		critic.Reject: "Some *bad* text. is mark.\n",
	} {
		if got := string(critic.Process([]byte(src), critic.Options{Mode: mode}).Source); got != want {
			t.Errorf("%s: got %q, want %q", mode, got, want)
		}
	}
	if got := string(critic.Process([]byte(src), critic.Options{RawView: true}).Source); got != src {
		t.Errorf("raw view changed the page: %q", got)
	}
}

func TestPageLines(t *testing.T) {
	src := "one\n{++two\nthree++}\nfour\n{--\n\n--}\nfive\n"
	for _, mode := range []critic.Mode{critic.View, critic.Accept, critic.Reject} {
		r := critic.Process([]byte(src), critic.Options{Mode: mode})
		lines := strings.Split(string(r.Source), "\n")
		for i, l := range lines {
			for word, want := range map[string]int{"one": 1, "four": 4, "five": 8} {
				if strings.Contains(l, word) && r.PageLine(i+1) != want {
					t.Errorf("%s: %q on output line %d maps to %d, want %d", mode, word, i+1, r.PageLine(i+1), want)
				}
			}
		}
	}
}

func FuzzCritic(f *testing.F) {
	for _, s := range []string{"a {++b++} {--c--} {~~d~>e~~} {==f==}{>>g<<}", "{++\n\n++}x{--\n\n--}", "{--\n* a\n--}\n`{++x++}`", "{~~\n~> ~~}{==\n==}"} {
		f.Add(s)
	}
	view := withCritic(critic.Options{})
	f.Fuzz(func(t *testing.T, src string) {
		mdtest.ConvertTwice(t, view, src)
		pageLines := strings.Count(src, "\n") + 1
		for _, mode := range []critic.Mode{critic.View, critic.Accept, critic.Reject} {
			r := critic.Process([]byte(src), critic.Options{Mode: mode})
			for i := 1; i <= strings.Count(string(r.Source), "\n")+1; i++ {
				if l := r.PageLine(i); l < 1 || l > pageLines {
					t.Fatalf("%s: PageLine(%d) = %d of %d", mode, i, l, pageLines)
				}
			}
		}
	})
}
