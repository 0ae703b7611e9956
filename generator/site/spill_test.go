package site

import (
	"errors"
	"reflect"
	"testing"

	"github.com/handbook-dev/handbook/generator/markdown"
)

// TestSectionsRoundTrip: a page's text written to a spill file reads
// back as it was, empty strings and non-ASCII text included, and damaged
// bytes are an error, never a panic or a wrong text.
func TestSectionsRoundTrip(t *testing.T) {
	for _, tc := range []struct {
		name     string
		sections []markdown.Section
	}{
		{"none", []markdown.Section{}},
		{"text before the first heading", []markdown.Section{{Text: "Intro."}}},
		{"headings", []markdown.Section{{Text: "Intro."}, {Level: 2, ID: "steps", Heading: "Steps", Text: "Renew the certificate."}, {Level: 3, ID: "", Heading: "", Text: ""}}},
		{"non-ASCII and long", []markdown.Section{{Level: 2, ID: "überblick", Heading: "Überblick — €", Text: string(make([]byte, 70000))}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodeSections(string(appendSections(nil, tc.sections)))
			if err != nil || !reflect.DeepEqual(got, tc.sections) {
				t.Errorf("round trip = %#v, %v; want %#v", got, err, tc.sections)
			}
		})
	}
	whole := appendSections(nil, []markdown.Section{{Level: 2, ID: "a", Heading: "A", Text: "text"}})
	for _, bad := range [][]byte{nil, whole[:len(whole)-1], {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}, {5}} {
		if got, err := decodeSections(string(bad)); !errors.Is(err, errSections) {
			t.Errorf("decodeSections(%x) = %#v, %v; want errSections", bad, got, err)
		}
	}
}

// FuzzDecodeSections: any bytes decode to sections that encode back to
// the same bytes, or to errSections.
func FuzzDecodeSections(f *testing.F) {
	f.Add(appendSections(nil, []markdown.Section{{Text: "Intro."}, {Level: 2, ID: "steps", Heading: "Steps", Text: "Renew."}}))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		sections, err := decodeSections(string(b))
		if err != nil {
			if !errors.Is(err, errSections) {
				t.Fatalf("error %v is not errSections", err)
			}
			return
		}
		again, err := decodeSections(string(appendSections(nil, sections)))
		if err != nil || !reflect.DeepEqual(again, sections) {
			t.Fatalf("re-encoded %#v decodes to %#v, %v", sections, again, err)
		}
	})
}
