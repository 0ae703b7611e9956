package staticsafe

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// drawing counts the elements that make a drawing (every element but
// the editors' metadata), by namespace and local name.
func drawing(t *testing.T, data []byte) map[string]int {
	t.Helper()
	counts := map[string]int{}
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	d.Entity = xml.HTMLEntity
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return counts
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, data)
		}
		if se, ok := tok.(xml.StartElement); ok && (se.Name.Space == nsSVG || se.Name.Space == nsXHTML) {
			counts[se.Name.Local]++
		}
	}
}

// TestSVGCorpus: the drawings documentation sets ship keep every
// drawing element and report nothing removed (testdata/svg/README.md
// says which tool's output each file mimics).
func TestSVGCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/svg/*.svg")
	if err != nil || len(files) < 4 {
		t.Fatalf("corpus: %v %v", files, err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			res, err := SVG(src)
			if err != nil {
				t.Fatalf("SVG: %v", err)
			}
			if len(res.Changes) > 0 {
				t.Errorf("changes reported for a clean drawing: %+v", res.Changes)
			}
			want, got := drawing(t, src), drawing(t, res.Data)
			if len(want) == 0 {
				t.Fatal("the corpus file has no drawing")
			}
			for name, n := range want {
				if got[name] != n {
					t.Errorf("<%s>: %d in the source, %d after sanitising", name, n, got[name])
				}
			}
			for _, attr := range []string{`viewBox="`, `xlink:href="`, `marker-end`, `url(#`, `sodipodi:docname`, `requiredFeatures`, `attributeName="transform"`, `data:image/png;base64`} {
				if bytes.Contains(src, []byte(attr)) && !bytes.Contains(res.Data, []byte(attr)) {
					t.Errorf("%s was lost", attr)
				}
			}
		})
	}
}

func TestSVGHostile(t *testing.T) {
	const open = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">`
	tests := []struct {
		name, src string
		gone      []string // substrings the output must not hold
		kept      []string // substrings it must still hold
		change    string   // a reported change
	}{
		{"script", open + `<script>alert(document.cookie)</script><rect width="1" height="1"/></svg>`,
			[]string{"script", "alert"}, []string{`<rect width="1" height="1"/>`}, "removed <script>"},
		{"CDATA script", open + `<script><![CDATA[alert(1)]]></script></svg>`, []string{"alert"}, nil, "removed <script>"},
		{"event handler on the root", `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="2"/></svg>`,
			[]string{"onload", "alert"}, []string{`<circle r="2"/>`}, "removed the event handler onload of <svg>"},
		{"event handler in upper case", open + `<rect ONCLICK="alert(1)"/></svg>`, []string{"alert"}, []string{"<rect/>"}, "removed the event handler ONCLICK of <rect>"},
		{"javascript link", open + `<a xlink:href="javascript:alert(1)"><text>x</text></a></svg>`,
			[]string{"javascript"}, []string{"<text>x</text>"}, `removed the reference xlink:href="javascript:alert(1)" of <a>`},
		{"javascript link in entities", open + `<a href="&#x6A;ava&#x09;script&#58;alert(1)"><text>x</text></a></svg>`,
			[]string{"alert"}, nil, `removed the reference href=`},
		{"external use", open + `<use href="https://evil.example/sprite.svg#icon"/></svg>`, []string{"evil"}, []string{"<use/>"}, `removed the reference href="https://evil.example/sprite.svg#icon" of <use>`},
		{"protocol-relative use", open + `<use xlink:href="//evil.example/s.svg#i"/></svg>`, []string{"evil"}, nil, `removed the reference xlink:href="//evil.example/s.svg#i" of <use>`},
		{"local use stays", open + `<defs><path id="p" d="M0 0"/></defs><use xlink:href="#p"/><use href="sprite.svg#p"/></svg>`, nil, []string{`<use xlink:href="#p"/>`, `<use href="sprite.svg#p"/>`}, ""},
		{"external image", open + `<image href="https://tracker.example/pixel.png" width="1" height="1"/></svg>`, []string{"tracker"}, []string{`<image width="1" height="1"/>`}, "removed the reference href="},
		{"data SVG in use", open + `<use href="data:image/svg+xml;base64,PHN2Zz4="/></svg>`, []string{"data:"}, nil, "removed the reference href="},
		{"external CSS url in style attribute", open + `<rect style="fill:url(https://evil.example/p.svg#g)"/></svg>`, []string{"evil"}, []string{"<rect/>"}, "removed the attribute style holding the external reference url(https://evil.example/p.svg#g) of <rect>"},
		{"external url in a presentation attribute", open + `<rect filter="url('//evil.example/f.svg#f')"/></svg>`, []string{"evil"}, nil, "removed the attribute filter holding the external reference url(//evil.example/f.svg#f) of <rect>"},
		{"style sheet import", open + `<style>@import url(https://evil.example/x.css); rect{fill:red}</style><rect/></svg>`, []string{"evil", "fill:red"}, []string{"<rect/>"}, "removed a <style> sheet holding @import"},
		{"element inside a style sheet", open + `<style>rect{fill:red}<g>@import url(https://evil.example/x.css);</g></style></svg>`, []string{"evil"}, []string{"rect{fill:red}"}, "removed <g> inside <style>"},
		{"CSS escapes", open + `<style>rect{background:\75rl(https://evil.example/)}</style></svg>`, []string{"evil"}, nil, "removed a <style> sheet holding a CSS escape"},
		{"entity declarations", `<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x "&#60;script&#62;alert(1)&#60;/script&#62;">]>` + open + `<text>hello</text></svg>`,
			[]string{"ENTITY", "alert"}, []string{"<text>hello</text>"}, "removed the DOCTYPE's declarations (<!ENTITY>)"},
		{"stylesheet processing instruction", `<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/x.css"?>` + open + `</svg>`, []string{"evil"}, []string{`<?xml version="1.0"?>`}, "removed the processing instruction <?xml-stylesheet?>"},
		{"prefix bound to SVG", `<svg xmlns="http://www.w3.org/2000/svg" xmlns:ink="http://www.w3.org/2000/svg"><ink:script>alert(1)</ink:script></svg>`, []string{"alert"}, nil, "removed <ink:script>"},
		{"XHTML script in foreignObject", open + `<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">label<script>alert(1)</script><iframe src="https://evil.example/"></iframe><img src="x" onerror="alert(2)"/></div></foreignObject></svg>`,
			[]string{"alert", "iframe", "onerror"}, []string{"label", `<img src="x"/>`}, "removed <script>"},
		{"unknown namespace", open + `<x:thing xmlns:x="urn:evil" x:a="1">t</x:thing></svg>`, []string{"thing"}, nil, `removed <x:thing> of the namespace "urn:evil"`},
		{"set animating href", open + `<a href="#"><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a></svg>`, []string{"javascript"}, []string{"<text>x</text>"}, `removed <set> animating "href"`},
		{"xml:base", open + `<g xml:base="https://evil.example/"><use href="s.svg#i"/></g></svg>`, []string{"evil"}, nil, "removed the attribute xml:base of <g>"},
		{"link to another site stays", open + `<a href="https://learn.microsoft.com/" target="_blank"><text>docs</text></a></svg>`, nil, []string{`href="https://learn.microsoft.com/"`}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := SVG([]byte(tt.src))
			if err != nil {
				t.Fatalf("SVG: %v", err)
			}
			out := string(res.Data)
			for _, g := range tt.gone {
				if strings.Contains(out, g) {
					t.Errorf("output still holds %q:\n%s", g, out)
				}
			}
			for _, k := range tt.kept {
				if !strings.Contains(out, k) {
					t.Errorf("output lost %q:\n%s", k, out)
				}
			}
			var whats []string
			for _, c := range res.Changes {
				whats = append(whats, c.What)
			}
			if tt.change == "" && len(whats) > 0 {
				t.Errorf("changes %q, want none", whats)
			}
			if tt.change != "" && !strings.Contains(strings.Join(whats, "\n"), tt.change) {
				t.Errorf("changes %q, want one with %q", whats, tt.change)
			}
		})
	}
}

func TestSVGMalformed(t *testing.T) {
	tests := []struct{ name, src, msg string }{
		{"undefined entity", `<svg xmlns="http://www.w3.org/2000/svg"><text>&xxe;</text></svg>`, "invalid character entity &xxe;"},
		{"not closed", `<svg xmlns="http://www.w3.org/2000/svg"><g>`, "element <g> is not closed"},
		{"not SVG", `<html xmlns="http://www.w3.org/1999/xhtml"/>`, "the root element is <html>, not an <svg> of the SVG namespace"},
		{"mismatched", `<svg xmlns="http://www.w3.org/2000/svg"><g></text></svg>`, "</text> closes <g>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := SVG([]byte(tt.src))
			var pe *PosError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), tt.msg) || pe.Line < 1 {
				t.Fatalf("err = %v, want %q at a line", err, tt.msg)
			}
		})
	}
}
