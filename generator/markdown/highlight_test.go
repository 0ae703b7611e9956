package markdown

import (
	"bytes"
	"fmt"
	"sync"
	"testing"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// codeBlocks are the fences writers use: every language of a runbook,
// attributes, an unknown language, none, and edge cases of the info
// string.
var codeBlocks = []string{
	"```go\npackage main\n\nfunc main() { println(\"hi\") }\n```",
	"```powershell\nConnect-SPOService -Url https://contoso-admin.sharepoint.com\nGet-SPOSite -Limit All | Where-Object { $_.SharingCapability -ne 'Disabled' }\n```",
	"```bash\nset -euo pipefail\ncurl -sS \"https://example.org\" | jq '.value[] | .id'\n```",
	"```yaml\nsites:\n  - id: hr-hub # the HR hub\n    owners: [l.dekker@example.org]\n```",
	"```json\n{\"value\": [{\"id\": 1, \"name\": \"<script>\"}]}\n```",
	"```sql\nSELECT id, name FROM sites WHERE sharing <> 'disabled';\n```",
	"```\nno language: <b>escaped</b>\n```",
	"```nosuchlanguage\nplain & <escaped>\n```",
	"```go {hl_lines=[2]}\na := 1\nb := 2\n```",
	"```go {linenos=true linenostart=10}\na := 1\nb := 2\n```",
	"```go {nohl=true}\na := 1\n```",
	"```go{}\na := 1\n```",
	"```PowerShell\nGet-Date\n```",
	"```go\n```",
	"~~~python extra words\nprint('tilde fence')\n~~~",
	"  ```html\n  <p class=\"x\">indented fence</p>\n  ```",
	"- item\n\n  ```sh\n  ls -la\n  ```",
	"```go\nunclosed fence\n",
}

func TestCodeRendererMatchesTheExtension(t *testing.T) {
	ours := goldmark.New(goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(newCodeRenderer(), 200))))
	theirs := goldmark.New(goldmark.WithExtensions(highlighting.NewHighlighting(
		highlighting.WithGuessLanguage(false),
		highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
	)))
	for i, src := range codeBlocks {
		var got, want bytes.Buffer
		if err := ours.Convert([]byte(src), &got); err != nil {
			t.Fatal(err)
		}
		if err := theirs.Convert([]byte(src), &want); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("block %d:\n%s\n got %s\nwant %s", i, src, got.String(), want.String())
		}
	}
}

// TestCodeRendererIsSafeForConcurrentUse: the one formatter is shared by
// every conversion of a build (run with -race).
func TestCodeRendererIsSafeForConcurrentUse(t *testing.T) {
	md := goldmark.New(goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(newCodeRenderer(), 200))))
	want := make([]string, len(codeBlocks))
	for i, src := range codeBlocks {
		var b bytes.Buffer
		_ = md.Convert([]byte(src), &b)
		want[i] = b.String()
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8*len(codeBlocks))
	for range 8 {
		wg.Go(func() {
			for i, src := range codeBlocks {
				var b bytes.Buffer
				_ = md.Convert([]byte(src), &b)
				if b.String() != want[i] {
					errs <- fmt.Errorf("block %d differs when converted concurrently", i)
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
