package browser

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestVersionPageDiffShowsText checks the word diff of a page changed
// between the two versions: it shows the text a reader sees (no
// emphasis marks or code fences), the code as text, and the added words
// marked as insertions.
func TestVersionPageDiffShowsText(t *testing.T) {
	example, versioned := served(t)
	kind := kindByName(t, "version-page-diff")
	var got struct {
		Text string
		Ins  []string
	}
	ctx := browser(t)
	err := chromedp.Run(ctx,
		chromedp.Navigate(kind.url(example, versioned)),
		chromedp.WaitVisible("pre.word-diff"),
		chromedp.Evaluate(`({
			Text: document.querySelector('pre.word-diff').textContent,
			Ins: [...document.querySelectorAll('pre.word-diff ins')].map(e => e.textContent.trim()),
		})`, &got),
	)
	if err != nil {
		t.Fatal(err)
	}
	for _, markup := range []string{"**", "*second", "```", "powershell"} {
		if strings.Contains(got.Text, markup) {
			t.Errorf("the word diff shows Markdown %q:\n%s", markup, got.Text)
		}
	}
	for _, want := range []string{"Open the second-stage recycle bin and run:", "Restore-Site <id> -Force"} {
		if !strings.Contains(got.Text, want) {
			t.Errorf("the word diff lacks %q:\n%s", want, got.Text)
		}
	}
	if strings.Join(got.Ins, "|") != "second-stage|-Force" {
		t.Errorf("insertions %q, want second-stage and -Force", got.Ins)
	}
}
