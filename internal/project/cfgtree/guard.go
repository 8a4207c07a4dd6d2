package cfgtree

import (
	"fmt"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/token"
)

// go-yaml (v1.19.2, the latest) reads some shapes of input in quadratic
// time, so that a page's front matter of a few hundred KB could stall a
// build for minutes or exhaust its memory. lexYAML refuses each shape
// beyond a limit far above what a real document reaches (the largest
// config in sight, Material's own mkdocs.yml, stays 500 times below each):
//
//   - Its scanner counts the run of '<' after each '<' (looking for the
//     merge key "<<"): 200 KB of '<' took 12 s.
//   - Its parser splits a stream into documents recursively, copying the
//     list of the documents after each: 750 KB of "--- a\n" took 75 s.
//   - It gives every node the path of the keys and indexes above it
//     ("$.a.b[3]") as a new string, and keeps it: the sum of the path
//     lengths grows with the square of the nesting depth ("[a, [a, …",
//     "- - - …") and with a long key times the values under it. 250 KB of
//     "[a, " took 14 s and 12 GB of memory.
//   - It parses the keys of a block mapping recursively, copying the keys
//     after each: 20,000 keys in one mapping took 2.4 s (100,000 would
//     take a minute).
//   - It inserts a null token into the token slice for each key or list
//     item without a value, moving every token after it: 600 KB of
//     "x:\n  - " took 14 s.
const (
	maxAngleRun    = 256
	maxDocuments   = 1000
	maxPathBytes   = 16 << 20
	maxKeyCopies   = 1 << 27 // about 16,000 keys in one mapping
	maxTokenShifts = 32 << 20

	// indexBytes is what a list item adds to a path ("[123]"); keyBytes is
	// what a key adds besides its text (the dot, quotes).
	indexBytes = 8
	keyBytes   = 3
)

// ParseYAMLFile parses data with go-yaml into its AST, like
// parser.ParseBytes, but refuses input that go-yaml would take far too long
// to read and turns a panic inside it into an error. An error carries the
// position YAMLDiagnostic reports.
func ParseYAMLFile(data []byte) (*ast.File, error) {
	tokens, err := lexYAML(data)
	if err != nil {
		return nil, err
	}
	return parseTokens(tokens)
}

// CheckYAML returns an error at the first shape of data go-yaml would
// take far too long to read, for YAML given to go-yaml's decoder directly.
func CheckYAML(data []byte) error {
	_, err := lexYAML(data)
	return err
}

// lexYAML tokenizes data after checking it for the shapes go-yaml reads in
// more than linear time; the checks on tokens are linear too.
func lexYAML(data []byte) (token.Tokens, error) {
	if err := checkAngleRuns(data); err != nil {
		return nil, err
	}
	tokens := lexer.Tokenize(string(data))
	if tk := documentsExceeded(tokens); tk != nil {
		return nil, nodeError{tk, fmt.Sprintf("more than %d documents (---) to read safely", maxDocuments)}
	}
	if tk, msg := structureExceeded(tokens); tk != nil {
		return nil, nodeError{tk, msg}
	}
	if tk := emptyValuesExceeded(tokens); tk != nil {
		return nil, nodeError{tk, "too many keys or list items without a value to read safely"}
	}
	return tokens, nil
}

// checkAngleRuns refuses a run of more than maxAngleRun '<'.
func checkAngleRuns(data []byte) error {
	line, col, run := 1, 0, 0
	for _, b := range data {
		col++
		switch b {
		case '<':
			if run++; run > maxAngleRun {
				pos := &token.Position{Line: line, Column: col - run + 1}
				return nodeError{&token.Token{Type: token.StringType, Value: "<", Position: pos},
					fmt.Sprintf("more than %d '<' in a row to read safely", maxAngleRun)}
			}
			continue
		case '\n':
			line, col = line+1, 0
		}
		run = 0
	}
	return nil
}

// documentsExceeded returns the document marker past maxDocuments, or nil.
func documentsExceeded(tokens token.Tokens) *token.Token {
	n := 0
	for _, tk := range tokens {
		switch tk.Type {
		case token.DocumentHeaderType, token.DocumentEndType, token.DirectiveType:
			if n++; n > maxDocuments {
				return tk
			}
		}
	}
	return nil
}

// frame is a key, list item or flow collection that the tokens after it
// may be inside.
type frame struct {
	col      int  // the column of a block entry (0 inside a flow collection)
	key      bool // a mapping key (a block list at its column still belongs to it)
	flow     bool // a '[' or '{'
	bytes    int  // what it adds to the paths of the nodes inside it
	siblings int  // for a block key, the keys of its mapping up to it
}

// structure follows the nesting of a token stream: block structure by
// indentation, flow structure by brackets and commas. It over-estimates
// what encloses a token rather than under-estimate it.
type structure struct {
	stack []frame
	open  int // the path bytes of the frames on the stack
	flow  int // open flow collections
}

func (s *structure) push(f frame) {
	s.stack = append(s.stack, f)
	s.open += f.bytes
}

func (s *structure) pop() frame {
	f := s.stack[len(s.stack)-1]
	s.stack = s.stack[:len(s.stack)-1]
	s.open -= f.bytes
	return f
}

// popFlowEntry pops the keys of the current flow collection's entry.
func (s *structure) popFlowEntry() {
	for len(s.stack) > 0 && !s.stack[len(s.stack)-1].flow {
		s.pop()
	}
}

// newLine pops what a token starting a line at col is not inside, and
// returns the key it is a sibling of (siblings 0 when none).
func (s *structure) newLine(col int, isSeqEntry bool) (sibling frame) {
	for len(s.stack) > 0 {
		f := s.stack[len(s.stack)-1]
		// "key:" followed by "- item" at its own column: the list is the key's.
		if f.col < col || f.col == col && isSeqEntry && f.key {
			break
		}
		if s.pop(); f.key && f.col == col {
			sibling = f
		}
	}
	return sibling
}

// structureExceeded estimates, from above, the sum of the path lengths
// go-yaml's parser builds (each token counts the keys and items it may be
// inside) and the keys it copies while parsing block mappings. It returns
// the token at which either passes its limit, with a message, or nil.
func structureExceeded(tokens token.Tokens) (*token.Token, string) {
	var s structure
	pathBytes, keyCopies := 0, 0
	line, entryCol, entryNext := 0, 0, false
	var sibling frame
	var prev *token.Token
	for _, tk := range tokens {
		if tk.Type == token.CommentType || tk.Position == nil {
			continue
		}
		col := tk.Position.Column
		if tk.Position.Line != line {
			line, entryCol, entryNext, sibling = tk.Position.Line, col, false, frame{}
			if s.flow == 0 {
				sibling = s.newLine(col, tk.Type == token.SequenceEntryType)
			}
		} else if entryNext {
			entryCol, entryNext = col, false
		}
		switch tk.Type {
		case token.DocumentHeaderType, token.DocumentEndType:
			s = structure{}
		case token.SequenceEntryType, token.MappingKeyType:
			if s.flow == 0 {
				s.push(frame{col: col, bytes: indexBytes})
				entryNext = true
			}
		case token.MappingValueType:
			keyLen := 0
			if prev != nil {
				keyLen = len(prev.Value)
			}
			if s.flow > 0 {
				s.push(frame{key: true, bytes: keyLen + keyBytes})
				break
			}
			f := frame{col: entryCol, key: true, bytes: keyLen + keyBytes, siblings: 1}
			if sibling.siblings > 0 && sibling.col == entryCol {
				f.siblings = sibling.siblings + 1
			}
			keyCopies += f.siblings
			s.push(f)
			entryNext = true
		case token.SequenceStartType, token.MappingStartType:
			s.flow++
			s.push(frame{flow: true, bytes: indexBytes})
		case token.CollectEntryType:
			s.popFlowEntry()
		case token.SequenceEndType, token.MappingEndType:
			if s.flow > 0 {
				s.popFlowEntry()
				s.pop()
				s.flow--
			}
		}
		pathBytes += s.open
		if pathBytes > maxPathBytes {
			return tk, fmt.Sprintf("nested too deeply to read safely (the keys and indexes above its values add up to more than %d MiB)", maxPathBytes>>20)
		}
		if keyCopies > maxKeyCopies {
			return prev, "too many keys in one mapping to read safely" // at the key
		}
		prev = tk
	}
	return nil, ""
}

// emptyValuesExceeded counts, from above, the token moves go-yaml's parser
// makes to insert the null of each key, list item or tag without a value
// (every token after it): it returns the token at which they pass
// maxTokenShifts, or nil.
func emptyValuesExceeded(tokens token.Tokens) *token.Token {
	var sig []*token.Token
	for _, tk := range tokens {
		if tk.Type != token.CommentType && tk.Position != nil {
			sig = append(sig, tk)
		}
	}
	var flows []token.Type
	shifts := 0
	for i, tk := range sig {
		switch tk.Type {
		case token.SequenceStartType, token.MappingStartType:
			flows = append(flows, tk.Type)
		case token.SequenceEndType, token.MappingEndType:
			if len(flows) > 0 {
				flows = flows[:len(flows)-1]
			}
		}
		inFlowMap := len(flows) > 0 && flows[len(flows)-1] == token.MappingStartType
		if mayLackValue(sig, i, inFlowMap) {
			if shifts += len(sig) - i; shifts > maxTokenShifts {
				return tk
			}
		}
	}
	return nil
}

// mayLackValue reports whether go-yaml may give sig[i] an implicit null:
// a superset of the parser's cases.
func mayLackValue(sig []*token.Token, i int, inFlowMap bool) bool {
	tk := sig[i]
	if i+1 == len(sig) || tk.Type == token.MappingKeyType {
		return true // "? a" with no ":" at all is one
	}
	next := sig[i+1]
	expectsValue := false
	switch tk.Type {
	case token.SequenceEntryType, token.TagType, token.MappingValueType:
		expectsValue = true
	}
	switch next.Type {
	case token.CollectEntryType, token.MappingEndType, token.SequenceEndType,
		token.DocumentHeaderType, token.DocumentEndType:
		// "{a, b: 1}": a key of a flow mapping without ':'.
		keyAlone := inFlowMap && i > 0 && (sig[i-1].Type == token.MappingStartType || sig[i-1].Type == token.CollectEntryType)
		return expectsValue || keyAlone
	}
	if !expectsValue || next.Position.Line == tk.Position.Line {
		return false
	}
	ownerCol := tk.Position.Column
	if tk.Type == token.MappingValueType && i > 0 {
		ownerCol = sig[i-1].Position.Column // the key's
	}
	return next.Position.Column <= ownerCol
}
