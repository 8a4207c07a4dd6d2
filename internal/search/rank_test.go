package search

import (
	"reflect"
	"strings"
	"testing"

	"handbook/internal/sitetest"
)

// handbookDocs is a small, realistic set of sections.
var handbookDocs = []Doc{
	{URL: "experiences/bar-raiser/", Page: "The Bar Raiser",
		Text: "Every loop has a bar raiser: an interviewer from outside the hiring team who holds the bar for the whole company."},
	{URL: "experiences/bar-raiser/#what-bar-raisers-look-for", Page: "The Bar Raiser", Headings: []string{"What bar raisers look for"},
		Text: "They probe for ownership and judgement, and they can veto a hire."},
	{URL: "experiences/hiring-bar/", Page: "Hiring committees",
		Text: "The bar for a senior hire is high. Each interviewer writes feedback, and later someone who raises concerns may be overruled; the raiser of a concern must cite evidence."},
	{URL: "system-design/", Page: "System Design Interviews", Levels: []string{"L6"},
		Text: "Start from requirements, then sketch the data flow. Designing for failure matters more than drawing boxes."},
	{URL: "system-design/#latency-budgets", Page: "System Design Interviews", Headings: []string{"Latency budgets"}, Levels: []string{"L6"},
		Text: "Split the p99 latency budget across the services on the request path; a cache in front of the database buys the most."},
	{URL: "system-design/#designing-for-scale", Page: "System Design Interviews", Headings: []string{"Designing for scale"}, Levels: []string{"L7"},
		Text: "Partition early, replicate reads, and keep writes idempotent so that retries are safe."},
	{URL: "leadership/strategy/", Page: "Strategy", Headings: []string{"Overview"}, Levels: []string{"L7"},
		Text: "Notes about planning for the year ahead."},
	{URL: "leadership/planning/#strategy", Page: "Planning", Headings: []string{"Strategy"}, Levels: []string{"L6"},
		Text: "Notes about planning for the year ahead."},
	{URL: "leadership/planning-two/#overview", Page: "Planning two", Headings: []string{"Overview"},
		Text: "Notes about strategy for the year ahead."},
	{URL: "leadership/planning-three/#overview", Page: "Planning three", Headings: []string{"Overview"},
		Text: "Notes about planning for the year ahead.", Code: "strategy = load_strategy(year)"},
	{URL: "career/resume/", Page: "Résumé review",
		Text: "Keep the résumé to two pages and lead every bullet with the impact."},
	{URL: "ops/metrics/", Page: "Operational metrics",
		Text: "We tracked latency and error rates weekly, alongside cost, ticket volume, on-call load, deploy frequency and customer contacts."},
	{URL: "ops/typos/", Page: "Latancy latancy notes", Headings: []string{"Latancy"},
		Text: "Latancy latancy latancy."},
	{URL: "security/", Page: "Security notes",
		Text: "A doc that contains markup: <img src=x onerror=alert(1)> must stay text."},
}

func topURLs(a jsAnswer, n int) []string {
	var out []string
	for i, r := range a.Results {
		if i == n {
			break
		}
		out = append(out, r.URL)
	}
	return out
}

func TestRankingWithTheRealJS(t *testing.T) {
	cases := []struct {
		name  string
		query jsQuery
		check func(t *testing.T, a jsAnswer)
	}{
		{"adjacent terms rank first", jsQuery{Q: "bar raiser"}, func(t *testing.T, a jsAnswer) {
			top := topURLs(a, 3)
			if len(top) < 3 || top[2] != "experiences/hiring-bar/" || !strings.HasPrefix(top[0], "experiences/bar-raiser/") {
				t.Errorf("got %q; want the bar raiser page first and the far-apart mention last", top)
			}
		}},
		{"stop words do not block", jsQuery{Q: "the bar raiser"}, func(t *testing.T, a jsAnswer) {
			if len(a.Results) != 3 {
				t.Errorf("got %q, want the same 3 results as 'bar raiser'", topURLs(a, 10))
			}
		}},
		{"stop words alone still match", jsQuery{Q: "the"}, func(t *testing.T, a jsAnswer) {
			if len(a.Results) < 5 {
				t.Errorf("got %d results for 'the'", len(a.Results))
			}
		}},
		{"quoted phrase matches exactly", jsQuery{Q: `"bar raiser"`}, func(t *testing.T, a jsAnswer) {
			for _, u := range topURLs(a, 10) {
				if u == "experiences/hiring-bar/" {
					t.Errorf("phrase matched a section without the phrase: %q", topURLs(a, 10))
				}
			}
			if len(a.Results) != 2 {
				t.Errorf("got %q, want the two bar raiser sections", topURLs(a, 10))
			}
		}},
		{"title > heading > body > code", jsQuery{Q: "strategy"}, func(t *testing.T, a jsAnswer) {
			want := []string{"leadership/strategy/", "leadership/planning/#strategy",
				"leadership/planning-two/#overview", "leadership/planning-three/#overview"}
			if got := topURLs(a, 4); !reflect.DeepEqual(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
		}},
		{"level filter", jsQuery{Q: "strategy", Level: "L6"}, func(t *testing.T, a jsAnswer) {
			for _, r := range a.Results {
				if len(r.Levels) > 0 && !reflect.DeepEqual(r.Levels, []string{"L6"}) {
					t.Errorf("L6 filter returned %s %v", r.URL, r.Levels)
				}
			}
			if len(a.Results) != 3 {
				t.Errorf("got %q, want the L6 and all-level strategy sections", topURLs(a, 10))
			}
		}},
		{"prefix while typing", jsQuery{Q: "desig"}, func(t *testing.T, a jsAnswer) {
			if got := topURLs(a, 1); len(got) == 0 || !strings.HasPrefix(got[0], "system-design/") {
				t.Errorf("got %q, want a system design section", topURLs(a, 10))
			}
		}},
		{"plural folding", jsQuery{Q: "raisers "}, func(t *testing.T, a jsAnswer) {
			if len(a.Results) < 2 {
				t.Errorf("got %q, want the bar raiser sections", topURLs(a, 10))
			}
		}},
		{"diacritics fold", jsQuery{Q: "resume"}, func(t *testing.T, a jsAnswer) {
			if got := topURLs(a, 1); len(got) == 0 || got[0] != "career/resume/" {
				t.Errorf("got %q", got)
			}
		}},
		{"diacritics in the query fold", jsQuery{Q: "RÉSUMÉ"}, func(t *testing.T, a jsAnswer) {
			if got := topURLs(a, 1); len(got) == 0 || got[0] != "career/resume/" {
				t.Errorf("got %q", got)
			}
		}},
		{"typos rank below exact", jsQuery{Q: "latency"}, func(t *testing.T, a jsAnswer) {
			idx := map[string]int{}
			for i, r := range a.Results {
				idx[r.URL] = i
			}
			typo, ok := idx["ops/typos/"]
			if !ok || typo < idx["ops/metrics/"] || typo < idx["system-design/#latency-budgets"] || a.Results[typo].Typos != 1 {
				t.Errorf("got %q; want the misspelt section after every exact match", topURLs(a, 10))
			}
		}},
		{"one typo is tolerated", jsQuery{Q: "latnecy budgets"}, func(t *testing.T, a jsAnswer) {
			if got := topURLs(a, 1); len(got) == 0 || got[0] != "system-design/#latency-budgets" {
				t.Errorf("got %q", topURLs(a, 10))
			}
		}},
		{"no results suggests words", jsQuery{Q: "lantecy"}, func(t *testing.T, a jsAnswer) {
			if len(a.Results) != 0 || len(a.Suggestions) == 0 || a.Suggestions[0] != "latency" {
				t.Errorf("results %q, suggestions %q; want none and 'latency'", topURLs(a, 10), a.Suggestions)
			}
		}},
		{"pages with only some of the words follow, marked", jsQuery{Q: "latency ownership"}, func(t *testing.T, a jsAnswer) {
			// No section has both words: each result misses one of them.
			var urls []string
			for _, r := range a.Results {
				urls = append(urls, r.URL)
				if len(r.Missing) != 1 {
					t.Errorf("%s: missing %q, want one word", r.URL, r.Missing)
				}
			}
			joined := strings.Join(urls, " ")
			if !strings.Contains(joined, "system-design/#latency-budgets") || !strings.Contains(joined, "experiences/bar-raiser/#what-bar-raisers-look-for") {
				t.Errorf("got %q, want the latency and the ownership sections", urls)
			}
		}},
		{"full matches rank above partial ones", jsQuery{Q: "latency budget raiser"}, func(t *testing.T, a jsAnswer) {
			if len(a.Results) < 2 || a.Results[0].URL != "system-design/#latency-budgets" || len(a.Results[0].Missing) != 1 {
				t.Fatalf("got %+v", a.Results)
			}
			for i := 1; i < len(a.Results); i++ {
				if len(a.Results[i].Missing) < len(a.Results[i-1].Missing) {
					t.Errorf("result %d misses %q, fewer than the one before it (%q)", i, a.Results[i].Missing, a.Results[i-1].Missing)
				}
			}
		}},
	}
	queries := make([]jsQuery, len(cases))
	for i, c := range cases {
		queries[i] = c.query
	}
	answers := searchJSIndex(t, handbookDocs, Options{}, false, queries...)
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) { c.check(t, answers[i]) })
	}
	if !reflect.DeepEqual(topURLs(answers[0], 10), topURLs(answers[1], 10)) {
		t.Errorf("'the bar raiser' = %q, 'bar raiser' = %q: want equal", topURLs(answers[1], 10), topURLs(answers[0], 10))
	}
}

// Small tiers force the JS to fetch deeper tiers and to combine a rare term
// with a common one.
func TestDeeperTiersAreFetchedWhenNeeded(t *testing.T) {
	var docs []Doc
	for i := range 200 {
		d := Doc{URL: "p/" + strings.Repeat("x", i%7) + "/#s" + string(rune('a'+i%26)), Page: "Page", Text: "common words here"}
		if i == 150 {
			d.Text += " zebra"
		}
		docs = append(docs, d)
	}
	a := searchJSIndex(t, docs, Options{FirstTier: 4}, false, jsQuery{Q: "common zebra"}, jsQuery{Q: "common"})
	// The one section with both words comes first; the others only match
	// "common" and follow it, marked as missing "zebra".
	if len(a[0].Results) == 0 || a[0].Results[0].URL != "p/xxx/#su" || len(a[0].Results[0].Missing) != 0 {
		t.Fatalf("'common zebra' results %+v, want p/xxx/#su first with both words", a[0].Results)
	}
	for _, r := range a[0].Results[1:] {
		if strings.Join(r.Missing, ",") != "zebra" {
			t.Errorf("%s: missing %q, want zebra", r.URL, r.Missing)
		}
	}
	fetchedTier := false
	for _, p := range a[0].Fetched {
		fetchedTier = fetchedTier || strings.HasPrefix(p, "search/p-")
	}
	if !fetchedTier {
		t.Errorf("expected deeper tiers to be fetched: %q", a[0].Fetched)
	}
	if len(a[1].Results) != 10 {
		t.Errorf("'common' found %d results, want a full page of 10", len(a[1].Results))
	}
}

// Odd queries never throw (the driver fails on any exception).
func TestJSHandlesOddQueries(t *testing.T) {
	odd := []string{`"`, `""`, `"""`, `" "`, `a"b"c"d`, `***`, `(`, `[a-z]+`, `\`, "🚨✅", "ü", "a", "1",
		strings.Repeat("design ", 200), strings.Repeat("x", 5000), "the of and", `"the"`, "\u0301", "l7 ", "desig\"", "__proto__ constructor"}
	var queries []jsQuery
	for _, q := range odd {
		queries = append(queries, jsQuery{Q: q})
	}
	answers := searchJSIndex(t, handbookDocs, Options{}, true, queries...)
	if len(answers[15].Results) == 0 || odd[15] != "the of and" {
		t.Errorf("a query of stop words found nothing")
	}
}

// A handbook page with mojibake emoji indexes and is searchable: the
// project's damaged page, and the seed page of ../shared as an extra.
func TestDamagedPageIsSearchable(t *testing.T) {
	checkPageSearchable(t, sitetest.DamagedPage, "l7 debrief", "üö®")
}

func TestExtraSeedPageIsSearchable(t *testing.T) {
	checkPageSearchable(t, sitetest.SharedSeed(t), "failure case study", "üö®")
}

func checkPageSearchable(t *testing.T, src []byte, query, damaged string) {
	docs := markdownSections("experiences/failure-case-studies/", string(src))
	a := searchJSIndex(t, docs, Options{}, false, jsQuery{Q: query}, jsQuery{Q: "postmortem"}, jsQuery{Q: damaged})
	if len(a[0].Results) == 0 {
		t.Errorf("%q found nothing in the page (%d sections)", query, len(docs))
	}
	for _, r := range a[0].Results {
		if !strings.HasPrefix(r.URL, "experiences/failure-case-studies/") {
			t.Errorf("result URL %q", r.URL)
		}
	}
}
