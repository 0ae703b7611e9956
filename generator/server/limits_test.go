package server

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/internal/testsite"
)

// TestConnectionLimits: a client that keeps idle keep-alive connections
// open has them closed, and clients holding every allowed connection make
// the next one wait instead of costing the server more.
func TestConnectionLimits(t *testing.T) {
	defer func(h, i time.Duration, m int) { headerTimeout, idleTimeout, maxConnections = h, i, m }(headerTimeout, idleTimeout, maxConnections)
	headerTimeout, idleTimeout, maxConnections = 300*time.Millisecond, 300*time.Millisecond, 2
	dir := testsite.Write(t, map[string]string{"index.html": "home"})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addrs := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, dir, "127.0.0.1:0", func(a string) { addrs <- a }) }()
	addr := <-addrs

	get := func(c net.Conn) error {
		c.SetDeadline(time.Now().Add(time.Second))
		if _, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: "+addr+"\r\n\r\n"); err != nil {
			return err
		}
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	}
	dial := func() net.Conn {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}

	// An idle keep-alive connection is closed by the server.
	idle := dial()
	defer idle.Close()
	if err := get(idle); err != nil {
		t.Fatal(err)
	}
	idle.SetReadDeadline(time.Now().Add(3 * time.Second))
	if _, err := idle.Read(make([]byte, 1)); err != io.EOF {
		t.Errorf("an idle connection stayed open: %v", err)
	}

	// A connection that never sends its headers is closed too.
	silent := dial()
	defer silent.Close()
	silent.SetReadDeadline(time.Now().Add(3 * time.Second))
	if _, err := silent.Read(make([]byte, 1)); err == nil || strings.Contains(err.Error(), "timeout") {
		t.Errorf("a connection without a request stayed open: %v", err)
	}

	// Two connections in use: a third waits until one closes.
	a, b := dial(), dial()
	if err := get(a); err != nil {
		t.Fatal(err)
	}
	if err := get(b); err != nil {
		t.Fatal(err)
	}
	third := dial()
	defer third.Close()
	third.SetDeadline(time.Now().Add(150 * time.Millisecond))
	io.WriteString(third, "GET / HTTP/1.1\r\nHost: "+addr+"\r\n\r\n")
	if _, err := third.Read(make([]byte, 1)); err == nil {
		t.Error("a third connection was served while two were open")
	}
	a.Close()
	b.Close()
	third.Close()
	if err := get(dial()); err != nil {
		t.Errorf("after the others closed: %v", err)
	}
	cancel()
	<-done
}
