package markdown

import "testing"

func TestReadableText(t *testing.T) {
	tests := []struct{ name, md, want string }{
		{"markup left out", "Some *emphasis*, a [link](other.md#x) and `code` &amp; \\*.\n",
			"Some emphasis, a link and code & *.\n"},
		{"headings and paragraphs a block a line", "# Title\n\nFirst\nline.\n\n## Steps\n\nText.\n",
			"Title\n\nFirst line.\n\nSteps\n\nText.\n"},
		{"lists marked and indented, code as written", "1. Open the admin centre:\n\n   ```powershell\n   Get-SPOSite -Identity x\n   ```\n\n2. Second\n   - nested <kbd>Ctrl</kbd>\n",
			"1. Open the admin centre:\n   Get-SPOSite -Identity x\n2. Second\n   • nested Ctrl\n"},
		{"ordered list from its start", "3. c\n4. d\n", "3. c\n4. d\n"},
		{"table rows", "| a | b |\n|---|---|\n| 1 | **2** |\n", "a | b\n1 | 2\n"},
		{"alert and raw html as text", "> [!NOTE]\n> Careful.\n\n<div class=\"x\"><p>Raw &amp; html</p></div>\n",
			"Careful.\n\nRaw & html\n"},
		{"image alt, autolink label", "![Admin centre](a.png) <https://x.example/>\n", "Admin centre https://x.example/\n"},
	}
	for _, tt := range tests {
		if got := ReadableText([]byte(tt.md)); got != tt.want {
			t.Errorf("%s: ReadableText(%q) =\n%q\nwant\n%q", tt.name, tt.md, got, tt.want)
		}
	}
}
