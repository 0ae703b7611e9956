package browser

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// denseCheck is one element of the dense operational pages (issue 16),
// checked in the browser on a page of the example: JS is an expression
// that returns "" when the element is as it should be, else what is
// wrong.
type denseCheck struct {
	name, path, js string
}

// denseChecks are run at desktop width (1366 px).
var denseChecks = []denseCheck{
	{"full width", "/inventory/", fullWidth},
	{"full width", "/audit/", fullWidth},
	{"full width", "/incidents/", fullWidth},
	{"full width", "/changes-log/", fullWidth},
	{"full width", "/status/", fullWidth},
	{"sticky header inside the scrolling box", "/inventory/", `(() => {
		const wrap = document.querySelector('.inventory-table').closest('.table-wrap');
		const th = wrap.querySelector('thead th');
		if (wrap.scrollHeight <= wrap.clientHeight) return 'the table does not scroll in its box (' + wrap.scrollHeight + ' px in ' + wrap.clientHeight + ')';
		wrap.scrollTop = 600;
		const off = Math.abs(th.getBoundingClientRect().top - wrap.getBoundingClientRect().top);
		return off <= 1 ? '' : 'after scrolling the rows, the header is ' + off + ' px from the top of its box';
	})()`},
	{"dates on one line", "/incidents/", oneLineDates},
	{"dates on one line", "/changes-log/", oneLineDates},
	{"dates on one line", "/inventory/", oneLineDates},
	{"dates on one line", "/status/", oneLineDates},
	{"kinds by their labels", "/inventory/", `(() => {
		const kinds = Array.from(document.querySelectorAll('.inventory-table tbody tr')).map(r => r.cells[1].textContent.trim());
		const slugs = kinds.filter(k => /^[a-z]+(-[a-z]+)+$|^(team|channel|website|webshop|onedrive)$/.test(k));
		if (slugs.length) return 'kinds shown as slugs: ' + [...new Set(slugs)].join(', ');
		if (!kinds.includes('SharePoint site') || !kinds.includes('Confluence space')) return 'no SharePoint site or Confluence space label: ' + [...new Set(kinds)].join(', ');
		const counts = Array.from(document.querySelectorAll('.kind-counts li')).map(li => li.textContent);
		return counts.some(c => c.includes('sharepoint-site')) ? 'overview counts by slug: ' + counts.join('; ') : '';
	})()`},
	{"kind label on an item page", "/inventory/sp-ops-planning-rotterdam/", `(() => {
		const k = document.querySelector('main h1 .kind').textContent;
		return k === 'SharePoint site' ? '' : 'kind badge reads ' + JSON.stringify(k);
	})()`},
	{"a field naming an item links it, with its kind where names repeat", "/inventory/sp-ops-planning-rotterdam/", `(() => {
		const dt = Array.from(document.querySelectorAll('.fields dt')).find(d => d.textContent === 'connected_team');
		const a = dt && dt.nextElementSibling.querySelector('a');
		if (!a) return 'connected_team is not a link';
		if (!a.getAttribute('href').endsWith('team-ops-planning-rotterdam/')) return 'connected_team links ' + a.getAttribute('href');
		if (a.textContent !== 'OPS - Planning Rotterdam (Team)') return 'connected_team reads ' + JSON.stringify(a.textContent);
		const parent = Array.from(document.querySelectorAll('.fields dt')).find(d => d.textContent === 'Parent');
		return parent && parent.nextElementSibling.querySelector('a[href$="sp-hub-operations/"]') ? '' : 'the parent hub is not linked';
	})()`},
	{"permission matrix by level", "/inventory/sp-ops-planning-rotterdam/", `(() => {
		const cols = Array.from(document.querySelectorAll('.matrix thead th')).slice(1).map(th => th.textContent);
		const rows = Array.from(document.querySelectorAll('.matrix tbody th')).map(th => th.textContent);
		if (cols.join() !== 'Full Control,Edit,Read') return 'columns ' + cols.join();
		return rows[0].endsWith('Owners') && rows[2].endsWith('Visitors') ? '' : 'rows ' + rows.join();
	})()`},
	{"severities agree between totals, rule table and chart", "/audit/", `(() => {
		const total = cls => +document.querySelector('.audit-counts .' + cls + ' .count').textContent;
		const heads = Array.from(document.querySelectorAll('#hb-rules + .table-wrap thead th')).map(th => th.textContent.trim());
		const column = name => { const i = heads.indexOf(name); return Array.from(document.querySelectorAll('#hb-rules + .table-wrap tbody tr')).reduce((n, r) => n + +r.cells[i].textContent, 0); };
		const bars = sev => Array.from(document.querySelectorAll('.chart rect.bar-' + sev + ' title')).reduce((n, t) => n + parseInt(t.textContent, 10), 0);
		const got = [];
		for (const [cls, head, sev] of [['sev-error', 'errors', 'error'], ['sev-warning', 'warnings', 'warning'], ['sev-info', 'info', 'info']]) {
			if (total(cls) !== column(head) || total(cls) !== bars(sev)) got.push(sev + ': total ' + total(cls) + ', table ' + column(head) + ', chart ' + bars(sev));
		}
		return got.join('; ');
	})()`},
	{"top issues, linked", "/audit/", `(() => {
		const links = Array.from(document.querySelectorAll('.top-issues li > a'));
		if (links.length < 2) return links.length + ' top issues';
		const first = links[0].parentElement.querySelector('.sev-error');
		return first ? '' : 'the first top issue has no errors: ' + links[0].parentElement.textContent;
	})()`},
	{"no all-clear while findings are open", "/audit/", `document.querySelector('.all-clear') ? 'all clear shown on a dashboard with open findings' : ''`},
	{"incident timeline: one list, newest first, open ones marked in text", "/incidents/", `(() => {
		const tables = document.querySelectorAll('.records-table');
		if (tables.length !== 1) return tables.length + ' incident tables';
		const rows = Array.from(tables[0].tBodies[0].rows);
		const starts = rows.map(r => r.cells[3].textContent);
		if (starts.join() !== [...starts].sort().reverse().join()) return 'not newest first: ' + starts.join(', ');
		const open = rows.filter(r => r.querySelector('.open-marker'));
		const stat = Array.from(document.querySelectorAll('.record-stats div')).find(d => d.querySelector('dt').textContent === 'Open');
		if (open.length === 0 || open.length !== +stat.querySelector('dd').textContent) return open.length + ' rows marked open';
		return open.every(r => r.querySelector('.open-marker').textContent === 'open' && !r.cells[4].textContent) ? '' : 'a resolved incident is marked open';
	})()`},
	{"changes newest first", "/changes-log/", `(() => {
		for (const t of document.querySelectorAll('.records-table')) {
			const when = Array.from(t.tBodies[0].rows).map(r => r.cells[3].textContent || r.cells[2].textContent);
			if (when.join() !== [...when].sort().reverse().join()) return 'not newest first: ' + when.join(', ');
		}
		return '';
	})()`},
	{"status: the example's own sites, states in words and colour", "/status/", `(() => {
		const urls = Array.from(document.querySelectorAll('.status-page tbody td:first-child code')).map(c => c.textContent);
		if (urls.length !== 3 || !urls.every(u => /^https:\/\/[a-z]+\.lakeside-logistics\.example\/$/.test(u))) return 'sites ' + urls.join(', ');
		for (const s of document.querySelectorAll('.status-page .state')) {
			if (!s.classList.contains('state-' + s.textContent)) return 'state ' + s.textContent + ' with class ' + s.className;
			if (getComputedStyle(s).color === getComputedStyle(s.closest('td')).color) return 'state ' + s.textContent + ' is not coloured';
		}
		const days = Array.from(document.querySelectorAll('.cert-days')).map(d => d.textContent);
		return days.length === 3 && days.every(d => /^(\d+ days? left|expires today|expired( today| \d+ days? ago))$/.test(d)) ? '' : 'certificate days ' + days.join(', ');
	})()`},
}

// fullWidth: a dense page is wider than the 52rem column of prose pages
// and fills the main area.
const fullWidth = `(() => {
	const main = document.querySelector('main'), page = document.querySelector('main article');
	const cs = getComputedStyle(main);
	const inner = main.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
	const w = page.getBoundingClientRect().width;
	return w >= inner - 1 && w > 52 * 16 + 20 ? '' : 'the page is ' + Math.round(w) + ' px wide in ' + Math.round(inner) + ' px';
})()`

// oneLineDates: every date cell holds its date on one line.
const oneLineDates = `(() => {
	const cells = Array.from(document.querySelectorAll('td.date')).filter(td => td.firstChild && td.firstChild.nodeType === Node.TEXT_NODE && td.firstChild.textContent.trim().length > 1);
	if (!cells.length) return 'no date cells';
	// The date is the cell's first text (the status page adds the days left below it).
	const wrapped = cells.filter(td => { const r = document.createRange(); r.selectNodeContents(td.firstChild); return new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size > 1; });
	return wrapped.length ? 'dates on two lines: ' + wrapped.map(td => td.textContent).join(', ') : '';
})()`

// TestDensePages checks each element of the dense operational pages on
// the example at desktop width.
func TestDensePages(t *testing.T) {
	example, _ := served(t)
	ctx := browser(t)
	if err := chromedp.Run(ctx, chromedp.EmulateViewport(1366, 900)); err != nil {
		t.Fatal(err)
	}
	loaded := ""
	for _, c := range denseChecks {
		t.Run(c.name+" "+c.path, func(t *testing.T) {
			if loaded != c.path {
				if err := chromedp.Run(ctx, chromedp.Navigate(example+c.path), chromedp.WaitVisible("main h1", chromedp.ByQuery)); err != nil {
					t.Fatal(err)
				}
				loaded = c.path
			}
			var problem string
			if err := chromedp.Run(ctx, chromedp.Evaluate(c.js, &problem)); err != nil {
				t.Fatal(err)
			}
			if problem != "" {
				t.Error(problem)
			}
		})
	}
}

// TestTableFilterCount types into the inventory's filter: the count of
// rows left is said in text ("19 of 78 shown") in a polite live region,
// matches the rows on screen, and goes away with the filter.
func TestTableFilterCount(t *testing.T) {
	example, _ := served(t)
	ctx := browser(t)
	var shown, live, cleared string
	var visible, total int
	err := chromedp.Run(ctx,
		chromedp.EmulateViewport(1366, 900),
		chromedp.Navigate(example+"/inventory/"),
		chromedp.WaitVisible(`.table-filter input`, chromedp.ByQuery),
		chromedp.SendKeys(`.table-filter input`, "planning", chromedp.ByQuery),
		chromedp.Text(`.rows-shown`, &shown, chromedp.ByQuery),
		chromedp.AttributeValue(`.rows-shown`, "aria-live", &live, nil, chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('.inventory-table tbody tr')).filter(r => !r.hidden).length`, &visible),
		chromedp.Evaluate(`document.querySelectorAll('.inventory-table tbody tr').length`, &total),
		chromedp.Evaluate(`(() => { const i = document.querySelector('.table-filter input'); i.value = ''; i.dispatchEvent(new Event('input')); return document.querySelector('.rows-shown').textContent })()`, &cleared),
	)
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("%d of %d shown", visible, total); shown != want || visible == 0 || visible == total {
		t.Errorf("after filtering: %q, want %q", shown, want)
	}
	if live != "polite" {
		t.Errorf("the count's aria-live is %q, want polite", live)
	}
	if cleared != "" {
		t.Errorf("with the filter cleared the count still reads %q", cleared)
	}
}

// TestAuditAllClear opens a rule of the example that found nothing: its
// page says so, as the dashboard would with no open findings.
func TestAuditAllClear(t *testing.T) {
	example, _ := served(t)
	ctx := browser(t)
	var href, clear string
	var findings int
	err := chromedp.Run(ctx,
		chromedp.Navigate(example+"/audit/"),
		chromedp.WaitVisible("main h1", chromedp.ByQuery),
		chromedp.Evaluate(`(() => { const r = Array.from(document.querySelectorAll('#hb-rules + .table-wrap tbody tr')).find(r => Array.from(r.cells).slice(3).every(c => c.textContent === '0')); return r ? r.querySelector('a').href : '' })()`, &href),
	)
	if err != nil || href == "" {
		t.Fatalf("no rule without findings on the dashboard (%v)", err)
	}
	err = chromedp.Run(ctx,
		chromedp.Navigate(href),
		chromedp.WaitVisible(".all-clear", chromedp.ByQuery),
		chromedp.Text(".all-clear", &clear, chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelectorAll('.finding').length`, &findings),
	)
	if err != nil {
		t.Fatal(err)
	}
	if clear != "All clear: no open findings." || findings != 0 {
		t.Errorf("%s: %q with %d findings", href, clear, findings)
	}
}

// TestSearchKindLabel: an inventory item in the search results names its
// kind by its label, as the inventory does.
func TestSearchKindLabel(t *testing.T) {
	example, _ := served(t)
	ctx := browser(t)
	var paths []string
	err := chromedp.Run(ctx,
		chromedp.Navigate(example+"/search/?q=planning+rotterdam"),
		chromedp.WaitVisible(".search-results .search-hit", chromedp.ByQuery),
		chromedp.Evaluate(`Array.from(document.querySelectorAll('.search-results .search-path')).map(p => p.textContent).filter(p => p.startsWith('Inventory'))`, &paths),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !contains(paths, "Inventory › SharePoint site") || !contains(paths, "Inventory › Team") {
		t.Errorf("inventory results' paths: %q", paths)
	}
}
