// Package analyzetest holds the strings the analyser is tested on: by its
// own tests, by the indexer's, and against the browser's analyser (which
// must find the same terms in them) by internal/search's.
package analyzetest

// TrickyStrings mix case, diacritics, apostrophes, compatibility forms,
// scripts without spaces, combining marks, mojibake and markup.
var TrickyStrings = []string{
	"Résumé resume RÉSUMÉ",
	"The Bar-Raiser's role: don't skip the bar raiser",
	"Amazon’s 14 Leadership Principles (LPs)",
	"naïve café coöperate façade Ångström Øresund",
	"ﬁne-grained ½ ² ① ™",
	"snake_case camelCase kebab-case dot.separated",
	"L6/L7 SDE-II s3://bucket EC2 i18n",
	"policies stories latencies hiring hired raising raised matches boxes",
	"really quickly likely apply supply family assembly",
	"needed speeding agreed embedded running stopped added",
	"Straße İstanbul ΣΊΣΥΦΟΣ Ελληνικά",
	"日本語のテキスト 中文 한국어",
	"emoji 🚨 ✅ ‚úÖ üö® mojibake",
	"it's 'quoted' ’curly’ o'neil' ''",
	"क्षत्रिय हिन्दी",
	"x\u0301y a\u200bb tab\tnew\nline",
	"<img src=x onerror=alert(1)>",
	"",
}

// SeparatorStrings are for testing separators: case changes, version strings,
// entities, zero-width spaces, surrogate pairs, a letter the separator
// takes.
var SeparatorStrings = []string{
	"searchHighlight PascalCase HTTPServer XMLHttpRequest iOS getURL",
	"v9.0.0 1.2.3 end. Start node.js",
	"&lt;script&gt; a&amp;b x=y [link](url) `code` \"quoted\"",
	"zero\u200bwidth\u00a0nbsp\u2003em\u3000ideographic",
	"𝒜lpha 𠀀x emoji🚨Camel Çédille ÉtéÉté",
	"maxBoxes fixXes",
}
