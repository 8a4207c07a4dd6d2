package invert

import (
	"math"
	"sync"
)

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

// occurrences is what a worker records of a term in a section, until the
// impact can be computed from the whole corpus's statistics. Its positions
// run in the worker's arena from off to the next occurrences' off: the
// worker appends both in the same order.
type occurrences struct {
	doc int32
	off uint32
	tf  [numFields]uint16
}

// groupAndScore turns the workers' postings (each worker's in doc order)
// into one list per term, in doc order, carved out of a single allocation,
// and sets their impacts. The workers' postings are scattered in parallel:
// each worker fills its own part of every term's list.
func groupAndScore(workers []*worker, norms [][numFields]float64) map[string][]Posting {
	var names []string // global term id → term
	global := map[string]int32{}
	toGlobal := make([][]int32, len(workers)) // worker's term id → global id
	for i, w := range workers {
		toGlobal[i] = make([]int32, w.lex.Terms())
		for id := range toGlobal[i] {
			t := w.lex.TermText(int32(id))
			g, ok := global[t]
			if !ok {
				g = int32(len(names))
				global[t] = g
				names = append(names, t)
			}
			toGlobal[i][id] = g
		}
	}
	// cursors[i][g] is where worker i writes its next posting of term g.
	cursors := make([][]int, len(workers))
	df := make([]int, len(names))
	for i, w := range workers {
		cursors[i] = make([]int, len(names))
		for id, n := range w.termCount {
			g := toGlobal[i][id]
			cursors[i][g] = df[g] // for now, relative to the term's start
			df[g] += n
		}
	}
	total := 0
	for _, n := range df {
		total += n
	}
	backing := make([]Posting, total)
	terms := make(map[string][]Posting, len(names))
	idf := make([]float64, len(names))
	start := 0
	for g, t := range names {
		terms[t] = backing[start : start+df[g] : start+df[g]]
		for i := range workers {
			cursors[i][g] += start
		}
		start += df[g]
		idf[g] = inverseDocFrequency(df[g], len(norms))
	}
	var wg sync.WaitGroup
	for i, w := range workers {
		wg.Go(func() {
			cursor, toG := cursors[i], toGlobal[i]
			for k, o := range w.all {
				g := toG[w.termIDs[k]]
				end := uint32(len(w.arena))
				if k+1 < len(w.all) {
					end = w.all[k+1].off
				}
				backing[cursor[g]] = Posting{Doc: o.doc, off: o.off, n: uint8(end - o.off), worker: w.id,
					Impact: impact(o.tf, idf[g], &norms[o.doc])}
				cursor[g]++
			}
			w.all, w.termIDs = nil, nil
		})
	}
	wg.Wait()
	return terms
}

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
