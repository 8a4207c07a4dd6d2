package drill

import (
	"strings"
	"testing"
)

const bank = `<h1 id="bank">Bank</h1>
<p>Intro.</p>
<h2 id="ownership">Ownership <a class="headerlink" href="#ownership">¶</a></h2>
<p>About the principle.</p>
<h3 id="own-1">OWN-1 · A <em>problem</em> <a class="headerlink" href="#own-1">¶</a></h3>
<p>"Tell me." See <a href="../cases/#round-2">round 2</a> and <a href="#own-2">OWN-2</a>.</p>
<div class="tabbed-set"><input type="radio" id="__tabbed_1_1" name="__tabbed_1" checked><label for="__tabbed_1_1">L6</label></div>
<details class="success"><summary>Rubric</summary><p>Strong: owns it.</p></details>
<details class="example"><summary>Model answer</summary><p>Kept in the body.</p></details>
<div class="admonition"><h3 id="inner">Not a question</h3><p>inside</p></div>
<hr>
<h3 id="own-2">OWN-2 · Second</h3>
<p>Second body <img src="pic.png" alt="x"></p>
<h2 id="round-index">Round index</h2>
<p>Not part of OWN-2.</p>
<h3 id="skipped">Skipped: not asked for</h3>
`

func cut(t *testing.T, opts Options) []Card {
	t.Helper()
	cards, err := Cut([]byte(bank), []Question{{ID: "own-1", Group: "Ownership"}, {ID: "own-2", Levels: []string{"L7"}}, {ID: "inner"}}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return cards
}

func TestCutSplitsAtTopLevelHeadings(t *testing.T) {
	cards := cut(t, Options{Rank: 3, Reveal: "Rubric"})
	if len(cards) != 2 {
		t.Fatalf("got %d cards, want 2 (a heading inside a block is not a question): %+v", len(cards), cards)
	}
	a, b := cards[0], cards[1]
	if a.ID != "own-1" || a.Group != "Ownership" || b.ID != "own-2" || b.Levels[0] != "L7" {
		t.Errorf("questions: %+v / %+v", a.Question, b.Question)
	}
	if a.Title != "OWN-1 · A <em>problem</em>" {
		t.Errorf("title %q: want the heading's HTML without its permalink", a.Title)
	}
	if !strings.Contains(a.Body, "Model answer") || strings.Contains(a.Body, "Strong: owns it") {
		t.Errorf("body holds the answer, or lost the other block:\n%s", a.Body)
	}
	if !strings.Contains(a.Answer, "Strong: owns it") || strings.Contains(a.Answer, "Model answer") {
		t.Errorf("answer: %q", a.Answer)
	}
	if !strings.Contains(a.Body, `id="inner"`) {
		t.Errorf("the block with a heading inside stays in the card:\n%s", a.Body)
	}
	if strings.Contains(a.Body, "<hr") {
		t.Errorf("a trailing thematic break stays in the card:\n%s", a.Body)
	}
	if strings.Contains(b.Body, "Not part of OWN-2") {
		t.Errorf("a card runs past a heading of higher rank:\n%s", b.Body)
	}
}

func TestCutWithoutRevealTakesEveryCollapsible(t *testing.T) {
	a := cut(t, Options{Rank: 3})[0]
	if !strings.Contains(a.Answer, "Strong: owns it") || !strings.Contains(a.Answer, "Kept in the body") {
		t.Errorf("answer: %q", a.Answer)
	}
}

func TestCutRebasesLinksAndPrefixesIDs(t *testing.T) {
	a := cut(t, Options{Rank: 3, Reveal: "rubric", IDPrefix: "d-", Rebase: Rebase("q/bank/", "practice/drill/")})[0]
	for _, want := range []string{
		`href="../../q/cases/#round-2"`, // relative to the bank, now from the drill
		`href="../../q/bank/#own-2"`,    // a same-page anchor points at the bank
		`id="d-__tabbed_1_1"`, `name="d-__tabbed_1"`, `for="d-__tabbed_1_1"`,
	} {
		if !strings.Contains(a.Body, want) {
			t.Errorf("body lacks %s:\n%s", want, a.Body)
		}
	}
	if got := Rebase("q/bank/", "")("pic.png"); got != "q/bank/pic.png" {
		t.Errorf("rebase to the root: %q", got)
	}
}

func TestRebaseLeavesAbsoluteURLs(t *testing.T) {
	r := Rebase("a/", "b/c/")
	for _, u := range []string{"https://x.org/", "mailto:a@b", "/abs/", "//cdn/x", ""} {
		if got := r(u); got != u {
			t.Errorf("Rebase(%q) = %q", u, got)
		}
	}
	if got := r("x/?q=1#f"); got != "../../a/x/?q=1#f" {
		t.Errorf("query and fragment: %q", got)
	}
}

func FuzzCut(f *testing.F) {
	f.Add([]byte(bank), 3)
	f.Add([]byte("<h3 id=a>x</h3><details><summary>R</summary>"), 3)
	f.Fuzz(func(t *testing.T, src []byte, rank int) {
		if rank < 1 || rank > 6 {
			rank = 3
		}
		_, _ = Cut(src, []Question{{ID: "a"}, {ID: "own-1"}}, Options{Rank: rank, Reveal: "R", IDPrefix: "p-", Rebase: Rebase("a/", "b/")})
	})
}
