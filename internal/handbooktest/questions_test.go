package handbooktest

import (
	"regexp"
	"sort"
	"strings"
	"testing"
)

// questionHTML returns each question's section of the built question
// database, by id, and the HTML of the round index.
func questionHTML(t *testing.T) (map[string]string, string) {
	t.Helper()
	b := string(handbook.Files[questionsPage+"index.html"])
	starts := regexp.MustCompile(`<h([23]) id="([^"]+)"`).FindAllStringSubmatchIndex(b, -1)
	out := map[string]string{}
	index := ""
	for i, m := range starts {
		end := len(b)
		if i+1 < len(starts) {
			end = starts[i+1][0]
		}
		id := b[m[4]:m[5]]
		switch {
		case b[m[2]:m[3]] == "3" && questionRe.MatchString(id):
			out[id] = b[m[0]:end]
		case id == "questions-by-round":
			index = b[m[0]:end]
		}
	}
	if len(out) == 0 || index == "" {
		t.Fatal("no questions or no round index in the built question database")
	}
	return out, index
}

// TestEveryQuestionHasARubricAndL7FollowUps: a collapsed rubric on every
// question, and L7 follow-ups on every question tagged for both levels.
func TestEveryQuestionHasARubricAndL7FollowUps(t *testing.T) {
	qs, _ := questionHTML(t)
	both := 0
	for id, sec := range qs {
		if !regexp.MustCompile(`<details[^>]*>\s*<summary>Rubric</summary>`).MatchString(sec) {
			t.Errorf("%s has no collapsed Rubric block", id)
		}
		heading := sec[:strings.Index(sec, "</h3>")]
		if strings.Contains(heading, "L6 · L7") {
			both++
			if !strings.Contains(sec, "L7 follow-ups") {
				t.Errorf("%s is tagged for both levels but has no L7 follow-ups", id)
			}
		}
	}
	if both < 15 {
		t.Errorf("only %d questions tagged for both levels", both)
	}
}

var roundsLineRe = regexp.MustCompile(`(?s)<strong>Rounds:</strong>(.*?)\.\s*<strong>`)

// TestRoundIndexMatchesQuestions: the rounds a question lists and the rows
// of the round index that list it are the same.
func TestRoundIndexMatchesQuestions(t *testing.T) {
	qs, index := questionHTML(t)
	fromEntries := map[string]bool{}
	for id, sec := range qs {
		m := roundsLineRe.FindStringSubmatch(sec)
		if m == nil {
			t.Errorf("%s has no Rounds: line", id)
			continue
		}
		for _, r := range strings.Split(tagRe.ReplaceAllString(m[1], ""), ",") {
			fromEntries[id+" · "+strings.ToLower(strings.TrimSpace(r))] = true
		}
	}
	fromTable := map[string]bool{}
	rows := regexp.MustCompile(`(?s)<tr>\s*<td>(.*?)</td>\s*<td>.*?</td>\s*<td>(.*?)</td>\s*</tr>`).FindAllStringSubmatch(index, -1)
	if len(rows) < 5 {
		t.Fatalf("round index has %d rows", len(rows))
	}
	for _, row := range rows {
		round := strings.ToLower(strings.TrimSpace(tagRe.ReplaceAllString(row[1], "")))
		for _, a := range regexp.MustCompile(`href="#([^"]+)"`).FindAllStringSubmatch(row[2], -1) {
			fromTable[a[1]+" · "+round] = true
		}
	}
	var missing, extra []string
	for k := range fromEntries {
		if !fromTable[k] {
			missing = append(missing, k)
		}
	}
	for k := range fromTable {
		if !fromEntries[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	for _, k := range missing {
		t.Errorf("entry lists %s, the round index does not", k)
	}
	for _, k := range extra {
		t.Errorf("round index lists %s, the entry does not", k)
	}
}

// TestDrillsCoverTheirLevel: each level has a drill page built from the
// question database, holding exactly the questions for that level.
func TestDrillsCoverTheirLevel(t *testing.T) {
	qs, _ := questionHTML(t)
	want := map[string][]string{}
	for id, sec := range qs {
		heading := sec[:strings.Index(sec, "</h3>")]
		for _, l := range []string{"L6", "L7"} {
			if strings.Contains(heading, "· "+l+" ·") {
				want[l] = append(want[l], id)
			}
		}
	}
	cardRe := regexp.MustCompile(`<article class="hb-drill__card" data-id="([^"]+)"`)
	seen := map[string]bool{}
	for name, b := range handbook.Files {
		m := regexp.MustCompile(`data-hb-drill data-minutes="\d+" data-level="(L[67])"`).FindSubmatch(b)
		if !strings.HasSuffix(name, ".html") || m == nil {
			continue
		}
		level := string(m[1])
		seen[level] = true
		var got []string
		for _, c := range cardRe.FindAllSubmatch(b, -1) {
			got = append(got, string(c[1]))
		}
		sort.Strings(got)
		sort.Strings(want[level])
		if strings.Join(got, " ") != strings.Join(want[level], " ") {
			t.Errorf("%s drills %v, want the %s questions %v", name, got, level, want[level])
		}
		if !strings.Contains(string(b), `<div class="hb-drill__answer">`) {
			t.Errorf("%s: no question has its rubric set apart", name)
		}
	}
	for _, l := range []string{"L6", "L7"} {
		if !seen[l] {
			t.Errorf("no drill page for %s", l)
		}
	}
}
