package sitetest

import (
	"fmt"
	"strings"
)

// LongNav is a txtar fixture with long nav lists: handbook.yaml (config
// after the title, e.g. "nav_list_limit: 10\n"), a home page, top pages
// at the top level ("Top 00"…) and many pages in the folder many/ ("Many
// 00"…), each for level L6 or L7 in turn.
func LongNav(config string, top, many int) string {
	var b strings.Builder
	b.WriteString("-- handbook.yaml --\ntitle: Long nav\n" + config)
	b.WriteString("-- content/index.md --\n---\ntitle: Home\n---\n# Home\n\nThe home page.\n")
	page := func(path, title string, i int) {
		level := []string{"L6", "L7"}[i%2]
		fmt.Fprintf(&b, "-- content/%s --\n---\ntitle: %s\nlevels: [%s]\n---\n# %s\n\nText of %s.\n", path, title, level, title, title)
	}
	for i := range top {
		page(fmt.Sprintf("top-%02d.md", i), fmt.Sprintf("Top %02d", i), i)
	}
	for i := range many {
		page(fmt.Sprintf("many/p%02d.md", i), fmt.Sprintf("Many %02d", i), i)
	}
	return b.String()
}
