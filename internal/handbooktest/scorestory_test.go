package handbooktest

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestScoreStoryScript runs the score_story.py block of the STAR page with
// python3: it counts numbers, not digits, and flags the usual mistakes.
func TestScoreStoryScript(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed; the STAR page's script needs it")
	}
	src, err := os.ReadFile("../../content/behavioral/star-method.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```python title=\"score_story.py\"[^\n]*\n(.*?)```").FindSubmatch(src)
	if m == nil {
		t.Fatal("no score_story.py block on the STAR page")
	}
	checks := `
assert count_numbers("improved 40%") == 1
assert count_numbers("from 1.9% to 0.4% by week 11") == 3
assert count_numbers("p99 fell from 480 ms to 120 ms") == 2, "p99 is a name, not a number"
assert count_numbers("1,900 a second") == 1
good = {"S": "Checkout failed 1.8% of the time.", "T": "I owned the fix.",
        "A": "I moved two engineers, I refused retries, and I set an alarm that pages on regressions.",
        "R": "Failures fell from 1.8% to 0.42% in 11 weeks."}
assert score_story(good) == [], score_story(good)
thin = dict(good, R="It improved 40%.")
assert "Result has fewer than two numbers" in score_story(thin), score_story(thin)
we = dict(good, A="Then we met and we agreed and we shipped it all together in the end.")
assert "Action says 'we' more than 'I'" in score_story(we), score_story(we)
short = dict(good, S=good["S"] * 12)
assert "Action is under 40% of the story" in score_story(short), score_story(short)
print("ok")
`
	script := filepath.Join(t.TempDir(), "score_story.py")
	if err := os.WriteFile(script, append(m[1], []byte(checks)...), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(py, script).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "ok" {
		t.Fatalf("score_story.py: %v\n%s", err, out)
	}
}
