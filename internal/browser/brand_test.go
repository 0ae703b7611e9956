package browser

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/handbook-dev/handbook/generator/brand"
	"github.com/handbook-dev/handbook/generator/config"
)

// TestBranding checks the example's branding in a browser: /favicon.ico
// answers with an icon (browsers ask for it on every site), the logo of
// handbook.yaml is shown before the title with an empty alt text (the
// title beside it names the link), and links take the accent colour in the light theme and its
// derived shade in the dark one.
func TestBranding(t *testing.T) {
	example, _ := served(t)
	cfg, diags := config.Load("../..")
	if len(diags) > 0 || cfg.AccentColor == nil || cfg.Logo.Path == "" {
		t.Fatalf("the example's handbook.yaml should set logo and accent_color: %v", diags)
	}
	accent, _ := brand.NewAccent(*cfg.AccentColor, cfg.AccentColorDark)

	resp, err := http.Get(example + "/favicon.ico")
	if err != nil {
		t.Fatal(err)
	}
	ico, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !bytes.HasPrefix(ico, []byte{0, 0, 1, 0}) {
		t.Errorf("/favicon.ico: status %d, %d bytes, icon header %v", resp.StatusCode, len(ico), bytes.HasPrefix(ico, []byte{0, 0, 1, 0}))
	}

	ctx := browser(t)
	for _, tt := range []struct {
		scheme string
		link   brand.Colour
	}{{"light", accent.Light.Link}, {"dark", accent.Dark.Link}} {
		var got struct {
			Loaded    bool
			Alt       string
			Title     string
			FirstIsIm bool
			Link      string
		}
		err := chromedp.Run(ctx,
			emulation.SetEmulatedMedia().WithFeatures([]*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: tt.scheme}}),
			chromedp.Navigate(example+"/confluence/create-a-space/"),
			chromedp.WaitVisible("main h1"),
			chromedp.Poll(`(() => { const i = document.querySelector('.site-title img.site-logo'); return i && i.complete })()`, nil),
			chromedp.Evaluate(`(() => {
				const a = document.querySelector('.site-title'), i = a.querySelector('img');
				return {Loaded: i.naturalWidth > 0, Alt: i.alt, Title: a.textContent.trim(),
					FirstIsIm: a.firstChild === i,
					Link: getComputedStyle(document.querySelector('main .content a, main a')).color};
			})()`, &got),
		)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Loaded || !got.FirstIsIm || got.Alt != "" || got.Title != cfg.Title {
			t.Errorf("%s: logo loaded %v, first in the title link %v, alt %q, title %q; want the logo before the title %q, alt text empty",
				tt.scheme, got.Loaded, got.FirstIsIm, got.Alt, got.Title, cfg.Title)
		}
		if want := fmt.Sprintf("rgb(%d, %d, %d)", tt.link.R, tt.link.G, tt.link.B); got.Link != want {
			t.Errorf("%s: links are %s, want the accent %s (%s)", tt.scheme, got.Link, want, tt.link.Hex())
		}
	}
}
