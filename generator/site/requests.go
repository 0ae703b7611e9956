package site

import (
	"time"

	"github.com/handbook-dev/handbook/generator/inventory"
)

// RequestSLA is how a provider request stands against the SLA tier of
// its priority: the times counted in the tier's hours, to the answer and
// to the close, or to the build's time while it has neither.
type RequestSLA struct {
	// Tier is the provider's SLA tier for the request's priority; nil
	// when the provider declares none for it (then nothing is late).
	Tier *inventory.SLA
	// Response is the time to the first answer; Answered says whether
	// there was one (else Response runs to now). Resolution likewise.
	Response, Resolution time.Duration
	Answered, Closed     bool
	// ResponseLate and ResolutionLate report a target exceeded, by a
	// request still waiting or by one answered or closed late.
	ResponseLate, ResolutionLate bool
	// Overdue reports an open request past the SLA now: unanswered past
	// the response target, or unresolved past the resolution target.
	Overdue bool
}

// RequestSLA returns how the request p stands against its provider's SLA
// at the build's time. A cancelled request is measured to its close but
// never late for resolution: nothing was resolved.
func (s *Site) RequestSLA(p *Page) RequestSLA {
	r := p.Record
	var st RequestSLA
	if r == nil || p.Provider == nil {
		return st
	}
	st.Tier = p.Provider.Provider.Tier(r.Priority)
	var hours inventory.Hours
	if st.Tier != nil {
		hours = st.Tier.Hours
	}
	now := s.BuildTime
	answered := now
	if st.Answered = !r.Answered.IsZero(); st.Answered {
		answered = r.Answered.Time
	} else if !r.Closed.IsZero() {
		answered, st.Answered = r.Closed.Time, true // closed without a recorded answer: the close answered it
	}
	closed := now
	if st.Closed = !r.Closed.IsZero(); st.Closed {
		closed = r.Closed.Time
	}
	st.Response = hours.Elapsed(r.Opened.Time, answered)
	st.Resolution = hours.Elapsed(r.Opened.Time, closed)
	if st.Tier != nil {
		st.ResponseLate = !st.Tier.Response.IsZero() && st.Response > st.Tier.Response.D
		st.ResolutionLate = !st.Tier.Resolution.IsZero() && st.Resolution > st.Tier.Resolution.D && r.Status != "cancelled"
	}
	st.Overdue = r.Open() && ((!st.Answered && st.ResponseLate) || st.ResolutionLate)
	return st
}

// Span writes a time span the way people say it: 47 min, 1 h 33 min,
// 3 d 4 h. A negative span is 0 min.
func Span(d time.Duration) string { return inventory.Hours{}.Span(d) }
