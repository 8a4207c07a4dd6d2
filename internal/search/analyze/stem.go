package analyze

import "strings"

// Stem removes common English inflections so that "raisers", "hiring" and
// "policies" meet "raiser", "hire" and "policy". It is deliberately light:
// one plural step, one -ing/-ed/-ly step, then a final -e, applied only to
// plain a–z words of four letters or more (names, numbers and identifiers
// such as "l7" or "s3" stay as they are). The JS copy in 10-analyze.js
// must stay identical.
func Stem(w string) string {
	if len(w) < 4 || !isLowerLetters(w) {
		return w
	}
	w = stemPlural(w)
	w = stemVerbOrAdverb(w)
	if len(w) >= 4 && strings.HasSuffix(w, "e") {
		w = w[:len(w)-1]
	}
	return w
}

func isLowerLetters(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return false
		}
	}
	return true
}

func stemPlural(w string) string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "ches"),
		strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "zzes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is"):
		return w[:len(w)-1]
	}
	return w
}

func stemVerbOrAdverb(w string) string {
	switch {
	case strings.HasSuffix(w, "eed"):
		// "need", "speed", "agreed": the e belongs to the word.
		return w
	case strings.HasSuffix(w, "ing"):
		return cutInflection(w, 3)
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ed"):
		return cutInflection(w, 2)
	case strings.HasSuffix(w, "ly") && len(w) >= 6:
		// "apply", "supply", "family", "assembly" are not adverbs.
		if c := w[len(w)-3]; c != 'p' && c != 'i' && c != 'b' {
			return w[:len(w)-2]
		}
	}
	return w
}

// cutInflection removes an -ing/-ed suffix when what is left still looks
// like a word (three letters or more, with a vowel), and undoubles a final
// consonant ("running" → "run") unless that would leave two letters.
func cutInflection(w string, n int) string {
	stem := w[:len(w)-n]
	if len(stem) < 3 || !strings.ContainsAny(stem, "aeiouy") {
		return w
	}
	last := stem[len(stem)-1]
	if len(stem) > 3 && last == stem[len(stem)-2] && !strings.ContainsRune("aeiouylsz", rune(last)) {
		stem = stem[:len(stem)-1]
	}
	return stem
}
