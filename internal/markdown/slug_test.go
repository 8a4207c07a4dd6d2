package markdown

import "testing"

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
	s := IDSet{}
	got := []string{s.Unique("a"), s.Unique("a"), s.Unique("a"), s.Unique(""), s.Unique(""), s.Unique("b_1"), s.Unique("b_1")}
	want := []string{"a", "a_1", "a_2", "_1", "_2", "b_1", "b_2"}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("call %d: got %q, want %q (all: %q)", i, got[i], want[i], got)
		}
	}
}
