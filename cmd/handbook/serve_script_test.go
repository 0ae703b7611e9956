package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// Commands for scripts that drive handbook serve running in the
// background: find a port, wait for the server, read its event stream
// and fetch pages. Their waits are bounds against hangs, not speed goals.

// cmdFreePort sets $PORT to a free port on loopback.
//
//	freeport
func cmdFreePort(ts *testscript.TestScript, neg bool, args []string) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		ts.Fatalf("freeport: %v", err)
	}
	ts.Setenv("PORT", strconv.Itoa(ln.Addr().(*net.TCPAddr).Port))
	ln.Close()
}

// cmdHTTPWait waits until the URL answers.
//
//	httpwait http://127.0.0.1:$PORT/
func cmdHTTPWait(ts *testscript.TestScript, neg bool, args []string) {
	deadline := time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(args[0])
		if err == nil {
			resp.Body.Close()
			return
		}
		if time.Now().After(deadline) {
			ts.Fatalf("httpwait: %s never answered: %v", args[0], err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// cmdFetch fetches a URL and checks its status and that the body
// matches (or, negated, does not match) a regular expression. -host
// sends another Host header; -retry tries again for up to a minute
// until the answer is as wanted (a rebuild may still be under way).
//
//	fetch [-retry] [-host H] URL STATUS [regexp]
func cmdFetch(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) > 0 && args[0] == "-retry" {
		deadline := time.Now().Add(time.Minute)
		for time.Now().Before(deadline) {
			if fetchOnce(neg, args[1:]) == nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		args = args[1:]
	}
	if err := fetchOnce(neg, args); err != nil {
		ts.Fatalf("%v", err)
	}
}

func fetchOnce(neg bool, args []string) error {
	host := ""
	if len(args) > 2 && args[0] == "-host" {
		host, args = args[1], args[2:]
	}
	if len(args) < 2 {
		return fmt.Errorf("usage: fetch [-retry] [-host H] URL STATUS [regexp]")
	}
	req, err := http.NewRequest(http.MethodGet, args[0], nil)
	if err != nil {
		return fmt.Errorf("fetch: %v", err)
	}
	if host != "" {
		req.Host = host
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("fetch: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if strconv.Itoa(resp.StatusCode) != args[1] {
		return fmt.Errorf("fetch %s: status %d, want %s", args[0], resp.StatusCode, args[1])
	}
	if len(args) > 2 {
		matched := regexp.MustCompile(args[2]).Match(body)
		if matched == neg {
			return fmt.Errorf("fetch %s: body match of %q is %v:\n%.2000s", args[0], args[2], matched, body)
		}
	}
	return nil
}

type eventStream struct {
	events chan [2]string // name, data
}

var streams sync.Map // *testscript.TestScript -> *eventStream

// cmdEvents reads handbook serve's event stream:
//
//	events connect URL           start reading the stream
//	events wait NAME [regexp]    wait for the next event NAME whose data matches
func cmdEvents(ts *testscript.TestScript, neg bool, args []string) {
	switch {
	case len(args) == 2 && args[0] == "connect":
		ctx, cancel := context.WithCancel(context.Background())
		ts.Defer(cancel)
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, args[1], nil)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			ts.Fatalf("events: %v", err)
		}
		s := &eventStream{events: make(chan [2]string, 64)}
		streams.Store(ts, s)
		go func() {
			defer resp.Body.Close()
			r := bufio.NewReader(resp.Body)
			var name, data string
			for {
				line, err := r.ReadString('\n')
				if err != nil {
					return
				}
				line = strings.TrimRight(line, "\n")
				switch {
				case strings.HasPrefix(line, "event: "):
					name = strings.TrimPrefix(line, "event: ")
				case strings.HasPrefix(line, "data: "):
					data = strings.TrimPrefix(line, "data: ")
				case line == "" && name != "":
					s.events <- [2]string{name, data}
					name, data = "", ""
				}
			}
		}()
	case len(args) >= 2 && args[0] == "wait":
		v, ok := streams.Load(ts)
		if !ok {
			ts.Fatalf("events wait: not connected")
		}
		s := v.(*eventStream)
		var re *regexp.Regexp
		if len(args) > 2 {
			re = regexp.MustCompile(args[2])
		}
		timeout := time.After(60 * time.Second)
		for {
			select {
			case e := <-s.events:
				ts.Logf("event %s %s", e[0], e[1])
				if e[0] == args[1] && (re == nil || re.MatchString(e[1])) {
					return
				}
			case <-timeout:
				ts.Fatalf("events wait: no %s event", args[1])
			}
		}
	default:
		ts.Fatalf("usage: events connect URL | events wait NAME [regexp]")
	}
}
