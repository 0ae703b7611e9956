package browser

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/incremental"
	"github.com/handbook-dev/handbook/generator/server"
)

// TestLiveReloadAndErrorOverlay runs handbook serve and a page open in
// Chromium: an edit reloads the page; a broken edit shows the overlay
// with path:line:col and the message over the last good page; the fix
// removes it and shows the new text.
func TestLiveReloadAndErrorOverlay(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "content", "guide", "page.md")
	write := func(text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(page), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(page, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("---\ntitle: Page\n---\nFirst text.\n")
	if err := os.WriteFile(filepath.Join(dir, "content", "_index.md"), []byte("Home.\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	ctx := browser(t)
	srvCtx, stop := context.WithCancel(context.Background())
	defer stop()
	ready := make(chan string, 1)
	go func() {
		_ = server.Run(srvCtx, server.Options{Session: incremental.NewSession(generator.Options{Dir: dir}), Project: dir, Addr: "127.0.0.1:0",
			Stdout: io.Discard, Stderr: io.Discard, Ready: func(a string) { ready <- a }})
	}()
	var addr string
	select {
	case addr = <-ready:
	case <-time.After(20 * time.Second):
		t.Fatal("serve did not start")
	}
	url := "http://" + addr + "/guide/page/"
	var text string
	if err := chromedp.Run(ctx, chromedp.Navigate(url), chromedp.WaitVisible(`main`, chromedp.ByQuery), chromedp.Text(`main`, &text, chromedp.ByQuery)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(text, "First text.") {
		t.Fatalf("page text %q", text)
	}
	// The page's event stream must be open before the edit.
	connected := chromedp.Poll(`window.handbookLive && window.handbookLive.readyState === 1`, nil, chromedp.WithPollingTimeout(10*time.Second))
	if err := chromedp.Run(ctx, connected); err != nil {
		t.Fatalf("the page's event stream did not connect: %v", err)
	}

	write("---\ntitle: Page\n---\nSecond text.\n")
	if !waitMain(ctx, "Second text.") {
		t.Fatal("the edit did not reload the page")
	}
	if err := chromedp.Run(ctx, connected); err != nil {
		t.Fatalf("the reloaded page's event stream did not connect: %v", err)
	}

	write("---\ntitle: Page\ndraft: maybe\n---\nBroken text.\n")
	var overlay string
	err := chromedp.Run(ctx,
		chromedp.WaitVisible(`#handbook-error-overlay`, chromedp.ByQuery),
		chromedp.Text(`#handbook-error-overlay`, &overlay, chromedp.ByQuery),
		chromedp.Text(`main`, &text, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatalf("no overlay after a broken edit: %v", err)
	}
	if !strings.Contains(overlay, "content/guide/page.md:3:8: draft must be true or false") {
		t.Errorf("overlay %q lacks path:line:col and the message", overlay)
	}
	if !strings.Contains(text, "Second text.") {
		t.Errorf("the last good page is not shown under the overlay: %q", text)
	}

	write("---\ntitle: Page\n---\nFixed text.\n")
	if !waitMain(ctx, "Fixed text.") {
		t.Fatal("the fix did not reload the page")
	}
	if err := chromedp.Run(ctx, chromedp.WaitNotPresent(`#handbook-error-overlay`, chromedp.ByQuery)); err != nil {
		t.Fatalf("the overlay stayed after the fix: %v", err)
	}
}

// waitMain waits until the page's main text holds want. Reloads
// interrupt evaluations, so errors only mean "not yet".
func waitMain(ctx context.Context, want string) bool {
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		var text string
		err := chromedp.Run(ctx, chromedp.Evaluate(`document.querySelector("main") ? document.querySelector("main").innerText : ""`, &text))
		if err == nil && strings.Contains(text, want) {
			return true
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}
