package server

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"mime"
	"net"
	"net/http"
	"os"
	"path"
	"strings"
	"sync"

	"github.com/handbook-dev/handbook/generator/diag"
)

// Paths the live server answers itself. They start with "__", which no
// page URL of handbook can.
const (
	EventsPath = "/__handbook/events"
	ScriptPath = "/__handbook/live.js"
)

//go:embed live/live.js
var liveScript []byte

var scriptTag = []byte(`<script src="` + ScriptPath + `" defer></script>`)

// Files is a built site: output paths (slash-separated, no leading '/')
// to their bytes. incremental.Output implements it.
type Files interface {
	Get(name string) ([]byte, bool)
}

// Problem is an error of a failed rebuild as the overlay shows it.
type Problem struct {
	Location string `json:"location"`
	Message  string `json:"message"`
}

// Live serves the last good build from memory, with the live-reload
// script injected into every HTML page, and the event stream that tells
// open pages to reload or to show the errors of a failed rebuild. It
// refuses requests whose Host is not its own (DNS rebinding) and paths
// that climb out of the site.
type Live struct {
	// hosts are the names a request's Host header may give: localhost,
	// the bound address and, when bound to all interfaces, theirs.
	hosts map[string]bool

	mu      sync.RWMutex
	files   Files
	failure []Problem
	clients map[chan event]bool
}

type event struct {
	name string
	data []byte
}

// NewLive returns a Live server for the listener bound at addr.
func NewLive(addr string) *Live {
	l := &Live{hosts: map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true}, clients: map[chan event]bool{}}
	if host, _, err := net.SplitHostPort(addr); err == nil {
		l.hosts[strings.ToLower(host)] = true
		if ip := net.ParseIP(host); host == "" || ip != nil && ip.IsUnspecified() {
			if name, err := os.Hostname(); err == nil {
				l.hosts[strings.ToLower(name)] = true
			}
			if addrs, err := net.InterfaceAddrs(); err == nil {
				for _, a := range addrs {
					if n, ok := a.(*net.IPNet); ok {
						l.hosts[n.IP.String()] = true
					}
				}
			}
		}
	}
	return l
}

// AllowHost accepts requests naming host, e.g. the machine's name when
// serving on all interfaces.
func (l *Live) AllowHost(host string) { l.hosts[strings.ToLower(host)] = true }

// Publish serves files from now on and, when reload is set or the
// previous build had failed, tells open pages to reload (or, with
// navigate set, to open that URL path).
func (l *Live) Publish(files Files, navigate string, reload bool) {
	l.mu.Lock()
	reload = reload || l.failure != nil
	l.files, l.failure = files, nil
	l.mu.Unlock()
	if !reload {
		return
	}
	data, _ := json.Marshal(map[string]string{"navigate": navigate})
	l.broadcast(event{"reload", data})
}

// Fail keeps serving the last good build and shows the errors of a
// failed rebuild on every open page.
func (l *Live) Fail(diags diag.List) {
	problems := []Problem{}
	for _, d := range diags {
		if d.Severity != diag.Error {
			continue
		}
		loc := d.Path
		if d.Line > 0 {
			loc = fmt.Sprintf("%s:%d", d.Path, d.Line)
			if d.Col > 0 {
				loc += fmt.Sprintf(":%d", d.Col)
			}
		}
		problems = append(problems, Problem{Location: loc, Message: d.Message})
	}
	l.mu.Lock()
	l.failure = problems
	built := l.files != nil
	l.mu.Unlock()
	l.broadcast(failureEvent(problems, built))
}

// failureEvent tells open pages the errors of a failed build, and
// whether an earlier build is what they show (built) or there is none
// yet, so that the overlay does not speak of a last good version that
// never was.
func failureEvent(problems []Problem, built bool) event {
	data, _ := json.Marshal(map[string]any{"problems": problems, "built": built})
	return event{"failure", data}
}

func (l *Live) broadcast(e event) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	for c := range l.clients {
		select {
		case c <- e:
		default: // a slow client misses an event, not the server
		}
	}
}

// allowed reports whether the Host header names this server.
func (l *Live) allowed(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.Trim(host, "[]"))
	return l.hosts[host]
}

// ServeHTTP answers one request: the event stream, the live script, or
// a file of the last good build.
func (l *Live) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !l.allowed(r.Host) {
		http.Error(w, "handbook serve: requests must name this server (localhost or the bound address) in their Host header", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if badPath(r) {
		http.Error(w, "bad path", http.StatusBadRequest)
		return
	}
	switch r.URL.Path {
	case EventsPath:
		l.events(w, r)
		return
	case ScriptPath:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(liveScript)
		return
	}
	l.mu.RLock()
	files := l.files
	l.mu.RUnlock()
	if files == nil { // the first build failed: the overlay says why
		l.write(w, http.StatusServiceUnavailable, "index.html", []byte("<!doctype html>\n<title>handbook serve: no build yet</title>\n<body><p>There is no build yet: the build failed with the errors shown above. Fix them and this page reloads.</p></body>\n"))
		return
	}
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if strings.HasSuffix(r.URL.Path, "/") {
		name = strings.TrimPrefix(path.Join(name, "index.html"), "/")
	}
	data, ok := files.Get(name)
	if !ok {
		if _, isDir := files.Get(path.Join(name, "index.html")); isDir {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		data, _ = files.Get("404.html")
		l.write(w, http.StatusNotFound, "404.html", data)
		return
	}
	l.write(w, http.StatusOK, name, data)
}

// badPath refuses paths that climb out of the site, however encoded:
// r.URL.Path is already decoded, so %2e%2e shows as "..".
func badPath(r *http.Request) bool {
	p := r.URL.Path
	return !strings.HasPrefix(p, "/") || strings.Contains(p, "..") || strings.ContainsAny(p, "\\\x00")
}

// write sends a file, with the live-reload script injected into HTML.
func (l *Live) write(w http.ResponseWriter, code int, name string, data []byte) {
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = http.DetectContentType(data)
	}
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	_, _ = w.Write(data)
}

// inject puts the live-reload script before </body>, or at the end.
func inject(page []byte) []byte {
	i := bytes.LastIndex(page, []byte("</body>"))
	if i < 0 {
		i = len(page)
	}
	out := make([]byte, 0, len(page)+len(scriptTag))
	out = append(out, page[:i]...)
	out = append(out, scriptTag...)
	return append(out, page[i:]...)
}

// events streams Server-Sent Events to one page until it goes away. A
// page that connects while the build is broken sees the overlay at once.
func (l *Live) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	c := make(chan event, 8)
	l.mu.Lock()
	l.clients[c] = true
	failure, built := l.failure, l.files != nil
	l.mu.Unlock()
	defer func() {
		l.mu.Lock()
		delete(l.clients, c)
		l.mu.Unlock()
	}()
	first := event{"ok", []byte("{}")}
	if failure != nil {
		first = failureEvent(failure, built)
	}
	send := func(e event) bool {
		_, err := fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.name, e.data)
		flusher.Flush()
		return err == nil
	}
	if !send(first) {
		return
	}
	for {
		select {
		case <-r.Context().Done():
			return
		case e := <-c:
			if !send(e) {
				return
			}
		}
	}
}
