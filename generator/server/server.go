// Package server serves a built site over HTTP for writers previewing it.
// It binds to the loopback interface unless told otherwise.
package server

import (
	"context"
	"errors"
	"net"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"golang.org/x/net/netutil"
)

// Handler serves the files of dir, answering missing paths with the
// site's 404.html and refusing paths that climb out of dir.
func Handler(dir string) http.Handler {
	root := http.Dir(dir)
	files := http.FileServer(root)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := path.Clean("/" + r.URL.Path)
		if strings.Contains(r.URL.Path, "..") {
			http.Error(w, "bad path", http.StatusBadRequest)
			return
		}
		f, err := root.Open(p)
		if err == nil {
			info, serr := f.Stat()
			f.Close()
			if serr == nil && info.IsDir() {
				if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p), "index.html")); err != nil {
					notFound(w, dir)
					return
				}
			}
			w.Header().Set("Cache-Control", "no-cache")
			files.ServeHTTP(w, r)
			return
		}
		notFound(w, dir)
	})
}

func notFound(w http.ResponseWriter, dir string) {
	data, err := os.ReadFile(filepath.Join(dir, "404.html"))
	if err != nil {
		http.NotFound(w, nil)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	_, _ = w.Write(data)
}

// Limits of the HTTP servers, against clients that open connections and
// keep them: a reader's browser needs a handful, and live reload one more
// per open tab.
var (
	// headerTimeout bounds the time to send a request's headers.
	headerTimeout = 10 * time.Second
	// idleTimeout closes a keep-alive connection with no request.
	idleTimeout = 60 * time.Second
	// maxConnections bounds the connections open at once; more wait to
	// be accepted until one closes.
	maxConnections = 256
)

// newServer returns an HTTP server with the limits above; base, if not
// nil, gives each request's context.
func newServer(h http.Handler, base func(net.Listener) context.Context) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: headerTimeout, IdleTimeout: idleTimeout, BaseContext: base}
}

// limitConnections caps the connections ln accepts at once.
func limitConnections(ln net.Listener) net.Listener {
	return netutil.LimitListener(ln, maxConnections)
}

// Serve serves dir on addr until ctx is done. ready, if not nil, is
// called with the bound address once the listener is open.
func Serve(ctx context.Context, dir, addr string, ready func(addr string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := newServer(Handler(dir), nil)
	ln = limitConnections(ln)
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if ready != nil {
		ready(ln.Addr().String())
	}
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
