package snapshots

import (
	"strings"
	"testing"
	"time"

	"github.com/handbook-dev/handbook/generator/pulldata"
)

func TestCertificateChange(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 12, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name     string
		was, now pulldata.Certificate
		want     string
	}{
		{"renewed", pulldata.Certificate{Host: "shop.example", Expires: day(3)}, pulldata.Certificate{Host: "shop.example", Expires: day(30)}, "certificate renewed, now expires 2026-12-30"},
		{"another host after a redirect", pulldata.Certificate{Host: "example.org", Expires: day(3)}, pulldata.Certificate{Host: "www.example.org", Expires: day(30)}, "now ends at www.example.org, whose certificate expires 2026-12-30"},
		{"sooner", pulldata.Certificate{Host: "shop.example", Expires: day(30)}, pulldata.Certificate{Host: "shop.example", Expires: day(3)}, "certificate replaced, now expires 2026-12-03 (sooner than before)"},
		{"a snapshot from before hosts were recorded", pulldata.Certificate{Expires: day(3)}, pulldata.Certificate{Host: "shop.example", Expires: day(30)}, "certificate renewed"},
	}
	for _, tt := range tests {
		if got := certificateChange("https://shop.example/", &tt.was, &tt.now); !strings.Contains(got, tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
}
