package invert

import "math"

// The fields of a section, in the order their words are numbered.
const (
	fieldTitle = iota
	fieldHeading
	fieldText
	fieldCode
	numFields
)

// Ranking constants. A word in the page title counts three times a word of
// prose, a heading word twice, a code word about a third.
var (
	fieldBoost = [numFields]float64{3, 2, 1, 0.35}
	// Titles and headings are short and alike in length, so only prose and
	// code are normalised by length.
	fieldLengthNorm = [numFields]float64{0, 0, 0.75, 0.75}
)

const (
	bm25K1 = 1.2
	// maxPositions is how many word positions a posting keeps (the first
	// ones), for phrase matching and the proximity boost.
	maxPositions = 16
	// fieldGap separates fields and headings in the position numbering, so
	// a phrase never matches across them.
	fieldGap = 16
	// impactScale turns a BM25F score into the integer stored in postings.
	impactScale = 100
)

func inverseDocFrequency(df, docs int) float64 {
	n, d := float64(docs), float64(df)
	return math.Log(1 + (n-d+0.5)/(d+0.5))
}

// impact is a posting's BM25F score, scaled to an integer. (The
// conversions to float64 keep the compiler from fusing a multiplication
// and an addition on some CPUs: every path that scores a posting must
// round as the others do.)
func impact(tf *[numFields]uint16, idf float64, norm *[numFields]float64) int32 {
	// Unrolled (a posting is scored in a few nanoseconds, and a large
	// site has tens of millions), in the fields' order: titles and
	// headings are not normalised by length (fieldLengthNorm), their norm
	// is exactly 1.
	sum := 0.0
	if tf[fieldTitle] != 0 {
		sum += float64(fieldBoost[fieldTitle] * float64(tf[fieldTitle]))
	}
	if tf[fieldHeading] != 0 {
		sum += float64(fieldBoost[fieldHeading] * float64(tf[fieldHeading]))
	}
	if tf[fieldText] != 0 {
		sum += float64(fieldBoost[fieldText] * float64(tf[fieldText]) / norm[fieldText])
	}
	if tf[fieldCode] != 0 {
		sum += float64(fieldBoost[fieldCode] * float64(tf[fieldCode]) / norm[fieldCode])
	}
	s := float64(idf*sum) * (bm25K1 + 1) / (sum + bm25K1)
	return roundImpact(s * impactScale)
}

// roundImpact is max(1, math.Round(x)) as an int32, in fewer
// instructions: for 0.5 ≤ x < 2⁵², x+0.5 is exact or rounds within its
// integer, so truncating it rounds x half away from zero as math.Round
// does; below 1.5 the result is 1 either way (NaN and values beyond
// int32 convert as they did).
func roundImpact(x float64) int32 {
	if v := x + 0.5; v >= 2 || v != v {
		return int32(v)
	}
	return 1
}

// Averages are the site's average lengths of a section's text and code
// (in words, at least 1), as scoring uses them: rounded to 2,048 steps an
// octave (within 0.025%), so that a small edit of a large site leaves
// them as they were, and with them every other section's scores (see
// Analysis.Edit). (A line added to one page of 10,000 moves the average
// by about a millionth. The rounding moves an impact by less than one
// unit: only postings that were within one of each other can change
// places.)
type Averages [2]float64

// averages are the Averages of sections whose text and code lengths add
// up to totals.
func averages(totals [2]uint64, docs int) Averages {
	var a Averages
	for k := range a {
		a[k] = quantise(max(float64(totals[k])/float64(max(1, docs)), 1))
	}
	return a
}

// quantise rounds v > 0 to 12 significant bits.
func quantise(v float64) float64 {
	m, e := math.Frexp(v) // v = m·2^e, 0.5 ≤ m < 1
	return math.Ldexp(math.Round(m*4096)/4096, e)
}

// norms are a section's length normalisation in text and code.
func (a *Averages) norms(l [2]uint32) [2]float64 {
	var n [2]float64
	for k, f := range [2]int{fieldText, fieldCode} {
		n[k] = float64(1-fieldLengthNorm[f]) + float64(fieldLengthNorm[f]*float64(l[k])/a[k])
	}
	return n
}

// totals adds up the sections' lengths.
func totals(lens [][2]uint32) [2]uint64 {
	var t [2]uint64
	for _, l := range lens {
		t[0] += uint64(l[0])
		t[1] += uint64(l[1])
	}
	return t
}

// lengths are each doc's BM25 length normalisation in the fields
// normalised by length (text and code): a term's postings jump about the
// docs, so the table is kept small (titles' and headings' norms are 1).
type lengths struct {
	norms [][2]float64 // text, code
}

func newLengths(lens [][2]uint32) *lengths {
	avg := averages(totals(lens), len(lens))
	ls := &lengths{norms: make([][2]float64, len(lens))}
	for d, l := range lens {
		ls.norms[d] = avg.norms(l)
	}
	return ls
}
