package pulldata

import "testing"

func TestEOLRelease(t *testing.T) {
	p := EOLProduct{Name: "x", Releases: []EOLRelease{{Name: "8.1"}, {Name: "8.10"}, {Name: "2.4"}, {Name: "2.4.6"}, {Name: "12"}, {Name: "1"}}}
	for _, tt := range []struct{ version, want string }{
		{"8.1", "8.1"},
		{"8.1.27", "8.1"},
		{"8.10", "8.10"},
		{"8.10.2", "8.10"},
		{"8.100", ""},
		{"2.4.6-p3", "2.4.6"},
		{"2.4.7", "2.4"},
		{"12.8", "12"},
		{"12", "12"},
		{"120", ""},
		{"1+build", "1"},
		{"", ""},
	} {
		got := ""
		if r := p.Release(tt.version); r != nil {
			got = r.Name
		}
		if got != tt.want {
			t.Errorf("Release(%q) = %q, want %q", tt.version, got, tt.want)
		}
	}
}

func TestEOLEnded(t *testing.T) {
	for _, tt := range []struct {
		r    EOLRelease
		want bool
	}{
		{EOLRelease{EOLFrom: "2026-11-24"}, true},
		{EOLRelease{EOLFrom: "2026-11-25"}, false},
		{EOLRelease{EOLFrom: "2025-12-31", IsEOL: false}, true}, // the date decides
		{EOLRelease{IsEOL: true}, true},                         // no date: the API's word
		{EOLRelease{}, false},
	} {
		if got := tt.r.Ended("2026-11-24"); got != tt.want {
			t.Errorf("%+v.Ended = %v, want %v", tt.r, got, tt.want)
		}
	}
}
