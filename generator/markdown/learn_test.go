package markdown

import (
	"strings"
	"testing"
)

// Learn's triple-colon lines, in the shapes its markdown reference
// documents (learn.microsoft.com/contribute/content/markdown-reference#images
// and #zones).
func TestLearnLines(t *testing.T) {
	tests := []struct {
		name, src string
		want      []string // substrings of the HTML, in order
		not       []string
		links     []string // dest@line:col of the links and images checked
	}{
		{
			name:  "content image",
			src:   "Intro.\n:::image type=\"content\" source=\"media/a.png\" alt-text=\"Screenshot of the <Sharing> panel\":::\n",
			want:  []string{"<p>Intro.</p>", `<p><img src="media/a.png" alt="Screenshot of the &lt;Sharing&gt; panel"></p>`},
			links: []string{"media/a.png@2:56"},
		},
		{
			name:  "lightbox links to the large image",
			src:   ":::image type=\"content\" source=\"media/a.png\" alt-text=\"A\" lightbox=\"media/a-big.png\":::\n",
			want:  []string{`<p><a href="media/a-big.png"><img src="media/a.png" alt="A"></a></p>`},
			links: []string{"media/a-big.png@1:56", "media/a.png@1:56"},
		},
		{
			name: "complex image with its long description",
			src:  ":::image type=\"complex\" source=\"media/b.png\" alt-text=\"Short\":::\n   A long description with **bold**.\n:::image-end:::\n\nAfter.\n",
			want: []string{`<img src="media/b.png" alt="Short">`, "<p>A long description with <strong>bold</strong>.</p>", "<p>After.</p>"},
			not:  []string{"image-end", ":::"},
		},
		{
			name:  "image without alt text is checked at its line",
			src:   "# T\n\n:::image source=\"media/c.png\":::\n",
			want:  []string{`<img src="media/c.png" alt="">`},
			links: []string{"media/c.png@3:1"},
		},
		{
			name: "zones and monikers show their text, not their markers",
			src:  ":::zone pivot=\"windows\"\nWindows text.\n:::zone-end\n\n::: moniker range=\">=v2\"\nNew text.\n::: moniker-end\n",
			want: []string{"<p>Windows text.</p>", "<p>New text.</p>"},
			not:  []string{"zone", "moniker", ":::"},
		},
		{
			name: "rows and columns",
			src:  ":::row:::\n:::column:::\nLeft.\n:::column-end:::\n:::column:::\nRight.\n:::column-end:::\n:::row-end:::\n",
			want: []string{"<p>Left.</p>", "<p>Right.</p>"},
			not:  []string{"row", "column"},
		},
		{
			name: "an image line without a source stays text",
			src:  ":::image type=\"content\" alt-text=\"x\":::\n",
			want: []string{"<p>:::image type=", "alt-text=&quot;x&quot;:::</p>"},
		},
		{
			name: "a script source is neutralised like any image",
			src:  ":::image source=\"javascript:alert(1)\" alt-text=\"x\":::\n",
			not:  []string{"javascript"},
		},
		{
			name: "inside a list step",
			src:  "1. Open it.\n\n   :::image type=\"content\" source=\"media/d.png\" alt-text=\"D\":::\n\n2. Save.\n",
			want: []string{"<li>", `<img src="media/d.png" alt="D">`, "Save."},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var links []string
			res, err := New().Convert(Document{Body: []byte(tt.src), BodyLine: 1, Resolve: func(l LinkRef) string {
				links = append(links, l.Dest+"@"+itoa(l.Line)+":"+itoa(l.Col))
				if strings.HasPrefix(l.Dest, "javascript:") {
					return "#"
				}
				return l.Dest
			}})
			if err != nil {
				t.Fatal(err)
			}
			html := string(res.HTML)
			rest := html
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("HTML lacks %q (in order):\n%s", w, html)
				}
				rest = rest[i+len(w):]
			}
			for _, n := range tt.not {
				if strings.Contains(html, n) {
					t.Errorf("HTML shows %q:\n%s", n, html)
				}
			}
			if tt.links != nil && strings.Join(links, " ") != strings.Join(tt.links, " ") {
				t.Errorf("links checked = %q, want %q", links, tt.links)
			}
		})
	}
}
