// Package fastlex runs chroma's regular-expression lexers faster without
// changing a single token.
//
// A chroma lexer finds each token by trying the current state's rules in
// order until one matches; a Python identifier is reached only after some
// forty rules have failed. Each attempt is a call into regexp2 that costs
// about as much as a successful match, so highlighting is mostly spent
// failing. Most of those rules cannot start with the character at hand
// ('(' cannot begin a keyword), and regexp2 knows it: it computes each
// pattern's possible first characters, but does not consult them when the
// pattern is anchored at the current position, as all of chroma's are.
//
// Wrap checks that set before trying a rule, and otherwise does what
// chroma's own iterator (regexp.go, LexerState.Iterator) does, step for
// step, with the same compiled rules, mutators and emitters. A rule that
// passes the check is then tried by a small matcher of its own (engine.go)
// where the pattern is within that matcher's subset, which nearly all of
// chroma's are, and by regexp2 otherwise. The tests compare its tokens with
// chroma's on chroma's own samples for every lexer and on fuzzed input, and
// each rule's matches with regexp2's.
package fastlex

import (
	"errors"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/chroma/v2"
	"github.com/dlclark/regexp2/v2/syntax"
	"handbook/internal/markdown/highlight/lexers"
)

// Lexer is a chroma lexer whose rules are tried only where they can match.
type Lexer struct {
	*chroma.RegexLexer // the twin that owns the compiled rules; also nested lexing
	rules              chroma.CompiledRules
	analysed           map[*chroma.CompiledRule]*analysis // each compiled rule's
	byState            map[string]stateFilters
	// rewrites are the rules whose mutator may replace rules in the
	// compiled rules (Raku's). Those rules are shared, also by the nested
	// lexings chroma's emitters start (state.Lexer.Tokenise), so a lexer
	// with such rules lexes one text at a time (serial), all at once.
	rewrites map[*chroma.CompiledRule]bool
	serial   sync.Mutex
}

// stateFilters are a state's rules' analyses in rule order.
type stateFilters struct {
	rules    []*chroma.CompiledRule
	owners   []*chroma.CompiledRule // a copy: mutators replace rules in place
	analyses []*analysis
}

// analysis is what a rule is tried with: the characters its match can
// start with and its program. Both are worked out the first time the
// rule is tried, as parsing the pattern again and compiling its program
// cost more than chroma's own compilation, and a language's blocks in a
// handbook try a few of its states' rules only.
type analysis struct {
	ready atomic.Bool // first and prog are set
	mu    sync.Mutex  // held while they are worked out
	rule  *chroma.CompiledRule
	first *firstChars // nil admits everything
	prog  *program    // nil: regexp2 matches the rule
}

// get returns the rule's filter and program; a nil analysis (a rule a
// mutator made) has neither. (As sync.Once does, but small enough to
// inline: it is called for every rule tried.)
func (a *analysis) get() (*firstChars, *program) {
	if a == nil {
		return nil, nil
	}
	if !a.ready.Load() {
		a.analyse()
	}
	return a.first, a.prog
}

func (a *analysis) analyse() {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.ready.Load() {
		return
	}
	defer a.ready.Store(true)
	// chroma compiles every rule without options (its flags are inline).
	if a.rule.Regexp == nil {
		return
	}
	tree, err := syntax.Parse(a.rule.Regexp.String(), syntax.ParseOptions{})
	if err != nil {
		return
	}
	// A program's own first set is as good as regexp2's and far cheaper
	// to work out (no syntax.Write).
	if a.prog = compileProgram(a.rule.Regexp, tree); a.prog != nil {
		a.first = programFirst(a.prog)
	} else {
		a.first = firstCharsOf(tree)
	}
}

// Wrap returns a lexer that produces exactly l's tokens, or l itself when l
// is not one of chroma's regular-expression lexers or its rules do not
// compile.
func Wrap(l chroma.Lexer) chroma.Lexer {
	rl, ok := l.(*chroma.RegexLexer)
	if !ok {
		return l
	}
	twin, rules, err := compile(rl)
	if err != nil || rules == nil {
		return l
	}
	f := &Lexer{RegexLexer: twin, rules: rules, analysed: map[*chroma.CompiledRule]*analysis{}, byState: map[string]stateFilters{}, rewrites: map[*chroma.CompiledRule]bool{}}
	for name, state := range rules {
		sf := stateFilters{rules: state, owners: append([]*chroma.CompiledRule(nil), state...)}
		for _, rule := range state {
			// (A state included in others shares its rules with them.)
			a := f.analysed[rule]
			if a == nil {
				a = &analysis{rule: rule}
				f.analysed[rule] = a
			}
			sf.analyses = append(sf.analyses, a)
			if name != captureState && rule.Mutator != nil && mayReplaceRules(rule.Mutator) {
				f.rewrites[rule] = true
			}
		}
		f.byState[name] = sf
	}
	return f
}

// captureState is a state added to the twin's rules so that a mutator can
// see the compiled rules, which chroma only hands to mutators.
const captureState = "fastlex:capture"

// compile makes a twin of l from l's rules and returns the twin with its
// compiled rules: chroma compiles them (includes, combined states and all)
// exactly as it does for l.
func compile(l *chroma.RegexLexer) (*chroma.RegexLexer, chroma.CompiledRules, error) {
	raw, err := l.Rules()
	if err != nil {
		return nil, nil, err
	}
	if _, taken := raw[captureState]; taken {
		return nil, nil, nil
	}
	rules := make(chroma.Rules, len(raw)+1)
	for state, r := range raw {
		rules[state] = r
	}
	var compiled chroma.CompiledRules
	rules[captureState] = []chroma.Rule{{Pattern: `[\s\S]`, Mutator: chroma.MutatorFunc(func(s *chroma.LexerState) error {
		compiled = s.Rules
		return nil
	})}}
	twin, err := chroma.NewLexer(l.Config(), func() chroma.Rules { return rules })
	if err != nil {
		return nil, nil, err
	}
	twin.SetRegistry(lexers.Registry())
	it, err := twin.Tokenise(&chroma.TokeniseOptions{State: captureState, Nested: true}, "x")
	if err != nil {
		return nil, nil, err
	}
	for t := it(); t != chroma.EOF; t = it() {
	}
	for _, state := range compiled {
		for _, rule := range state {
			if rule.Regexp != nil {
				rule.Regexp.MatchTimeout = matchTimeout
			}
		}
	}
	return twin, compiled, nil
}

// matchTimeout replaces chroma's 250 ms limit on one regular expression
// match. That limit guards against runaway backtracking, but a busy machine
// (a parallel build, the race detector) can make an ordinary match take
// that long, and the block then lost its highlighting in one build and not
// the next: output must not depend on the machine's load.
const matchTimeout = 30 * time.Second

// firstChars is the set of characters a rule's match can start with.
type firstChars struct {
	ascii           [2]uint64       // admits(c) for c < 128, worked out once
	set             *syntax.CharSet // nil: any other character when nonASCII
	caseInsensitive bool
	nonASCII        bool
}

// programFirst is the filter of a rule with a program; nil admits all.
func programFirst(p *program) *firstChars {
	if p.first.any {
		return nil
	}
	return &firstChars{ascii: p.first.ascii, nonASCII: p.first.nonASCII}
}

// firstCharsOf reads a rule's first-character set as regexp2 computes it
// for unanchored searches from the rule's parse tree; nil means any
// character (or none known).
func firstCharsOf(tree *syntax.RegexTree) *firstChars {
	code, err := syntax.Write(tree)
	if err != nil || code.FcPrefix == nil || code.RightToLeft {
		return nil
	}
	f := &firstChars{set: &code.FcPrefix.PrefixSet, caseInsensitive: code.FcPrefix.CaseInsensitive}
	for c := range rune(128) {
		if f.admitsAny(c) {
			f.ascii[c/64] |= 1 << (c % 64)
		}
	}
	return f
}

func (f *firstChars) admits(ch rune) bool {
	if f == nil {
		return true
	}
	if ch < 128 {
		return f.ascii[ch/64]&(1<<(ch%64)) != 0
	}
	if f.set == nil {
		return f.nonASCII
	}
	return f.admitsAny(ch)
}

func (f *firstChars) admitsAny(ch rune) bool {
	if f.set.Contains(ch) {
		return true
	}
	if !f.caseInsensitive {
		return false
	}
	// Any case variant of ch may be the one in the set.
	if f.set.Contains(unicode.ToLower(ch)) || f.set.Contains(unicode.ToUpper(ch)) {
		return true
	}
	for c := unicode.SimpleFold(ch); c != ch; c = unicode.SimpleFold(c) {
		if f.set.Contains(c) {
			return true
		}
	}
	return false
}

// Tokenise is chroma's RegexLexer.Tokenise with the faster iterator.
func (f *Lexer) Tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	if len(f.rewrites) > 0 {
		f.serial.Lock()
		defer f.serial.Unlock() // also when the lexing panics
		it, err := f.tokenise(options, text)
		if err != nil {
			return nil, err
		}
		return chroma.Literator(it.Tokens()...), nil
	}
	return f.tokenise(options, text)
}

func (f *Lexer) tokenise(options *chroma.TokeniseOptions, text string) (chroma.Iterator, error) {
	if options == nil {
		options = &chroma.TokeniseOptions{State: "root", EnsureLF: true}
	}
	if options.EnsureLF {
		text = ensureLF(text)
	}
	newlineAdded := false
	if !options.Nested && f.Config().EnsureNL && !strings.HasSuffix(text, "\n") {
		text += "\n"
		newlineAdded = true
	}
	s := &state{
		lexer:   f,
		initial: options.State,
		LexerState: chroma.LexerState{
			Registry:       lexers.Registry(),
			Lexer:          f.RegexLexer,
			Text:           []rune(text),
			Stack:          []string{options.State},
			Rules:          f.rules,
			MutatorContext: map[any]any{},
		},
	}
	s.end = len(s.Text)
	if newlineAdded {
		s.end--
	}
	return s.next, nil
}

// ensureLF replaces \r\n and lone \r with \n, as chroma does.
func ensureLF(text string) string {
	if !strings.Contains(text, "\r") {
		return text
	}
	return strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n")
}

type state struct {
	chroma.LexerState
	lexer   *Lexer
	initial string // the state to fall back to on an unmatched newline
	end     int
	pending []chroma.Iterator // emitted, not yet exhausted
	stalled int               // rules matched in a row without moving on
	named   map[string]string // NamedGroups of the last match
	machine machine
	// The rules and analyses of the state last looked up (the lexer's
	// rules never change while it lexes, unless it has rewrites).
	lastState   string
	lastRules   []*chroma.CompiledRule
	lastFilters stateFilters
	lastKnown   bool
}

// maxStalled bounds the empty matches in a row at one position. A few are
// normal (a rule that only changes state); thousands mean the lexer is
// caught in a loop, which chroma would never leave (some of its lexers do
// this on input in another language).
const maxStalled = 10000

// ErrNoProgress is the panic value when a lexer stops advancing; the
// highlighter recovers and shows the block as plain text.
var ErrNoProgress = errors.New("fastlex: the lexer stopped advancing")

// next mirrors chroma's LexerState.Iterator.
func (s *state) next() chroma.Token {
	for s.Pos < s.end && len(s.Stack) > 0 {
		if t, ok := s.drain(); ok {
			return t
		}
		s.State = s.Stack[len(s.Stack)-1]
		rules := s.rulesOf(s.State)
		index, rule, groups, named := s.match(rules)
		if groups == nil {
			// As in Pygments: an unmatched newline resets the stack.
			if s.Text[s.Pos] == '\n' && s.State != s.initial {
				s.Stack = []string{s.initial}
				continue
			}
			s.Pos++
			return chroma.Token{Type: chroma.Error, Value: string(s.Text[s.Pos-1 : s.Pos])}
		}
		before := s.Pos
		s.Rule = index
		s.Groups = groups
		s.NamedGroups = named
		s.Pos += utf8.RuneCountInString(groups[0])
		if rule.Mutator != nil {
			if err := rule.Mutator.Mutate(&s.LexerState); err != nil {
				panic(err)
			}
		}
		if tt, ok := rule.Type.(chroma.TokenType); ok && len(s.pending) == 0 {
			// The one token TokenType.Emit's iterator would give (drain
			// takes it next), without making the iterator: most rules
			// emit a token type. (Of the groups a mutator may have changed.)
			s.moved(before)
			if t := (chroma.Token{Type: tt, Value: s.Groups[0]}); t.Type != chroma.Ignore && t != chroma.EOF {
				return t
			}
			continue
		}
		if rule.Type != nil {
			s.pending = append(s.pending, rule.Type.Emit(s.Groups, &s.LexerState))
		}
		s.moved(before)
	}
	if t, ok := s.drain(); ok {
		return t
	}
	if s.Pos != len(s.Text) && len(s.Stack) == 0 {
		value := string(s.Text[s.Pos:])
		s.Pos = len(s.Text)
		return chroma.Token{Type: chroma.Error, Value: value}
	}
	return chroma.EOF
}

// moved counts the matches in a row that left the position at before.
func (s *state) moved(before int) {
	if s.Pos != before {
		s.stalled = 0
	} else if s.stalled++; s.stalled > maxStalled {
		panic(ErrNoProgress)
	}
}

// rulesOf returns the rules of state, and makes its analyses the ones
// match uses.
func (s *state) rulesOf(state string) []*chroma.CompiledRule {
	if s.lastKnown && state == s.lastState {
		return s.lastRules
	}
	rules, ok := s.Rules[state]
	if !ok {
		panic("unknown state " + state)
	}
	s.lastState, s.lastRules, s.lastFilters = state, rules, s.lexer.byState[state]
	// A lexer whose mutators may replace rules looks them up every time.
	s.lastKnown = len(s.lexer.rewrites) == 0
	return rules
}

// mayReplaceRules reports whether m may replace rules in the compiled rules.
// chroma's own mutators (push, pop, include, combined, and lists of them)
// only change the state's stack; a mutator function may do anything (Raku's
// replace the rules its heredocs and pod blocks end with).
func mayReplaceRules(m chroma.Mutator) bool {
	if _, ok := m.(chroma.MutatorFunc); ok {
		return true
	}
	t := reflect.TypeOf(m)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.PkgPath() != chromaPkg {
		return true // a lexer's own mutator type
	}
	// A list of mutators (chroma.Mutators, an unexported type).
	if v := reflect.ValueOf(m); v.Kind() == reflect.Pointer && t.Kind() == reflect.Struct {
		if f := v.Elem().FieldByName("Mutators"); f.IsValid() {
			list, _ := f.Interface().([]chroma.Mutator)
			return slices.ContainsFunc(list, mayReplaceRules)
		}
	}
	return false
}

// chromaPkg is the import path of chroma's own mutators.
var chromaPkg = reflect.TypeFor[chroma.Token]().PkgPath()

// drain returns the next token of the innermost pending iterator, if any.
func (s *state) drain() (chroma.Token, bool) {
	for len(s.pending) > 0 {
		n := len(s.pending) - 1
		t := s.pending[n]()
		if t.Type == chroma.Ignore {
			continue
		}
		if t == chroma.EOF {
			s.pending = s.pending[:n]
			continue
		}
		return t, true
	}
	return chroma.Token{}, false
}

// match is chroma's matchRules, skipping rules that cannot start with the
// character at the current position.
func (s *state) match(rules []*chroma.CompiledRule) (int, *chroma.CompiledRule, []string, map[string]string) {
	ch := s.Text[s.Pos]
	var owners []*chroma.CompiledRule
	var analyses []*analysis
	// The state's analyses line up with its rules unless a mutator has
	// replaced them (or some of them) since; then each rule is looked up on
	// its own.
	if sf := s.lastFilters; len(sf.rules) == len(rules) && len(rules) > 0 && &sf.rules[0] == &rules[0] {
		owners, analyses = sf.owners, sf.analyses
	}
	for i, rule := range rules {
		var a *analysis
		if owners != nil && owners[i] == rule {
			a = analyses[i]
		} else {
			a = s.lexer.analysed[rule]
		}
		first, prog := a.get()
		if !first.admits(ch) {
			continue
		}
		if prog != nil {
			ok, aborted := s.machine.exec(prog, s.Text, s.Pos)
			if ok {
				return i, rule, s.groups(prog), s.named
			}
			if !aborted {
				continue
			}
		}
		m, err := rule.Regexp.FindRunesMatchStartingAt(s.Text, s.Pos)
		if m != nil && err == nil && m.RuneIndex == s.Pos {
			gs := m.Groups()
			groups := make([]string, len(gs))
			// One map per state, filled anew for each match: its readers
			// (ByGroupNames, mutators) read it while the match is emitted.
			if s.named == nil {
				s.named = make(map[string]string, len(gs))
			}
			clear(s.named)
			for j, g := range gs {
				groups[j] = g.String()
				s.named[g.Name] = groups[j]
			}
			return i, rule, groups, s.named
		}
	}
	return 0, &chroma.CompiledRule{}, nil, nil
}

// groups returns the last program match's groups and fills s.named, as
// match does from regexp2's.
func (s *state) groups(p *program) []string {
	groups := make([]string, p.slots)
	if s.named == nil {
		s.named = make(map[string]string, p.slots)
	}
	clear(s.named)
	for j := range groups {
		if j == 0 {
			groups[0] = s.machine.group(0)
		} else {
			groups[j] = s.machine.groupIn(j, groups[0])
		}
		s.named[p.names[j]] = groups[j]
	}
	return groups
}
