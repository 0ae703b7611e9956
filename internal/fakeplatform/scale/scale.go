// Package scale is a fake Microsoft 365 tenant and Confluence Cloud site
// at tenant scale (10,000 sites, 200,000 drive items, 2,000 teams, 500
// spaces by default) for `make bench-pull`. Everything is generated
// lazily from a seed: an object is a function of its index, its ids
// encode that index, and nothing per item is kept in memory, so the
// server stays small however large the tenant. Answers follow the
// shapes of Microsoft's and Atlassian's public API references (each
// handler names its page); throttling (429 with Retry-After above a
// per-app rate) and two states, A and B, with the deltas between them
// are those a real pull meets.
package scale

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Config sizes and seeds the tenant.
type Config struct {
	Seed uint64
	// Sites are SharePoint team and communication sites; PersonalSites
	// are OneDrive sites, which getAllSites also lists.
	Sites, PersonalSites int
	// Items are the drive items of all (non-personal) sites together;
	// SharedPerMille of them are shared explicitly.
	Items, SharedPerMille int
	// PersonalItems are the files of each OneDrive.
	PersonalItems int
	Teams         int
	Spaces        int
	// RPS is the number of requests per second per app above which the
	// services answer 429 (Graph: per client id; Confluence: per
	// account); 0 turns throttling off.
	RPS int
	// ConcealedNames is the tenant's report setting (on by default in
	// Microsoft 365 since 2021).
	ConcealedNames bool
	// Faults makes a few sites answer 423 (locked) or 403 and a few
	// teams 404, as a real tenant does.
	Faults bool
	// Credentials the fake accepts.
	TenantDomain, ClientID, ClientSecret, Email, APIToken string
}

// Default is the tenant of the "Tenant scale" section.
func Default() Config {
	return Config{Seed: 14, Sites: 10000, PersonalSites: 1000, Items: 200000, SharedPerMille: 20, PersonalItems: 10,
		Teams: 2000, Spaces: 500, RPS: 50, ConcealedNames: true, Faults: true,
		TenantDomain: "contoso.onmicrosoft.com", ClientID: "bench-app", ClientSecret: "bench-secret",
		Email: "bench@contoso.example", APIToken: "bench-token"}
}

// Scaled shrinks (or grows) the tenant's counts by f, keeping at least
// one of each, for quick runs.
func (c Config) Scaled(f float64) Config {
	n := func(v int) int { return max(1, int(math.Round(float64(v)*f))) }
	c.Sites, c.PersonalSites, c.Items, c.Teams, c.Spaces = n(c.Sites), n(c.PersonalSites), n(c.Items), n(c.Teams), n(c.Spaces)
	return c
}

// State is one of the tenant's two states: B is A with about 1% of the
// items changed in about 1% of the sites, a few team memberships and a
// few Confluence spaces changed.
type State int32

// The two states.
const (
	StateA State = 0
	StateB State = 1
)

func (s State) String() string { return string(rune('A' + s)) }

// Counters count what the services received and answered.
type Counters struct {
	// GraphRequests counts Graph requests, each request inside a
	// $batch on its own (the batch envelope is in GraphBatches), and
	// report downloads.
	GraphRequests       int64 `json:"graph_requests"`
	GraphThrottled      int64 `json:"graph_throttled"`
	GraphBatches        int64 `json:"graph_batches"`
	ConfluenceRequests  int64 `json:"confluence_requests"`
	ConfluenceThrottled int64 `json:"confluence_throttled"`
	TokenRequests       int64 `json:"token_requests"`
}

// Server is the fake tenant.
type Server struct {
	cfg   Config
	state atomic.Int32
	// epoch invalidates every delta token issued before it changed
	// (the admin endpoint expire-delta-tokens), so that a pull meets
	// 410 Gone.
	epoch        atomic.Int64
	graphLimit   *limiter
	confLimit    *limiter
	graphReqs    atomic.Int64
	graphThrot   atomic.Int64
	graphBatches atomic.Int64
	confReqs     atomic.Int64
	confThrot    atomic.Int64
	tokenReqs    atomic.Int64
	// per-site item counts are the one per-site table (a few int32s a
	// site); prefix sums are not needed.
	siteItems []int32
	now       func() time.Time
}

// Epoch times of the two states: A's content is older than StateATime,
// what B changed carries StateBTime.
var (
	StateATime = time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	StateBTime = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
)

// New makes the tenant in state A.
func New(cfg Config) *Server {
	s := &Server{cfg: cfg, now: time.Now}
	s.graphLimit = newLimiter(cfg.RPS, s.clock)
	s.confLimit = newLimiter(cfg.RPS, s.clock)
	// Sizes vary from site to site (between a quarter and seven
	// quarters of the mean), and add up to cfg.Items exactly.
	s.siteItems = make([]int32, cfg.Sites)
	mean := float64(cfg.Items) / float64(cfg.Sites)
	total := 0
	for i := range s.siteItems {
		v := int(mean * (0.25 + 1.5*float64(s.hash(hSiteSize, uint64(i))%1000)/1000))
		s.siteItems[i] = int32(max(v, 1))
		total += int(s.siteItems[i])
	}
	for i := 0; total != cfg.Items && i < 10*cfg.Sites; i++ {
		k := i % cfg.Sites
		if total < cfg.Items {
			s.siteItems[k]++
			total++
		} else if s.siteItems[k] > 1 {
			s.siteItems[k]--
			total--
		}
	}
	return s
}

func (s *Server) clock() time.Time { return s.now() }

// Config returns the tenant's configuration.
func (s *Server) Config() Config { return s.cfg }

// SetState switches the tenant to a state.
func (s *Server) SetState(st State) { s.state.Store(int32(st)) }

// CurrentState is the state the tenant answers from.
func (s *Server) CurrentState() State { return State(s.state.Load()) }

// ExpireDeltaTokens makes every delta token issued so far answer 410.
func (s *Server) ExpireDeltaTokens() { s.epoch.Add(1) }

// Counters returns the counts so far.
func (s *Server) Counters() Counters {
	return Counters{GraphRequests: s.graphReqs.Load(), GraphThrottled: s.graphThrot.Load(), GraphBatches: s.graphBatches.Load(),
		ConfluenceRequests: s.confReqs.Load(), ConfluenceThrottled: s.confThrot.Load(), TokenRequests: s.tokenReqs.Load()}
}

// ResetCounters sets every counter to zero.
func (s *Server) ResetCounters() {
	for _, c := range []*atomic.Int64{&s.graphReqs, &s.graphThrot, &s.graphBatches, &s.confReqs, &s.confThrot, &s.tokenReqs} {
		c.Store(0)
	}
}

// Handler serves Graph (/v1.0/...), the token endpoint, report
// downloads, Confluence (/wiki/...) and the admin endpoints
// (/_fake/...) on one listener.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /{tenant}/oauth2/v2.0/token", s.token)
	mux.HandleFunc("POST /v1.0/$batch", s.batch)
	mux.HandleFunc("GET /v1.0/", s.graph)
	mux.HandleFunc("GET /_reports/download/{token}", s.download)
	mux.HandleFunc("GET /wiki/", s.confluence)
	mux.HandleFunc("GET /_fake/counters", func(w http.ResponseWriter, r *http.Request) { writeJSON(w, http.StatusOK, nil, s.Counters()) })
	mux.HandleFunc("POST /_fake/reset-counters", func(w http.ResponseWriter, r *http.Request) {
		s.ResetCounters()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("POST /_fake/expire-delta-tokens", func(w http.ResponseWriter, r *http.Request) {
		s.ExpireDeltaTokens()
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("/_fake/state", func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost {
			switch strings.ToUpper(r.URL.Query().Get("to")) {
			case "A":
				s.SetState(StateA)
			case "B":
				s.SetState(StateB)
			default:
				http.Error(w, "state: ?to=A or ?to=B", http.StatusBadRequest)
				return
			}
		}
		writeJSON(w, http.StatusOK, nil, map[string]string{"state": s.CurrentState().String()})
	})
	return mux
}

// Hash domains: each generated property draws from its own stream.
const (
	hSiteSize uint64 = iota + 1
	hSiteChanged
	hShared
	hChange
	hDays
	hTeam
	hUser
	hSpace
	hRetry
	hID
	hToken
	hLink
	hMembers
	hPages
)

// hash is a splitmix64 of the seed and the values: a stable random
// number for a property of an object.
func (s *Server) hash(vals ...uint64) uint64 {
	x := s.cfg.Seed*0x9e3779b97f4a7c15 + 0x632be59bd9b4e019
	for _, v := range vals {
		x ^= v + 0x9e3779b97f4a7c15 + (x << 6) + (x >> 2)
		x ^= x >> 30
		x *= 0xbf58476d1ce4e5b9
		x ^= x >> 27
		x *= 0x94d049bb133111eb
		x ^= x >> 31
	}
	return x
}

// Object kinds encoded in ids.
const (
	kSiteCollection byte = iota + 1
	kWeb
	kItem
	kGroup
	kUser
	kChannel
	kPermission
	kTenant
	kSpaceGroup
)

// raw16 is 16 id bytes that encode kind, a and b (masked, so ids look
// random) and a check, so an id decodes to its object without a table.
func (s *Server) raw16(kind byte, a, b uint32) [16]byte {
	var r [16]byte
	mask := s.hash(hID, uint64(kind))
	r[0] = kind
	binary.BigEndian.PutUint32(r[1:], a^uint32(mask))
	binary.BigEndian.PutUint32(r[5:], b^uint32(mask>>32))
	chk := s.hash(hID, uint64(kind), uint64(a), uint64(b))
	r[9], r[10], r[11], r[12], r[13], r[14], r[15] = byte(chk), byte(chk>>8), byte(chk>>16), byte(chk>>24), byte(chk>>32), byte(chk>>40), byte(chk>>48)
	// Scramble the kind byte too (still decodable: the check covers it).
	r[0] ^= byte(mask >> 56)
	return r
}

func (s *Server) unraw16(kind byte, r [16]byte) (a, b uint32, ok bool) {
	mask := s.hash(hID, uint64(kind))
	if r[0]^byte(mask>>56) != kind {
		return 0, 0, false
	}
	a = binary.BigEndian.Uint32(r[1:]) ^ uint32(mask)
	b = binary.BigEndian.Uint32(r[5:]) ^ uint32(mask>>32)
	return a, b, s.raw16(kind, a, b) == r
}

// guid formats an id as a GUID (8-4-4-4-12).
func (s *Server) guid(kind byte, a, b uint32) string {
	r := s.raw16(kind, a, b)
	return fmt.Sprintf("%x-%x-%x-%x-%x", r[0:4], r[4:6], r[6:8], r[8:10], r[10:16])
}

func (s *Server) parseGUID(kind byte, id string) (a, b uint32, ok bool) {
	var r [16]byte
	if len(id) != 36 {
		return 0, 0, false
	}
	if n, err := hex.Decode(r[:], []byte(strings.ReplaceAll(id, "-", ""))); err != nil || n != 16 {
		return 0, 0, false
	}
	return s.unraw16(kind, r)
}

// limiter admits at most rps requests per one-second window. Rejected
// requests count too: Microsoft Graph "continues to log resource usage
// while a client is being throttled"
// (https://learn.microsoft.com/graph/throttling).
type limiter struct {
	mu     sync.Mutex
	rps    int
	start  time.Time
	count  int
	clock  func() time.Time
	serial uint64
}

func newLimiter(rps int, clock func() time.Time) *limiter {
	return &limiter{rps: rps, clock: clock}
}

// admit says whether a request may go through; when not, the serial
// number of the refusal (for a stable Retry-After).
func (l *limiter) admit() (ok bool, serial uint64) {
	if l.rps <= 0 {
		return true, 0
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock()
	if now.Sub(l.start) >= time.Second {
		l.start, l.count = now, 0
	}
	l.count++
	if l.count <= l.rps {
		return true, 0
	}
	l.serial++
	return false, l.serial
}

// retryAfter is the Retry-After of a refusal: 1 to 5 seconds, as Graph
// sends.
func (s *Server) retryAfter(serial uint64) int { return 1 + int(s.hash(hRetry, serial)%5) }

func writeJSON(w http.ResponseWriter, status int, h http.Header, v any) {
	for k, vs := range h {
		w.Header()[k] = vs
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// iso formats a time as Graph does.
func iso(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }
