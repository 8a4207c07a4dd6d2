package blog

import (
	"testing"
	"time"
)

func TestFormatDateLikeBabel(t *testing.T) {
	d := time.Date(2024, 3, 5, 10, 0, 0, 0, time.UTC)
	for format, want := range map[string]string{
		"long": "March 5, 2024", "medium": "Mar 5, 2024", "short": "3/5/24", "full": "Tuesday, March 5, 2024",
		"yyyy/MM/dd": "2024/03/05", "yyyy": "2024", "MMMM yyyy": "March 2024", "d MMM yy": "5 Mar 24", "'week of' d": "week of 5",
	} {
		if got := FormatDate(d, format); got != want {
			t.Errorf("FormatDate(%q) = %q, want %q", format, got, want)
		}
	}
}

func TestReadTimeCountsWordsNotTags(t *testing.T) {
	html := []byte("<p>" + repeat("word ", 530) + `</p><img src="a-very-long-attribute-value">`)
	if got := readTime(html, 265); got != 2 {
		t.Errorf("readTime = %d, want 2", got)
	}
	if got := readTime([]byte("<p>short</p>"), 265); got != 1 {
		t.Errorf("a short post reads in %d minutes, want 1", got)
	}
}

func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}

func TestFirstHeadingSkipsFences(t *testing.T) {
	body := []byte("```\n# not this\n```\n\n# The Title { #id }\n\n# Second\n")
	if got := firstHeading(body); got != "The Title" {
		t.Errorf("firstHeading = %q", got)
	}
}
