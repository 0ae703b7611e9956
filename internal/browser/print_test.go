package browser

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/ledongthuc/pdf"
)

// A4 and Chromium's default print margins (0.4 in), in inches.
const (
	a4Width, a4Height = 8.27, 11.69
	printMargin       = 0.4
)

// printPDF prints the loaded page as Chromium's print dialog would: A4,
// the page's own @page size (the landscape named page), no background.
func printPDF(ctx context.Context) ([]byte, error) {
	out, _, err := page.PrintToPDF().WithPaperWidth(a4Width).WithPaperHeight(a4Height).WithPreferCSSPageSize(true).Do(ctx)
	return out, err
}

// pdfPages returns the text of each page of a PDF, normalised by
// printedText.
func pdfPages(t *testing.T, data []byte) []string {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var pages []string
	for i := 1; i <= r.NumPage(); i++ {
		p := r.Page(i)
		if p.V.IsNull() {
			continue
		}
		rows, err := p.GetTextByRow()
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, row := range rows {
			for _, w := range row.Content {
				b.WriteString(w.S)
			}
		}
		pages = append(pages, printedText(b.String()))
	}
	return pages
}

// printedText normalises text for finding it in a PDF's: no white space
// (a PDF has no spaces between its runs, and cells wrap), the typefaces'
// ligatures spelt out.
func printedText(s string) string {
	s = strings.NewReplacer("ﬁ", "fi", "ﬂ", "fl", "ﬀ", "ff", "ﬃ", "ffi", "ﬄ", "ffl").Replace(s)
	return strings.Join(strings.Fields(s), "")
}

// TestPrintDensePages prints the inventory and the audit dashboard to
// PDF in Chromium and checks that the page that starts the table holds
// every column header (none cut at the right edge), and that the first
// page holds the title and the start of what follows it (top issues, a
// chart or a table pushed to the next page leaves it empty).
func TestPrintDensePages(t *testing.T) {
	example, versioned := served(t)
	ctx := browser(t)
	for _, name := range []string{"inventory-list", "audit-dashboard"} {
		t.Run(name, func(t *testing.T) {
			k := kindByName(t, name)
			var dom struct {
				Title   string
				Headers []string
				First   string
			}
			var data []byte
			err := chromedp.Run(ctx,
				chromedp.Navigate(k.url(example, versioned)),
				chromedp.WaitVisible(k.Ready),
				chromedp.Evaluate(`({
					Title: document.querySelector('main h1').textContent,
					Headers: [...document.querySelectorAll('main table thead th')].map(th => th.textContent),
					First: (document.querySelector('main .top-issues h2, main svg.chart text, main table thead th') || {}).textContent || '',
				})`, &dom),
				chromedp.ActionFunc(func(ctx context.Context) error {
					var err error
					data, err = printPDF(ctx)
					return err
				}),
			)
			if err != nil {
				t.Fatal(err)
			}
			if len(dom.Headers) < 3 || dom.First == "" {
				t.Fatalf("page has %d column headers, first block %q: not the dense page this test is about", len(dom.Headers), dom.First)
			}
			pages := pdfPages(t, data)
			if len(pages) == 0 {
				t.Fatal("no pages printed")
			}
			if !strings.Contains(pages[0], printedText(dom.Title)) || !strings.Contains(pages[0], printedText(dom.First)) {
				t.Errorf("first page lacks the title %q or the start of the content %q:\n%s", dom.Title, dom.First, pages[0])
			}
			// Some page holds every header (a header may wrap at its
			// spaces, no further); a column cut at the right edge is on
			// none.
			var missing []string
			for i, p := range pages {
				missing = missing[:0]
				for _, h := range dom.Headers {
					for _, word := range strings.Fields(h) {
						if !strings.Contains(p, printedText(word)) {
							missing = append(missing, word)
						}
					}
				}
				if len(missing) == 0 {
					t.Logf("page %d holds every column header", i+1)
					break
				}
			}
			if len(missing) > 0 {
				t.Errorf("no page holds every column header %q (the last page lacks %q): cut at the right edge, or broken inside a word", dom.Headers, missing)
			}
		})
	}
}

// TestPrintHidesControls checks, under print media, that the screen's
// controls are not displayed: the inventory's filter box and sort
// arrows, a procedure's page-history toggle, the header with its search.
func TestPrintHidesControls(t *testing.T) {
	example, versioned := served(t)
	ctx := browser(t)
	for _, tt := range []struct {
		kind  string
		shown string // a selector the page has on screen
	}{
		{"inventory-list", ".table-filter"},
		{"inventory-list", ".site-header"},
		{"inventory-list", ".search-form"},
		{"procedure", "details.history"},
		{"procedure", ".site-header"},
	} {
		k := kindByName(t, tt.kind)
		var screen, print string
		var arrows []string
		err := chromedp.Run(ctx,
			emulation.SetEmulatedMedia().WithMedia("screen"),
			chromedp.Navigate(k.url(example, versioned)),
			chromedp.WaitVisible(k.Ready),
			chromedp.Evaluate(fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).display`, tt.shown), &screen),
			emulation.SetEmulatedMedia().WithMedia("print"),
			chromedp.Evaluate(fmt.Sprintf(`getComputedStyle(document.querySelector(%q)).display`, tt.shown), &print),
			// A sorted column: its arrow is drawn by ::after.
			chromedp.Evaluate(`[...document.querySelectorAll('th button.sort')].slice(0, 1).map(b => {
				b.closest('th').setAttribute('aria-sort', 'ascending');
				return getComputedStyle(b, '::after').content;
			})`, &arrows),
			emulation.SetEmulatedMedia().WithMedia(""),
		)
		if err != nil {
			t.Fatal(err)
		}
		if screen == "none" {
			t.Fatalf("%s: %s is not displayed on screen either; the check proves nothing", tt.kind, tt.shown)
		}
		if print != "none" {
			t.Errorf("%s: %s is displayed in print (%s)", tt.kind, tt.shown, print)
		}
		for _, a := range arrows {
			if a != "none" && a != "normal" {
				t.Errorf("%s: a sorted column prints its arrow %s", tt.kind, a)
			}
		}
	}
}

// TestPrintStepLeadInKeepsCode moves a runbook step's lead-in line ("...
// with today:") down the first printed page in steps, across the page's
// end, and checks that it is always printed on the page of the code
// block it introduces.
func TestPrintStepLeadInKeepsCode(t *testing.T) {
	example, versioned := served(t)
	ctx := browserFor(t, 2*time.Minute)
	k := kindByName(t, "runbook")
	// The layout of print media at the printable width of A4.
	printable := func(inches float64) float64 { return (inches - 2*printMargin) * 96 }
	width, height := int64(printable(a4Width)), printable(a4Height)
	var leadIn struct {
		Lead, Code string
		Bottom     float64
	}
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(width, 1000),
		emulation.SetEmulatedMedia().WithMedia("print"),
		chromedp.Navigate(k.url(example, versioned)),
		chromedp.WaitVisible(k.Ready),
		// The step alone (with the site's stylesheet), after a spacer:
		// a page or two print in a moment.
		chromedp.Evaluate(`(() => {
			const p = [...document.querySelectorAll('main .content p')].find(p =>
				p.textContent.trim().endsWith(':') && p.nextElementSibling && p.nextElementSibling.matches('pre, div'));
			if (!p) return {};
			const code = p.nextElementSibling, content = document.createElement('div'), spacer = document.createElement('div');
			content.className = 'content';
			spacer.id = 'hb-test-spacer';
			content.append(spacer, p, code);
			document.querySelector('main').replaceChildren(content);
			return {Lead: p.textContent, Code: (code.querySelector('code') || code).textContent.split('\n')[0],
				Bottom: p.getBoundingClientRect().bottom + scrollY};
		})()`, &leadIn),
	)
	if err != nil {
		t.Fatal(err)
	}
	if leadIn.Lead == "" {
		t.Fatal("the runbook has no lead-in line ending in ':' before a code block")
	}
	// Spacers that put the lead-in's bottom from 150 px above the first
	// page's end to just below it: the code block, kept whole, cannot
	// follow on that page.
	for shift := -150.0; shift <= 20; shift += 20 {
		spacer := height - leadIn.Bottom + shift
		if spacer < 0 {
			t.Fatalf("the lead-in is already below the first page (bottom %.0f px)", leadIn.Bottom)
		}
		var data []byte
		err := chromedp.Run(ctx,
			chromedp.Evaluate(fmt.Sprintf(`document.getElementById('hb-test-spacer').style.height = '%.0fpx'`, spacer), nil),
			chromedp.ActionFunc(func(ctx context.Context) error {
				var err error
				data, err = printPDF(ctx)
				return err
			}),
		)
		if err != nil {
			t.Fatal(err)
		}
		leadPage, codePage := -1, -1
		for i, p := range pdfPages(t, data) {
			if leadPage < 0 && strings.Contains(p, printedText(leadIn.Lead)) {
				leadPage = i
			}
			if codePage < 0 && strings.Contains(p, printedText(leadIn.Code)) {
				codePage = i
			}
		}
		if leadPage < 0 || leadPage != codePage {
			t.Errorf("spacer %.0f px: the lead-in %q is on page %d, its code %q on page %d", spacer, leadIn.Lead, leadPage+1, leadIn.Code, codePage+1)
		}
	}
}
