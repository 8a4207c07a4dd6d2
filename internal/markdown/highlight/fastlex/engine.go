package fastlex

import (
	"math"
	"unicode"
	"unicode/utf8"

	"github.com/dlclark/regexp2/v2"
	"github.com/dlclark/regexp2/v2/syntax"
)

// A program is a rule's pattern made ready for a small backtracking
// matcher, which runs the common patterns in a fraction of regexp2's time
// (regexp2 spends most of a failing attempt setting up: a runner, its
// stacks, a Match). It is built from regexp2's own parse tree, after
// regexp2's own rewriting (case-insensitivity already turned into
// character sets, loops proven not to need backtracking made atomic), and
// walks it as regexp2's interpreter does: the same constructs tried in the
// same order, so it finds the same match and the same captures. A pattern
// with any construct outside the subset below has no program and keeps
// regexp2: back-references, conditionals, balancing groups, lookbehinds of
// more than one character, case-insensitive characters that were not made
// sets, loops whose body can match nothing, anything right-to-left.
type program struct {
	start *inst
	first firstSet // what a match can start with
	slots int      // capture slots, group 0 included
	names []string // each slot's group name as regexp2 gives it
	loops int      // loop counters needed
}

type op uint8

const (
	opAccept        op = iota // the whole pattern matched
	opSucceed                 // an atomic group's or lookaround's body matched
	opChar                    // one character in a class
	opMulti                   // a string
	opCharLoop                // greedy loop of one class, giving back one at a time
	opCharAtomic              // loop of one class, never giving back
	opCharLazy                // lazy loop of one class
	opAlt                     // alternation: each branch in order
	opLoop                    // general loop: enter (its counter saved)
	opLoopBack                // general loop: end of one iteration
	opAtomic                  // atomic group
	opLookahead               // positive lookahead
	opNegLookahead            // negative lookahead
	opLookbehind              // positive lookbehind of one character
	opNegLookbehind           // negative lookbehind of one character
	opOpen                    // capture start
	opClose                   // capture end
	opEmpty                   // nothing to do
	opNothing                 // never matches
	opBol                     // ^ with (?m)
	opEol                     // $ with (?m)
	opBoundary                // \b
	opNonboundary             // \B
	opBeginning               // \A, ^ without (?m)
	opStart                   // \G
	opEndZ                    // \Z, $ without (?m): the end or before a final \n
	opEnd                     // \z
)

type inst struct {
	op       op
	next     *inst
	class    charClass
	str      []rune
	min, max int
	alts     []*inst
	altFirst []firstSet     // each branch's possible first characters
	dispatch *[128][]uint16 // a long alternation's branches by first ASCII character
	body     *inst          // loop, atomic group, lookaround
	loop     *inst          // opLoopBack: its loop
	lazy     bool
	id       int  // loop counter or capture slot
	hasCaps  bool // an atomic group's or lookaround's body captures
}

// charClass is one character's test: a character, any but one, or a set.
type charClass struct {
	kind  uint8 // classOne, classNotone, classSet
	ch    rune
	ascii [2]uint64
	set   *syntax.CharSet
}

const (
	classOne = iota
	classNotone
	classSet
)

func (c *charClass) matches(r rune) bool {
	switch c.kind {
	case classOne:
		return r == c.ch
	case classNotone:
		return r != c.ch
	}
	if r >= 0 && r < 128 {
		return c.ascii[r/64]&(1<<(r%64)) != 0
	}
	return c.set.Contains(r)
}

// firstSet is what a branch of an alternation can start with: the ASCII
// characters, whether any other character, or anything (nullable).
type firstSet struct {
	ascii    [2]uint64
	nonASCII bool
	any      bool
}

func (f *firstSet) admits(r rune) bool {
	if f.any {
		return true
	}
	if r >= 0 && r < 128 {
		return f.ascii[r/64]&(1<<(r%64)) != 0
	}
	return f.nonASCII
}

func (f *firstSet) union(g firstSet) {
	f.ascii[0] |= g.ascii[0]
	f.ascii[1] |= g.ascii[1]
	f.nonASCII = f.nonASCII || g.nonASCII
	f.any = f.any || g.any
}

// compileProgram returns the program of re, parsed as tree, or nil when
// the pattern uses anything outside the subset. Compile it before
// syntax.Write sees the tree.
func compileProgram(re *regexp2.Regexp, tree *syntax.RegexTree) *program {
	if tree.Options&(syntax.RightToLeft|syntax.ECMAScript) != 0 {
		return nil
	}
	nums := re.GetGroupNumbers()
	p := &program{slots: len(nums)}
	for _, n := range nums {
		p.names = append(p.names, re.GroupNameFromNumber(n))
	}
	c := compiler{p: p, caps: captureSlots(tree)}
	p.start = c.node(tree.Root, &inst{op: opAccept})
	if c.unsupported {
		return nil
	}
	p.first = firstOf(tree.Root)
	return p
}

// captureSlots maps group numbers to capture slots as regexp2's writer
// does: nil when the numbers are the slots.
func captureSlots(tree *syntax.RegexTree) map[int]int {
	if tree.Capnumlist == nil || tree.Captop == len(tree.Capnumlist) {
		return nil
	}
	slots := map[int]int{}
	for i, n := range tree.Capnumlist {
		slots[n] = i
	}
	return slots
}

type compiler struct {
	p           *program
	caps        map[int]int
	unsupported bool
	refused     *syntax.RegexNode // the first node outside the subset
}

var succeed = &inst{op: opSucceed}

// minDispatch is the number of branches from which an alternation (a list
// of keywords, mostly) looks its candidates up by the first character
// instead of testing each branch's.
const minDispatch = 8

// node compiles n followed by next.
func (c *compiler) node(n *syntax.RegexNode, next *inst) *inst {
	if c.unsupported {
		return nil
	}
	if n.Options&syntax.RightToLeft != 0 && n.T != syntax.NtPosLook && n.T != syntax.NtNegLook || !caseExact(n) {
		return c.refuse(n)
	}
	switch n.T {
	case syntax.NtConcatenate:
		for i := len(n.Children) - 1; i >= 0; i-- {
			next = c.node(n.Children[i], next)
		}
		return next
	case syntax.NtAlternate:
		in := &inst{op: opAlt}
		for _, child := range n.Children {
			in.alts = append(in.alts, c.node(child, next))
			in.altFirst = append(in.altFirst, firstOf(child))
		}
		if len(in.alts) >= minDispatch && len(in.alts) <= math.MaxUint16 {
			in.dispatch = new([128][]uint16)
			for ch := range rune(128) {
				for i, f := range in.altFirst {
					if f.admits(ch) {
						in.dispatch[ch] = append(in.dispatch[ch], uint16(i))
					}
				}
			}
		}
		return in
	case syntax.NtCapture:
		if n.N != -1 {
			return c.refuse(n) // balancing group
		}
		slot := n.M
		if c.caps != nil {
			s, ok := c.caps[n.M]
			if !ok {
				return c.refuse(n)
			}
			slot = s
		}
		if slot < 0 || slot >= c.p.slots {
			return c.refuse(n)
		}
		closing := &inst{op: opClose, id: slot, next: next}
		return &inst{op: opOpen, id: slot, next: c.node(n.Children[0], closing)}
	case syntax.NtGroup:
		return c.node(n.Children[0], next)
	case syntax.NtLoop, syntax.NtLazyloop:
		body := n.Children[0]
		if n.M < 0 || n.N < n.M || body.ComputeMinLength() == 0 && n.N > 1 {
			return c.refuse(n) // an iteration may match nothing
		}
		loop := &inst{op: opLoop, min: n.M, max: repeatMax(n.N), lazy: n.T == syntax.NtLazyloop, id: c.p.loops, next: next}
		c.p.loops++
		loop.body = c.node(body, &inst{op: opLoopBack, loop: loop})
		return loop
	case syntax.NtAtomic, syntax.NtPosLook, syntax.NtNegLook:
		child := n.Children[0]
		if child.Options&syntax.RightToLeft != 0 {
			return c.lookbehind(n, child, next)
		}
		kind := map[syntax.NodeType]op{syntax.NtAtomic: opAtomic, syntax.NtPosLook: opLookahead, syntax.NtNegLook: opNegLookahead}[n.T]
		return &inst{op: kind, body: c.node(child, succeed), hasCaps: captures(child), next: next}
	case syntax.NtOne, syntax.NtNotone, syntax.NtSet:
		return &inst{op: opChar, class: c.class(n), next: next}
	case syntax.NtMulti:
		return &inst{op: opMulti, str: n.Str, next: next}
	case syntax.NtOneloop, syntax.NtNotoneloop, syntax.NtSetloop:
		return c.charLoop(n, opCharLoop, next)
	case syntax.NtOneloopatomic, syntax.NtNotoneloopatomic, syntax.NtSetloopatomic:
		return c.charLoop(n, opCharAtomic, next)
	case syntax.NtOnelazy, syntax.NtNotonelazy, syntax.NtSetlazy:
		return c.charLoop(n, opCharLazy, next)
	case syntax.NtEmpty, syntax.NtUpdateBumpalong:
		// UpdateBumpalong only moves where an unanchored search tries
		// next; every rule is anchored at the position (\G).
		return next
	case syntax.NtNothing:
		return &inst{op: opNothing}
	}
	if a, ok := anchors[n.T]; ok {
		return &inst{op: a, next: next}
	}
	return c.refuse(n)
}

var anchors = map[syntax.NodeType]op{
	syntax.NtBol:         opBol,
	syntax.NtEol:         opEol,
	syntax.NtBoundary:    opBoundary,
	syntax.NtNonboundary: opNonboundary,
	syntax.NtBeginning:   opBeginning,
	syntax.NtStart:       opStart,
	syntax.NtEndZ:        opEndZ,
	syntax.NtEnd:         opEnd,
}

func (c *compiler) refuse(n *syntax.RegexNode) *inst {
	if !c.unsupported {
		c.unsupported, c.refused = true, n
	}
	return nil
}

// lookbehind compiles (?<=x) or (?<!x) of one character x.
func (c *compiler) lookbehind(n, child *syntax.RegexNode, next *inst) *inst {
	switch {
	case n.T == syntax.NtAtomic:
	case child.T != syntax.NtOne && child.T != syntax.NtNotone && child.T != syntax.NtSet:
	case !caseExact(child):
	default:
		kind := opLookbehind
		if n.T == syntax.NtNegLook {
			kind = opNegLookbehind
		}
		return &inst{op: kind, class: c.class(child), next: next}
	}
	return c.refuse(n)
}

func (c *compiler) charLoop(n *syntax.RegexNode, kind op, next *inst) *inst {
	if n.M < 0 || n.N < n.M {
		return c.refuse(n)
	}
	return &inst{op: kind, class: c.class(n), min: n.M, max: repeatMax(n.N), next: next}
}

func repeatMax(n int) int {
	if n == math.MaxInt32 {
		return math.MaxInt
	}
	return n
}

func (c *compiler) class(n *syntax.RegexNode) charClass {
	switch {
	case n.IsOneFamily():
		return charClass{kind: classOne, ch: n.Ch}
	case n.IsNotoneFamily():
		return charClass{kind: classNotone, ch: n.Ch}
	}
	cc := charClass{kind: classSet, set: n.Set}
	for r := range rune(128) {
		if n.Set.Contains(r) {
			cc.ascii[r/64] |= 1 << (r % 64)
		}
	}
	return cc
}

// caseExact reports whether n's characters compare exactly. regexp2 turns
// case-insensitive characters into sets of their case variants, and leaves
// a character case-insensitive only where it has none; the matcher leaves
// anything but ASCII non-letters in that state to regexp2.
func caseExact(n *syntax.RegexNode) bool {
	if n.Options&syntax.IgnoreCase == 0 {
		return true
	}
	switch {
	case n.IsOneFamily() || n.IsNotoneFamily():
		return caselessASCII(n.Ch)
	case n.T == syntax.NtMulti:
		for _, r := range n.Str {
			if !caselessASCII(r) {
				return false
			}
		}
		return true
	case n.T == syntax.NtRef:
		return false
	}
	return true // sets carry their case variants; structure has no case
}

func caselessASCII(r rune) bool {
	return r < 128 && !unicode.IsLetter(r)
}

// captures reports whether n has a capture group.
func captures(n *syntax.RegexNode) bool {
	if n.T == syntax.NtCapture {
		return true
	}
	for _, c := range n.Children {
		if captures(c) {
			return true
		}
	}
	return false
}

// firstOf is the set of characters a match of n can start with; anything
// when n can match the empty string.
func firstOf(n *syntax.RegexNode) firstSet {
	f, nullable := firstInfo(n)
	if nullable {
		return firstSet{any: true}
	}
	return f
}

// firstInfo is the set of characters a match of n can start with when it
// is not empty, and whether it can be empty (zero-width assertions are).
func firstInfo(n *syntax.RegexNode) (f firstSet, nullable bool) {
	switch n.T {
	case syntax.NtOne, syntax.NtNotone, syntax.NtSet:
		return classFirst(n), false
	case syntax.NtOneloop, syntax.NtNotoneloop, syntax.NtSetloop,
		syntax.NtOneloopatomic, syntax.NtNotoneloopatomic, syntax.NtSetloopatomic,
		syntax.NtOnelazy, syntax.NtNotonelazy, syntax.NtSetlazy:
		return classFirst(n), n.M == 0
	case syntax.NtMulti:
		if len(n.Str) == 0 {
			return firstSet{}, true
		}
		return classFirst(&syntax.RegexNode{T: syntax.NtOne, Ch: n.Str[0]}), false
	case syntax.NtConcatenate:
		for _, c := range n.Children {
			cf, cn := firstInfo(c)
			f.union(cf)
			if !cn {
				return f, false
			}
		}
		return f, true
	case syntax.NtAlternate:
		for _, c := range n.Children {
			cf, cn := firstInfo(c)
			f.union(cf)
			nullable = nullable || cn
		}
		return f, nullable
	case syntax.NtCapture, syntax.NtGroup, syntax.NtAtomic:
		return firstInfo(n.Children[0])
	case syntax.NtLoop, syntax.NtLazyloop:
		f, nullable = firstInfo(n.Children[0])
		return f, nullable || n.M == 0
	case syntax.NtNothing:
		return firstSet{}, false
	case syntax.NtEmpty, syntax.NtUpdateBumpalong, syntax.NtPosLook, syntax.NtNegLook,
		syntax.NtBol, syntax.NtEol, syntax.NtBoundary, syntax.NtNonboundary,
		syntax.NtBeginning, syntax.NtStart, syntax.NtEndZ, syntax.NtEnd:
		return firstSet{}, true // zero-width: what follows decides
	}
	return firstSet{any: true}, true
}

func classFirst(n *syntax.RegexNode) firstSet {
	c := (&compiler{}).class(n)
	f := firstSet{nonASCII: true}
	switch c.kind {
	case classOne:
		if c.ch >= 128 {
			return firstSet{nonASCII: true}
		}
		f = firstSet{}
		f.ascii[c.ch/64] |= 1 << (c.ch % 64)
	case classNotone:
		f.ascii = [2]uint64{^uint64(0), ^uint64(0)}
		if c.ch < 128 {
			f.ascii[c.ch/64] &^= 1 << (c.ch % 64)
		}
	default:
		f.ascii = c.ascii
	}
	return f
}

// stepBudget bounds one attempt; past it the matcher gives up and the
// attempt is made again by regexp2 (which has its own time limit), so that
// a pattern that backtracks without end behaves exactly as before.
const stepBudget = 1 << 20

// machine runs programs; one per lexing, reused for every attempt.
type machine struct {
	text    []rune
	start   int
	end     int // where the match ended
	sub     int // where an atomic group's or lookaround's body ended
	caps    []int
	open    []int
	counts  []int
	saved   []int // captures saved around atomic groups and lookarounds
	steps   int
	aborted bool
}

// exec tries p at pos; ok is false when it does not match there, and
// aborted true when the matcher gave up (the caller asks regexp2).
func (m *machine) exec(p *program, text []rune, pos int) (ok, aborted bool) {
	m.text, m.start, m.steps, m.aborted = text, pos, 0, false
	m.caps = resize(m.caps, 2*p.slots)
	m.open = resize(m.open, p.slots)
	m.counts = resize(m.counts, p.loops)
	m.saved = m.saved[:0]
	ok = m.run(p.start, pos)
	return ok && !m.aborted, m.aborted
}

func resize(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// group returns slot i's text of the last match.
func (m *machine) group(i int) string {
	return string(m.text[m.caps[2*i]:m.caps[2*i+1]])
}

// groupIn returns slot i's text as part of whole, the text of slot 0,
// without a copy when the group lies within the match (as it does but for
// a capture in a lookahead).
func (m *machine) groupIn(i int, whole string) string {
	start, end := m.caps[2*i], m.caps[2*i+1]
	if start < m.caps[0] || end > m.caps[1] || start > end {
		return m.group(i)
	}
	from := utf8Len(m.text[m.caps[0]:start])
	return whole[from : from+utf8Len(m.text[start:end])]
}

// utf8Len is len(string(runes)).
func utf8Len(runes []rune) int {
	n := 0
	for _, r := range runes {
		if r >= 0 && r < utf8.RuneSelf {
			n++
		} else if l := utf8.RuneLen(r); l > 0 {
			n += l
		} else {
			n += len(string(utf8.RuneError)) // string() writes invalid runes so
		}
	}
	return n
}

func (m *machine) isWordAt(i int) bool {
	return i >= 0 && i < len(m.text) && syntax.IsWordChar(m.text[i])
}

// count is how many characters from pos, up to max, in is's class matches.
func (m *machine) count(in *inst, pos, max int) int {
	n := 0
	for pos+n < len(m.text) && n < max && in.class.matches(m.text[pos+n]) {
		n++
	}
	return n
}

func (m *machine) save() int {
	mark := len(m.saved)
	m.saved = append(m.saved, m.caps...)
	m.saved = append(m.saved, m.open...)
	return mark
}

func (m *machine) restore(mark int) {
	n := copy(m.caps, m.saved[mark:])
	copy(m.open, m.saved[mark+n:])
	m.saved = m.saved[:mark]
}

// run matches from in at pos and on to the end of the pattern, trying the
// alternatives in regexp2's order; it returns whether the rest matched.
// Captures are undone on the way back from a failed path.
func (m *machine) run(in *inst, pos int) bool {
	for {
		if m.steps++; m.steps > stepBudget {
			m.aborted = true
			return false
		}
		switch in.op {
		case opAccept:
			m.end = pos
			return true
		case opSucceed:
			m.sub = pos
			return true
		case opChar:
			if pos >= len(m.text) || !in.class.matches(m.text[pos]) {
				return false
			}
			pos++
		case opMulti:
			if len(m.text)-pos < len(in.str) {
				return false
			}
			for i, r := range in.str {
				if m.text[pos+i] != r {
					return false
				}
			}
			pos += len(in.str)
		case opCharAtomic:
			n := m.count(in, pos, in.max)
			if n < in.min {
				return false
			}
			pos += n
		case opCharLoop:
			n := m.count(in, pos, in.max)
			if n < in.min {
				return false
			}
			for ; n > in.min; n-- {
				if m.run(in.next, pos+n) {
					return true
				}
				if m.aborted {
					return false
				}
			}
			pos += in.min
		case opCharLazy:
			n := m.count(in, pos, in.min)
			if n < in.min {
				return false
			}
			for {
				if m.run(in.next, pos+n) {
					return true
				}
				if m.aborted || n >= in.max || pos+n >= len(m.text) || !in.class.matches(m.text[pos+n]) {
					return false
				}
				n++
			}
		case opAlt:
			if in.dispatch != nil && pos < len(m.text) && m.text[pos] < 128 {
				for _, i := range in.dispatch[m.text[pos]] {
					if m.run(in.alts[i], pos) {
						return true
					}
					if m.aborted {
						return false
					}
				}
				return false
			}
			for i, branch := range in.alts {
				if pos < len(m.text) && !in.altFirst[i].admits(m.text[pos]) {
					continue
				}
				if m.run(branch, pos) {
					return true
				}
				if m.aborted {
					return false
				}
			}
			return false
		case opOpen:
			old := m.open[in.id]
			m.open[in.id] = pos
			if m.run(in.next, pos) {
				return true
			}
			m.open[in.id] = old
			return false
		case opClose:
			i := 2 * in.id
			start, end := m.caps[i], m.caps[i+1]
			m.caps[i], m.caps[i+1] = m.open[in.id], pos
			if m.run(in.next, pos) {
				return true
			}
			m.caps[i], m.caps[i+1] = start, end
			return false
		case opLoop:
			old := m.counts[in.id]
			m.counts[in.id] = 0
			ok := m.iterate(in, pos)
			m.counts[in.id] = old
			return ok
		case opLoopBack:
			return m.iterate(in.loop, pos)
		case opAtomic, opLookahead:
			mark := -1
			if in.hasCaps {
				mark = m.save()
			}
			if !m.run(in.body, pos) {
				if mark >= 0 {
					m.saved = m.saved[:mark]
				}
				return false
			}
			after := pos
			if in.op == opAtomic {
				after = m.sub
			}
			if m.run(in.next, after) {
				return true
			}
			if mark >= 0 {
				m.restore(mark)
			}
			return false
		case opNegLookahead:
			mark := -1
			if in.hasCaps {
				mark = m.save()
			}
			matched := m.run(in.body, pos)
			if mark >= 0 {
				m.restore(mark)
			}
			if matched || m.aborted {
				return false
			}
		case opLookbehind, opNegLookbehind:
			found := pos > 0 && in.class.matches(m.text[pos-1])
			if found != (in.op == opLookbehind) {
				return false
			}
		case opEmpty:
		case opNothing:
			return false
		case opBol:
			if pos > 0 && m.text[pos-1] != '\n' {
				return false
			}
		case opEol:
			if pos < len(m.text) && m.text[pos] != '\n' {
				return false
			}
		case opBoundary, opNonboundary:
			if (m.isWordAt(pos-1) != m.isWordAt(pos)) != (in.op == opBoundary) {
				return false
			}
		case opBeginning:
			if pos != 0 {
				return false
			}
		case opStart:
			if pos != m.start {
				return false
			}
		case opEndZ:
			if rest := len(m.text) - pos; rest > 1 || rest == 1 && m.text[pos] != '\n' {
				return false
			}
		case opEnd:
			if pos != len(m.text) {
				return false
			}
		default:
			panic("fastlex: unknown instruction")
		}
		in = in.next
	}
}

// iterate is a general loop after count iterations: one more (greedy: first)
// or the rest of the pattern (lazy: first).
func (m *machine) iterate(loop *inst, pos int) bool {
	n := &m.counts[loop.id]
	if loop.lazy && *n >= loop.min {
		if m.run(loop.next, pos) || m.aborted {
			return !m.aborted
		}
	}
	if *n < loop.max {
		*n++
		if m.run(loop.body, pos) {
			return true
		}
		n = &m.counts[loop.id]
		*n--
		if m.aborted {
			return false
		}
	}
	if !loop.lazy && *n >= loop.min {
		return m.run(loop.next, pos)
	}
	return false
}
