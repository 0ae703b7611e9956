package markdown

import (
	"errors"
	"fmt"
	"time"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// ErrBudget is returned (wrapped) by Convert when a page took longer than
// its Document.Deadline allows. goldmark is quadratic on some hostile
// inputs (50,000 repetitions of "[a](b" take tens of seconds), so a page
// is given a time budget rather than trusted to finish.
var ErrBudget = errors.New("the page took longer than its render time budget")

// budget is the deadline of one conversion. The parser checks it through
// a reader wrapper (block parsing reads every line through it) and an
// inline parser that runs before all others on every trigger character
// (inline parsing and its delimiter runs), and stops the parse by
// panicking with budgetExceeded, which Convert recovers.
type budget struct {
	deadline time.Time
	calls    uint32
}

type budgetExceeded struct{}

var budgetKey = parser.NewContextKey()

// check panics once the deadline has passed. Reading the clock costs
// about as much as parsing a few bytes, so it is read every 64 calls.
func (b *budget) check() {
	if b == nil {
		return
	}
	b.calls++
	if b.calls&63 == 0 && time.Now().After(b.deadline) {
		panic(budgetExceeded{})
	}
}

func budgetOf(pc parser.Context) *budget {
	b, _ := pc.Get(budgetKey).(*budget)
	return b
}

// budgetReader is the document reader with a deadline check on every
// line the block parser looks at.
type budgetReader struct {
	text.Reader
	b *budget
}

func (r budgetReader) PeekLine() ([]byte, text.Segment) {
	r.b.check()
	return r.Reader.PeekLine()
}

func (r budgetReader) AdvanceLine() {
	r.b.check()
	r.Reader.AdvanceLine()
}

// budgetInline never parses anything: it is called first for every
// character that may start an inline construct, and checks the deadline.
type budgetInline struct{}

func (budgetInline) Trigger() []byte {
	return []byte{' ', '[', ']', '!', '*', '_', '`', '<', '~', '(', '&', '\\', ':'}
}

// Parse checks the deadline. Emphasis it parses itself, with goldmark's
// emphasis parser, so that its delimiters carry a processor that checks
// the deadline too: matching closers to openers is the quadratic part of
// inputs like 50,000 × "*a_ ".
func (budgetInline) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	b := budgetOf(pc)
	if b == nil {
		return nil
	}
	b.check()
	if c := block.Peek(); c != '*' && c != '_' {
		return nil
	}
	n := emphasisParser.Parse(parent, block, pc)
	if d, ok := n.(*parser.Delimiter); ok {
		d.Processor = budgetDelimiters{DelimiterProcessor: d.Processor, b: b}
	}
	return n
}

var emphasisParser = parser.NewEmphasisParser()

// budgetDelimiters is a delimiter processor that checks the deadline on
// every opener it is asked about.
type budgetDelimiters struct {
	parser.DelimiterProcessor
	b *budget
}

func (p budgetDelimiters) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	p.b.check()
	return p.DelimiterProcessor.CanOpenCloser(opener, closer)
}

// budgetParserOption registers the checker ahead of goldmark's own
// inline parsers (priority 100 is the code span's, the first of them).
func budgetParserOption() parser.Option {
	return parser.WithInlineParsers(util.Prioritized(budgetInline{}, 0))
}

// recoverBudget turns the budget panic into ErrBudget; other panics go on.
func recoverBudget(err *error, limit time.Duration) {
	if r := recover(); r != nil {
		if _, ok := r.(budgetExceeded); ok {
			*err = fmt.Errorf("%w of %s", ErrBudget, limit)
			return
		}
		panic(r)
	}
}
