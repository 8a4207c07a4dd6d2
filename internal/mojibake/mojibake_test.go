package mojibake

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"handbook/internal/sitetest"

	"golang.org/x/text/encoding/charmap"
)

// damage reproduces the accident: the UTF-8 bytes of s read one byte per
// character through cm and saved again as UTF-8.
func damage(s string, cm *charmap.Charmap) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		r := cm.DecodeByte(s[i])
		if r == utf8.RuneError { // undefined in Windows-1252: read as C1 control
			r = rune(s[i])
		}
		b.WriteRune(r)
	}
	return b.String()
}

var legitimateLines = []string{
	"é ü ñ Ø ç à è ù â ê î ô û ë ï ÿ",
	"Müller and Schröder met in São Paulo.",
	"A naïve café in the Ångström district charges £100.",
	"Handbook™ — the guide – for everyone…",
	"Über größere Straßen fährt man schneller; „Gruß“ und ‚Grüße‘.",
	"L’été à Paris, où êtes-vous ? Ça va très bien, d’Éric.",
	"Il répondit à\u00a0« Bonjour\u00a0» au café\u00a0» voilà.",
	"Señor Ibáñez, ¿qué tal? ¡Olé! «Él dijo que sí».",
	"Não há ações; coração, pão, São João, Conceição.",
	"Zażółć gęślą jaźń. Łódź, Kraków, Gdańsk.",
	"Příliš žluťoučký kůň úpěl ďábelské ódy.",
	"Ærø, Østerbro, Ålborg, Þórður, Æsir.",
	"İstanbul'da ağaç, şehir, çocuk, gül.",
	"Tiếng Việt có dấu, Hà Nội, Đà Nẵng.",
	"Καλημέρα κόσμε, Привет мир, שלום, مرحبا",
	"日本語のテキスト、中文文本，한국어 텍스트。",
	"🚨 ✅ ❌ → 📉 🟡 🎭 📊 🤐 📚 🔄 📋 🎯 ❤️ 👨‍👩‍👧 👍🏽 1️⃣",
	"x² + y² = z², ±5 °C, ½ ¼ ¾, µs, ¶ § † ‡ • ‰",
	"© 2024 Müller GmbH®, all rights reserved.",
	"√π ≈ 1.77 and ≈£100 or ≈€90, ∑ ∆ ∞ ≠ ≤ ≥ ÷ ×",
	"word—été, word–éclair, “Émile” and ‘Ève’ …é",
	"ÀÉÎÕÜ àáâãäå ÈÊËÌÍÎÏ ÒÓÔÕÖ ÙÚÛÜ Ýý",
	"Œuvre, œuf, Ÿ, ƒ, ß, Š, š, Ž, ž",
	"Fête, forêt, hôtel, île, août, Noël, maïs.",
	"Ça coûte 5\u00a0€ ; c’est «\u00a0génial\u00a0» !",
	"¬ logical not, ¦ broken bar, ¤ currency, ¨ diaeresis",
	"Åsa, Äpfel, Öl, Ü-Wagen, Ñandú, Çağrı",
	"Ελληνικά: αβγδεζηθ ΑΒΓΔ",
	"Русский текст: съешь же ещё этих мягких французских булок.",
	"The quick brown fox jumps over the lazy dog.",
}

func TestLegitimateTextIsNeverFlagged(t *testing.T) {
	for _, line := range legitimateLines {
		if got := Scan([]byte(line)); len(got) != 0 {
			t.Errorf("Scan(%q) = %+v, want no findings", line, got)
		}
		fixed, n, ok := Fix([]byte(line))
		if string(fixed) != line || n != 0 || !ok {
			t.Errorf("Fix(%q) = %q, %d, %v; want it unchanged, 0, true", line, fixed, n, ok)
		}
	}
}

func TestScanReportsPositionAndRepair(t *testing.T) {
	src := "# Title\n## \uf8ffüö® Real analysis\n‚úÖ Strong technical depth, ‚ùå weak\nplain line\n"
	want := []Finding{
		{Line: 2, Col: 4, Bad: "\uf8ffüö®", Fixed: "🚨", Encoding: "macintosh"},
		{Line: 3, Col: 1, Bad: "‚úÖ", Fixed: "✅", Encoding: "macintosh"},
		{Line: 3, Col: len("‚úÖ Strong technical depth, ") + 1, Bad: "‚ùå", Fixed: "❌", Encoding: "macintosh"},
	}
	got := Scan([]byte(src))
	if len(got) != len(want) {
		t.Fatalf("Scan found %d runs, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("finding %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

// Each original, damaged through each charset, must come back exactly.
func TestFixRepairsEachCharset(t *testing.T) {
	originals := []string{
		"🚨 Real Amazon L6/L7 Rejection Analysis",
		"✅ Strong technical depth",
		"Original \"We\" Story → \"I\" Translation",
		"It’s a “quoted” phrase — with dashes – and…",
		"Müller’s café in São Paulo costs £100 ©",
		"Tiếng Việt: Thứ hai, Chủ nhật",
		"❤️ and 👨‍👩‍👧 and 1️⃣ stay whole",
		"Привет мир and 日本語 text",
		"\ufeffA byte order mark at the start",
	}
	encodings := map[string]*charmap.Charmap{
		"macintosh":    charmap.Macintosh,
		"windows-1252": charmap.Windows1252,
		"iso-8859-1":   charmap.ISO8859_1,
	}
	for name, cm := range encodings {
		for _, orig := range originals {
			bad := damage(orig, cm)
			fixed, _, ok := Fix([]byte(bad))
			if !ok || string(fixed) != orig {
				t.Errorf("%s: Fix(%q) = %q, ok=%v; want %q", name, bad, fixed, ok, orig)
			}
		}
	}
}

func TestEncodingIsReported(t *testing.T) {
	cases := []struct{ bad, fixed, encoding string }{
		{"caf√©", "é", "macintosh"},
		{"cafÃ©", "é", "windows-1252"},
		{"âœ… done", "✅", "windows-1252"},
		{"Ã\u0089cole", "É", "iso-8859-1"},
	}
	for _, c := range cases {
		got := Scan([]byte(c.bad))
		if len(got) != 1 || got[0].Fixed != c.fixed || got[0].Encoding != c.encoding {
			t.Errorf("Scan(%q) = %+v, want one finding %q via %s", c.bad, got, c.fixed, c.encoding)
		}
	}
}

// Text damaged twice is repaired completely; it may never come back with
// one layer of damage still in it.
func TestDoublyDamagedIsFullyRepairedOrLeftAlone(t *testing.T) {
	originals := []string{
		"## 🚨 Real Amazon L6/L7 Rejection Analysis",
		"✅ Strong technical depth",
		"❌ Missing strategic elements → next",
		"Müller’s café",
	}
	for _, cm := range []*charmap.Charmap{charmap.Macintosh, charmap.Windows1252} {
		for _, orig := range originals {
			bad := damage(damage(orig, cm), cm)
			fixed, _, ok := Fix([]byte(bad))
			if string(fixed) != orig && string(fixed) != bad {
				t.Errorf("Fix(%q) = %q: half repaired", bad, fixed)
			}
			if !ok || string(fixed) != orig {
				t.Errorf("Fix(%q) = %q, ok=%v; want %q", bad, fixed, ok, orig)
			}
		}
	}
}

func TestFixGivesUpOnTooManyLayers(t *testing.T) {
	bad := "✅ done"
	for i := 0; i <= maxPasses; i++ {
		bad = damage(bad, charmap.Macintosh)
	}
	fixed, n, ok := Fix([]byte(bad))
	if ok || n != 0 || string(fixed) != bad {
		t.Errorf("Fix(%d layers) = %q, %d, %v; want input unchanged, 0, false", maxPasses+1, fixed, n, ok)
	}
}

func TestFixLeavesInvalidUTF8Alone(t *testing.T) {
	src := []byte("‚úÖ then a stray \xff byte")
	fixed, n, ok := Fix(src)
	if ok || n != 0 || !bytes.Equal(fixed, src) {
		t.Errorf("Fix(invalid UTF-8) = %q, %d, %v; want input unchanged, 0, false", fixed, n, ok)
	}
	if got := Scan(src); len(got) != 1 || got[0].Fixed != "✅" {
		t.Errorf("Scan still reports the valid damaged run: got %+v", got)
	}
}

// Fix repairs every damaged run of a handbook page and nothing else: the
// project's damaged page, and the seed page of ../shared as an extra.
func TestFixDamagedPage(t *testing.T) {
	checkFixPage(t, sitetest.DamagedPage, sitetest.DamagedRepairs, 13) // 🚨 📉 🎭 📊 🎯, ❌ ×3, ✅ ×2, → ×3
}

func TestExtraFixSeedPage(t *testing.T) {
	checkFixPage(t, sitetest.SharedSeed(t), sitetest.SeedRepairs, 56)
}

func checkFixPage(t *testing.T, seed []byte, repairs []string, runs int) {
	want := strings.NewReplacer(repairs...).Replace(string(seed))
	fixed, n, ok := Fix(seed)
	if !ok {
		t.Fatal("Fix(seed) reported ok=false")
	}
	if n != runs {
		t.Errorf("Fix(seed) repaired %d runs, want %d", n, runs)
	}
	if !utf8.Valid(fixed) {
		t.Fatal("Fix(seed) is not valid UTF-8")
	}
	for _, emoji := range []string{"🚨", "📉", "✅", "❌", "→", "🎯"} { // in both pages
		if !bytes.Contains(fixed, []byte(emoji)) {
			t.Errorf("Fix(seed) lacks %s", emoji)
		}
	}
	if rest := Scan(fixed); len(rest) != 0 {
		t.Errorf("Fix(seed) still has damage: %+v", rest)
	}
	compareLines(t, seed, fixed, []byte(want))
}

// compareLines checks the repaired page line by line: lines Scan did not flag
// are byte-identical, flagged ones equal the expected repair.
func compareLines(t *testing.T, seed, fixed, want []byte) {
	flagged := map[int]bool{}
	for _, f := range Scan(seed) {
		flagged[f.Line] = true
	}
	seedLines, fixedLines, wantLines := bytes.Split(seed, []byte("\n")), bytes.Split(fixed, []byte("\n")), bytes.Split(want, []byte("\n"))
	if len(fixedLines) != len(seedLines) {
		t.Fatalf("Fix changed the line count: %d -> %d", len(seedLines), len(fixedLines))
	}
	for i := range seedLines {
		if !flagged[i+1] && !bytes.Equal(seedLines[i], fixedLines[i]) {
			t.Errorf("line %d changed though nothing was found on it:\n%s\n%s", i+1, seedLines[i], fixedLines[i])
		}
		if !bytes.Equal(fixedLines[i], wantLines[i]) {
			t.Errorf("line %d = %q, want %q", i+1, fixedLines[i], wantLines[i])
		}
	}
}

func TestFixIsIdempotentOnDamagedPage(t *testing.T) {
	checkFixIdempotent(t, sitetest.DamagedPage)
}

func TestExtraFixIsIdempotentOnSeed(t *testing.T) {
	checkFixIdempotent(t, sitetest.SharedSeed(t))
}

func checkFixIdempotent(t *testing.T, page []byte) {
	once, _, _ := Fix(page)
	twice, n, ok := Fix(once)
	if !bytes.Equal(once, twice) || n != 0 || !ok {
		t.Errorf("Fix(Fix(seed)) changed the text (n=%d ok=%v)", n, ok)
	}
}

func FuzzScanFix(f *testing.F) {
	for _, s := range legitimateLines {
		f.Add([]byte(s))
	}
	f.Add([]byte("## \uf8ffüö® Real\n‚úÖ Strong ‚ùå weak ‚Üí"))
	f.Add([]byte(damage(damage("✅ 🚨 café", charmap.Macintosh), charmap.Macintosh)))
	f.Add([]byte("cafÃ© âœ… â€™ \xff\xfe ÃƒÂ©"))
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, fd := range Scan(src) {
			if fd.Line < 1 || fd.Col < 1 || fd.Bad == "" || fd.Fixed == "" {
				t.Fatalf("bad finding %+v", fd)
			}
		}
		fixed, _, ok := Fix(src)
		if !ok && !bytes.Equal(fixed, src) {
			t.Fatalf("Fix changed the input although ok=false")
		}
		if utf8.Valid(src) && !utf8.Valid(fixed) {
			t.Fatalf("Fix(%q) = %q is not valid UTF-8", src, fixed)
		}
		again, n, _ := Fix(fixed)
		if !bytes.Equal(again, fixed) {
			t.Fatalf("Fix is not idempotent: %q -> %q -> %q (n=%d)", src, fixed, again, n)
		}
	})
}

// benchInput is about 5 MB of mostly ASCII markdown with accented text, emoji
// and some damaged lines.
func benchInput() []byte {
	block := strings.Join(legitimateLines, "\n") + "\n‚úÖ Strong technical depth\n## \uf8ffüö® Title\n" +
		strings.Repeat("Plain ASCII prose line for the handbook, nothing special here.\n", 20)
	var b bytes.Buffer
	for b.Len() < 5<<20 {
		b.WriteString(block)
	}
	return b.Bytes()
}

func BenchmarkScan5MB(b *testing.B) {
	src := benchInput()
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Scan(src)
	}
}

func BenchmarkFix5MB(b *testing.B) {
	src := benchInput()
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Fix(src)
	}
}

// codeOf must give back, for every character of every charset's upper half,
// the byte it came from (this guards the quick range reject in codeOf).
func TestCodeOfInvertsEveryCharset(t *testing.T) {
	for _, cs := range charsets {
		for r, b := range cs.toByte {
			if got := codeOf(r)[cs.index]; got != int16(b) {
				t.Errorf("%s: codeOf(%U) = %d, want %#x", cs.name, r, got, b)
			}
		}
		if len(cs.toByte) != 128 {
			t.Errorf("%s maps %d runes, want all 128 upper-half bytes", cs.name, len(cs.toByte))
		}
	}
}
