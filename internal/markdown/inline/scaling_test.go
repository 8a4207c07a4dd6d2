package inline

import (
	"handbook/internal/markdown/mdtest"
	"testing"
)

// TestLinearTime feeds pathological input to the parsers.
func TestLinearTime(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	md := newMarkdown()
	for _, unit := range []string{"==", "^^", "++", "~~", "~", "^", "==a", "a==", "^^a ", "x^a", "H~a", "++a+", "++a+a++ ", "'", "+\"", "=^~+"} {
		mdtest.CheckLinear(t, md, "", unit)
	}
}
