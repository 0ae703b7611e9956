package inventory

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// SLA is one tier of a provider's service levels: how soon it answers a
// request and how soon it resolves one, counted in the hours the tier
// covers. A provider has one tier for every request, or one per priority
// (P1 critical ... P4 low, in the provider's own words).
type SLA struct {
	// Priority names the tier as requests give it (priority: P1); "" is
	// the tier of every request.
	Priority string
	// Response and Resolution are the targets; zero when the contract
	// sets none (HostNed's P4: "agreed per request").
	Response, Resolution SLATime
	// Hours are the hours the targets count; the zero value is
	// around the clock.
	Hours Hours
	// Pos is where the tier is declared.
	Pos Pos
}

// SLATime is a target as the contract writes it (15m, 4h, 3d) and its
// length in the tier's hours: with business hours a day is a business
// day, the length of the working day.
type SLATime struct {
	Text string
	D    time.Duration
}

// IsZero reports whether no target is set.
func (t SLATime) IsZero() bool { return t.D == 0 }

// Hours are the weekly hours an SLA counts: some days of the week, from
// a time of day to another. The zero value is around the clock.
type Hours struct {
	// Days holds the days counted, by time.Weekday.
	Days [7]bool
	// From and To are minutes after midnight.
	From, To int
	// Text is the hours as written ("Mon-Fri 08:00-18:00").
	Text string
}

// AroundTheClock reports whether every hour counts.
func (h Hours) AroundTheClock() bool { return h.Text == "" }

// Day is the length of one working day in these hours.
func (h Hours) Day() time.Duration {
	if h.AroundTheClock() {
		return 24 * time.Hour
	}
	return time.Duration(h.To-h.From) * time.Minute
}

// Elapsed is the time from a to b that these hours count: b-a around the
// clock, else the overlap of [a, b) with each working day. Both times
// are read on their own clock (records' times are as written).
func (h Hours) Elapsed(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	if h.AroundTheClock() {
		return b.Sub(a)
	}
	var sum time.Duration
	day := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, a.Location())
	for ; day.Before(b); day = day.AddDate(0, 0, 1) {
		if !h.Days[day.Weekday()] {
			continue
		}
		from := day.Add(time.Duration(h.From) * time.Minute)
		to := day.Add(time.Duration(h.To) * time.Minute)
		if from.Before(a) {
			from = a
		}
		if to.After(b) {
			to = b
		}
		if to.After(from) {
			sum += to.Sub(from)
		}
	}
	return sum
}

var weekdays = map[string]time.Weekday{"mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday, "thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday, "sun": time.Sunday}

// hoursRE reads "Mon-Fri 08:00-18:00", "Mon-Sat 07:00-22:00" or
// "Sat 09:00-13:00".
var hoursRE = regexp.MustCompile(`^(?i)([a-z]{3})(?:\s*-\s*([a-z]{3}))?\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$`)

// ParseHours reads the hours an SLA counts: "24/7" (or nothing) for
// around the clock, or days and times such as "Mon-Fri 08:00-18:00".
func ParseHours(s string) (Hours, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "24/7" || strings.EqualFold(s, "24x7") {
		return Hours{}, nil
	}
	m := hoursRE.FindStringSubmatch(s)
	if m == nil {
		return Hours{}, fmt.Errorf("hours %q are not hours an SLA counts; write 24/7, or days and times such as \"Mon-Fri 08:00-18:00\"", s)
	}
	first, ok1 := weekdays[strings.ToLower(m[1])]
	last, ok2 := first, true
	if m[2] != "" {
		last, ok2 = weekdays[strings.ToLower(m[2])]
	}
	if !ok1 || !ok2 {
		return Hours{}, fmt.Errorf("hours %q: days are written Mon, Tue, Wed, Thu, Fri, Sat, Sun, as in \"Mon-Fri 08:00-18:00\"", s)
	}
	h := Hours{Text: s}
	for d := first; ; d = (d + 1) % 7 {
		h.Days[d] = true
		if d == last {
			break
		}
	}
	minutes := func(hh, mm string) int {
		a, _ := strconv.Atoi(hh)
		b, _ := strconv.Atoi(mm)
		if a > 24 || b > 59 || (a == 24 && b > 0) {
			return -1
		}
		return a*60 + b
	}
	h.From, h.To = minutes(m[3], m[4]), minutes(m[5], m[6])
	if h.From < 0 || h.To < 0 || h.To <= h.From {
		return Hours{}, fmt.Errorf("hours %q: the working day must end after it starts, both times from 00:00 to 24:00", s)
	}
	return h, nil
}

// slaTimeRE reads a target: 15m, 4h, 1h30m, 3d, 2w, with the units
// spelled out too (15 minutes, 4 hours, 3 business days).
var slaTimeRE = regexp.MustCompile(`(?i)^\s*(\d+)\s*(m|min|mins|minutes?|h|hrs?|hours?|d|days?|business\s+days?|w|weeks?)\s*`)

// ParseSLATime reads a target in the given hours: a day is one working
// day of them (24 hours around the clock), a week as many working days
// as the hours have days.
func ParseSLATime(s string, h Hours) (SLATime, error) {
	text := strings.TrimSpace(s)
	rest := text
	var d time.Duration
	for rest != "" {
		m := slaTimeRE.FindStringSubmatch(rest)
		if m == nil {
			return SLATime{}, fmt.Errorf("%q is not a time such as 15m, 4h, 1h30m or 3d", text)
		}
		n, err := strconv.Atoi(m[1])
		if err != nil || n > 9999 {
			return SLATime{}, fmt.Errorf("%q is too long a time for an SLA", text)
		}
		switch unit := strings.ToLower(m[2]); unit[0] {
		case 'm':
			d += time.Duration(n) * time.Minute
		case 'h':
			d += time.Duration(n) * time.Hour
		case 'd', 'b':
			d += time.Duration(n) * h.Day()
		case 'w':
			days := 7
			if !h.AroundTheClock() {
				days = 0
				for _, on := range h.Days {
					if on {
						days++
					}
				}
			}
			d += time.Duration(n*days) * h.Day()
		}
		rest = rest[len(m[0]):]
		if d > 10*366*24*time.Hour {
			return SLATime{}, fmt.Errorf("%q is too long a time for an SLA", text)
		}
	}
	if d == 0 {
		return SLATime{}, fmt.Errorf("%q is no time; write a target such as 15m, 4h or 3d, or leave the key out when the contract sets none", text)
	}
	return SLATime{Text: text, D: d}, nil
}

// Span writes a time counted in these hours the way people say it:
// 47 min, 1 h 33 min, 3 d 4 h, where a day is one working day of them
// (24 h around the clock). A negative span is 0 min.
func (h Hours) Span(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	m := int(d.Round(time.Minute) / time.Minute)
	day := int(h.Day() / time.Minute)
	switch {
	case m < 60:
		return strconv.Itoa(m) + " min"
	case m < day:
		s := strconv.Itoa(m/60) + " h"
		if m%60 != 0 {
			s += " " + strconv.Itoa(m%60) + " min"
		}
		return s
	}
	s := strconv.Itoa(m/day) + " d"
	if hrs := m % day / 60; hrs != 0 {
		s += " " + strconv.Itoa(hrs) + " h"
	}
	return s
}

// String is the target as written.
func (t SLATime) String() string { return t.Text }
