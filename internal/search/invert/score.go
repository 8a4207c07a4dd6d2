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

// impact is a posting's BM25F score, scaled to an integer.
func impact(tf [numFields]uint16, idf float64, norm *[numFields]float64) int32 {
	sum := 0.0
	for f := range numFields {
		switch {
		case tf[f] == 0: // adding 0 would change nothing
		case fieldLengthNorm[f] == 0: // the norm is exactly 1
			sum += fieldBoost[f] * float64(tf[f])
		default:
			sum += fieldBoost[f] * float64(tf[f]) / norm[f]
		}
	}
	s := idf * sum * (bm25K1 + 1) / (sum + bm25K1)
	return int32(max(1, math.Round(s*impactScale)))
}

// lengthNorms is each doc's BM25 length normalisation per field, from
// the docs' lengths per field.
func lengthNorms(lens [][numFields]uint32, docs int) [][numFields]float64 {
	var avg [numFields]float64
	for _, l := range lens {
		for f := range avg {
			avg[f] += float64(l[f])
		}
	}
	for f := range avg {
		avg[f] = max(avg[f]/float64(max(1, docs)), 1)
	}
	norms := make([][numFields]float64, len(lens))
	for d, l := range lens {
		for f := range numFields {
			norms[d][f] = 1 - fieldLengthNorm[f] + fieldLengthNorm[f]*float64(l[f])/avg[f]
		}
	}
	return norms
}
