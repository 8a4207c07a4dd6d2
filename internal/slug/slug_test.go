package slug

import (
	"math/rand/v2"
	"regexp"
	"strconv"
	"testing"
)

func TestSlugifyMatchesMkDocs(t *testing.T) {
	cases := []struct{ in, want string }{
		{"🚨 Real Amazon L6/L7 Rejection Analysis", "real-amazon-l6l7-rejection-analysis"},
		{"Über café — naïve résumé", "uber-cafe-naive-resume"},
		{"📉 L7 Failure Case Study: Strong Technical, Weak Strategy", "l7-failure-case-study-strong-technical-weak-strategy"},
		{"Round 1: Technical Architecture (90 minutes)", "round-1-technical-architecture-90-minutes"},
		{"snake_case stays", "snake_case-stays"},
		{"  Leading and trailing  ", "leading-and-trailing"},
		{"A -- B", "a-b"},
		{"- dash first", "-dash-first"},
		{"C++ & Go", "c-go"},
		{"ﬁve ligature", "five-ligature"}, // NFKD decomposes the ligature
		{"🚀", ""},
		{"", ""},
	}
	for _, c := range cases {
		if got := Slugify(c.in); got != c.want {
			t.Errorf("Slugify(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestIDSetUnique(t *testing.T) {
	s := NewIDSet()
	got := []string{s.Unique("a"), s.Unique("a"), s.Unique("a"), s.Unique(""), s.Unique(""), s.Unique("b_1"), s.Unique("b_1")}
	want := []string{"a", "a_1", "a_2", "_1", "_2", "b_1", "b_2"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("call %d: got %q, want %q (all: %q)", i, got[i], want[i], got)
		}
	}
}

// pythonUnique is Python-Markdown's toc unique(), as written there.
func pythonUnique(id string, ids map[string]bool) string {
	re := regexp.MustCompile(`^(.*)_([0-9]+)$`)
	for ids[id] || id == "" {
		if m := re.FindStringSubmatch(id); m != nil {
			n, _ := strconv.Atoi(m[2])
			id = m[1] + "_" + strconv.Itoa(n+1)
		} else {
			id += "_1"
		}
	}
	ids[id] = true
	return id
}

// TestIDSetMatchesPython compares IDSet with Python-Markdown's loop on
// random sequences of slugs and explicit ids built from few parts, so that
// they collide often.
func TestIDSetMatchesPython(t *testing.T) {
	parts := []string{"", "a", "a_1", "a_2", "a_01", "a_1_1", "_1", "b", "b_3", "a_0", "x_99"}
	rng := rand.New(rand.NewPCG(7, 11))
	for round := range 500 {
		s, ref := NewIDSet(), map[string]bool{}
		for i := range 40 {
			id := parts[rng.IntN(len(parts))]
			if rng.IntN(4) == 0 && id != "" && !ref[id] { // an explicit id
				s.Add(id)
				ref[id] = true
				continue
			}
			if got, want := s.Unique(id), pythonUnique(id, ref); got != want {
				t.Fatalf("round %d, call %d: Unique(%q) = %q, Python gives %q", round, i, id, got, want)
			}
		}
	}
}

// TestIDSetLinear counts the work of n and 10n equal headings: it must grow
// tenfold, not a hundredfold (Python's loop makes n²/2 steps).
func TestIDSetLinear(t *testing.T) {
	work := func(n int) int {
		s := NewIDSet()
		for range n {
			s.Unique("same")
			s.Unique("same_5")
		}
		return s.hops + len(s.taken)
	}
	small, large := work(10_000), work(100_000)
	if large > 12*small {
		t.Errorf("work on 10n equal ids is %d, %.1f× that on n (%d): not linear", large, float64(large)/float64(small), small)
	}
}

func BenchmarkIDSet100kEqualHeadings(b *testing.B) {
	for b.Loop() {
		s := NewIDSet()
		for range 100_000 {
			s.Unique("overview")
		}
	}
}
