package config

import (
	"strings"
	"testing"
)

// TestKeyDocsAreRead checks that every key the manual documents is one
// the parser reads: a documented key that is rejected as unknown means
// the manual describes a setting that does not exist.
func TestKeyDocsAreRead(t *testing.T) {
	for _, d := range KeyDocs {
		section, key, nested := strings.Cut(d.Key, ".")
		src := d.Key + ": x\n"
		if nested {
			src = section + ":\n  " + key + ": x\n"
		}
		_, diags := Parse([]byte(src))
		for _, dg := range diags {
			if strings.Contains(dg.Message, "unknown") {
				t.Errorf("%s is in KeyDocs, but handbook.yaml rejects it: %s", d.Key, dg.Message)
			}
		}
	}
}

// TestSectionKeys checks the lists of known keys the parser names in
// its messages, which come from KeyDocs.
func TestSectionKeys(t *testing.T) {
	for _, tt := range []struct {
		section string
		want    string
	}{
		{"", "title base_url language footer strings print_max_pages inventory audit sources repository page_history versions limits audiences privacy content_dir static_dirs generated links unsanitised_files front_matter_keys logo favicon accent_color accent_color_dark"},
		{"limits", "page_size render_time build_time tags_per_page inventory_items inventory_size"},
		{"repository", "url branch edit_url history_url"},
		{"audi", ""},
	} {
		if got := strings.Join(sectionKeys(tt.section), " "); got != tt.want {
			t.Errorf("sectionKeys(%q) = %q, want %q", tt.section, got, tt.want)
		}
	}
}
