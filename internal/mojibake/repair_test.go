package mojibake

import (
	"bytes"
	"strings"
	"testing"

	"handbook/internal/sitetest"

	"golang.org/x/text/encoding/charmap"
)

func TestRepairLeavesCodeAlone(t *testing.T) {
	bad := damage("✅", charmap.Macintosh)
	src := "# Mojibake\n\nStatus " + bad + " done.\n\nIt looks like `" + bad + "` in a span, ``x `" + bad + "` y`` too.\n\n!!! note\n    ```text\n    " + bad + "\n    ```\n\n~~~~\n" + bad + "\n~~~~\n\nAfter " + bad + ".\n"
	fixed, skipped := Repair([]byte(src), Options{})
	want := strings.Replace(strings.Replace(src, "Status "+bad, "Status ✅", 1), "After "+bad, "After ✅", 1)
	if string(fixed) != want {
		t.Fatalf("got\n%s\nwant\n%s", fixed, want)
	}
	if len(skipped) != 4 {
		t.Fatalf("skipped %d runs, want the 4 in code: %+v", len(skipped), skipped)
	}
	for _, s := range skipped {
		if s.Reason != ReasonCode {
			t.Errorf("%d:%d skipped for %q", s.Line, s.Col, s.Reason)
		}
	}
	if s := skipped[0]; s.Line != 5 || s.Col != strings.Index("It looks like `"+bad, bad)+1 {
		t.Errorf("first skipped run at %d:%d", s.Line, s.Col)
	}
	all, _ := Repair([]byte(src), Options{IncludeCode: true})
	if bytes.Contains(all, []byte(bad)) {
		t.Errorf("IncludeCode left damage:\n%s", all)
	}
}

func TestRepairLeavesAmbiguousTextAlone(t *testing.T) {
	for _, src := range []string{
		"Tickets cost Â£5 each.\n",
		"The sign read cafÃ© once.\n",
	} {
		fixed, skipped := Repair([]byte(src), Options{})
		if string(fixed) != src {
			t.Errorf("%q changed to %q", src, fixed)
		}
		if len(skipped) != 1 || skipped[0].Reason != ReasonAmbiguous || skipped[0].Line != 1 {
			t.Errorf("%q: skipped %+v", src, skipped)
		}
	}
}

func TestRepairConsistentFile(t *testing.T) {
	orig := "The café served a crème brûlée; résumé attached.\n"
	src := damage(orig, charmap.Windows1252)
	if fixed, skipped := Repair([]byte(src), Options{}); string(fixed) != orig || len(skipped) != 0 {
		t.Errorf("got %q, skipped %+v", fixed, skipped)
	}
	// One strong repair vouches for the weak ones of its charset.
	orig = "Prices: £5 – see “terms”.\n"
	src = damage(orig, charmap.Windows1252)
	if fixed, _ := Repair([]byte(src), Options{}); string(fixed) != orig {
		t.Errorf("got %q, want %q", fixed, orig)
	}
}

func TestRepairNeverTouchesLegitimateText(t *testing.T) {
	for _, line := range legitimateLines {
		if fixed, skipped := Repair([]byte(line), Options{IncludeCode: true}); string(fixed) != line || len(skipped) != 0 {
			t.Errorf("%q: got %q, skipped %+v", line, fixed, skipped)
		}
	}
}

// Repair leaves code alone unless asked and reports what it left: the
// project's damaged page, and the seed page of ../shared as an extra.
func TestRepairDamagedPage(t *testing.T) {
	checkRepairPage(t, sitetest.DamagedPage)
}

func TestExtraRepairSeedPage(t *testing.T) {
	checkRepairPage(t, sitetest.SharedSeed(t))
}

func checkRepairPage(t *testing.T, seed []byte) {
	whole, n, ok := Fix(seed)
	if !ok || n == 0 {
		t.Fatal("Fix(seed) failed")
	}
	if got, _ := Repair(seed, Options{IncludeCode: true}); !bytes.Equal(got, whole) {
		t.Error("Repair with IncludeCode differs from Fix on the seed page")
	}
	prose, skipped := Repair(seed, Options{})
	if len(skipped) == 0 {
		t.Fatal("the seed's fenced lists were not reported")
	}
	for _, s := range skipped {
		if s.Reason != ReasonCode {
			t.Errorf("%d:%d: %s", s.Line, s.Col, s.Reason)
		}
	}
	if len(Scan(prose)) != len(skipped) {
		t.Errorf("after repair %d runs remain, %d reported skipped", len(Scan(prose)), len(skipped))
	}
}

func FuzzRepair(f *testing.F) {
	f.Add([]byte("a `‚úÖ` b ‚úÖ\n```\n‚úÖ\n```\n"), false)
	f.Add([]byte("Â£5"), true)
	f.Fuzz(func(t *testing.T, src []byte, code bool) {
		fixed, _ := Repair(src, Options{IncludeCode: code})
		if bytes.Count(fixed, []byte("\n")) != bytes.Count(src, []byte("\n")) {
			t.Fatal("line count changed")
		}
		again, _ := Repair(fixed, Options{IncludeCode: code})
		if code && !bytes.Equal(again, fixed) {
			t.Fatalf("not idempotent: %q -> %q -> %q", src, fixed, again)
		}
	})
}
