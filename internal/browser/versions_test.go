package browser

import (
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/handbook-dev/handbook/generator"
	"github.com/handbook-dev/handbook/generator/server"
)

// versionedSite builds a two-version manual from a Git repository made in
// the test: 2025 from a tag, 2026 (latest) from the work tree.
func versionedSite(t *testing.T) string {
	t.Helper()
	return versionedSiteAt(t, t.TempDir())
}

// versionedSiteAt builds the two-version manual in dir.
func versionedSiteAt(t *testing.T, dir string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	write := func(name, body string) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git := func(args ...string) {
		cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@x", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@x")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	write("content/_index.md", "---\ntitle: Manual\n---\nHome.\n")
	// Markup around the changes: the word diff shows the text, not it.
	write("content/sharepoint/restore.md", "---\ntitle: Restore a site\n---\nOpen the **recycle bin** and run:\n\n```powershell\nRestore-Site <id>\n```\n")
	write(".gitignore", "public/\n.handbook-cache/\n")
	git("init", "-q", "-b", "main")
	git("add", "-A")
	git("commit", "-q", "-m", "2025")
	git("tag", "v2025")
	write("content/sharepoint/restore.md", "---\ntitle: Restore a site\n---\nOpen the *second-stage* **recycle bin** and run:\n\n```powershell\nRestore-Site <id> -Force\n```\n")
	write("handbook.yaml", "versions:\n  - {name: \"2026\", latest: true}\n  - {name: \"2025\", ref: v2025}\n")
	git("add", "-A")
	git("commit", "-q", "-m", "2026")
	if res, err := generator.Build(context.Background(), generator.Options{Dir: dir}); err != nil {
		t.Fatal(err, res.Diagnostics)
	}
	return filepath.Join(dir, "public")
}

// TestVersionSwitcherAndBanner switches from the latest page to the same
// page in 2025, sees the banner, and follows it back; the latest's own
// folder redirects to the root.
func TestVersionSwitcherAndBanner(t *testing.T) {
	public := versionedSite(t)
	srv := httptest.NewServer(server.Handler(public))
	defer srv.Close()
	ctx := browser(t)
	var loc, banner, body string
	err := chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/sharepoint/restore/"),
		chromedp.WaitVisible(`.version-switcher summary`, chromedp.ByQuery),
		chromedp.Click(`.version-switcher summary`, chromedp.ByQuery),
		chromedp.WaitVisible(`.version-switcher a[href*="2025"]`, chromedp.ByQuery),
		chromedp.Click(`.version-switcher a[href*="2025"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`.version-banner`, chromedp.ByQuery),
		chromedp.Location(&loc),
		chromedp.Text(`.version-banner`, &banner, chromedp.ByQuery),
		chromedp.Text(`main .content`, &body, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasSuffix(loc, "/2025/sharepoint/restore/") || !strings.Contains(banner, "You are reading the 2025 manual") || strings.Contains(body, "second-stage") {
		t.Fatalf("after switching to 2025: at %s, banner %q, body %q", loc, banner, body)
	}
	err = chromedp.Run(ctx,
		chromedp.Click(`.version-banner a`, chromedp.ByQuery),
		chromedp.WaitVisible(`main .content`, chromedp.ByQuery),
		chromedp.Location(&loc),
		chromedp.Text(`main .content`, &body, chromedp.ByQuery),
	)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(loc, "2025") || !strings.HasSuffix(loc, "/sharepoint/restore/") || !strings.Contains(body, "second-stage") {
		t.Fatalf("the banner led to %s (%q)", loc, body)
	}
	err = chromedp.Run(ctx,
		chromedp.Navigate(srv.URL+"/2026/sharepoint/restore/"),
		chromedp.WaitVisible(`main .content`, chromedp.ByQuery),
		chromedp.Location(&loc),
	)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(loc, "/2026/") {
		t.Errorf("the latest's folder did not redirect to the root: at %s", loc)
	}
}
