package config

import (
	"slices"
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
		{"", "title base_url language footer strings print_max_pages inventory audit notify sources repository page_history versions limits languages audiences privacy content_dir static_dirs generated links unsanitised_files front_matter_keys platforms logo favicon accent_color accent_color_dark"},
		{"limits", "page_size render_time build_time tags_per_page inventory_items inventory_size"},
		{"repository", "url branch edit_url history_url"},
		{"notify", "within every smtp channels"},
		{"audi", ""},
	} {
		if got := strings.Join(sectionKeys(tt.section), " "); got != tt.want {
			t.Errorf("sectionKeys(%q) = %q, want %q", tt.section, got, tt.want)
		}
	}
}

// TestUndocumentedKeyIsUnknown checks that the parser reads only the
// keys the manual documents: without its KeyDocs entry, a key the
// parser has a case for is an unknown key.
func TestUndocumentedKeyIsUnknown(t *testing.T) {
	for _, tt := range []struct{ drop, src string }{
		{"footer", "footer: Contoso\n"},
		{"audit.min_owners", "audit:\n  min_owners: 3\n"},
		{"limits.page_size", "limits:\n  page_size: 1MiB\n"},
	} {
		t.Run(tt.drop, func(t *testing.T) {
			saved := KeyDocs
			t.Cleanup(func() { KeyDocs = saved })
			KeyDocs = slices.DeleteFunc(slices.Clone(saved), func(d KeyDoc) bool { return d.Key == tt.drop })
			_, diags := Parse([]byte(tt.src))
			if len(diags) != 1 || !strings.Contains(diags[0].Message, "unknown key") {
				t.Errorf("%s undocumented: diagnostics %v, want one unknown key", tt.drop, diags)
			}
			KeyDocs = saved
			if _, diags := Parse([]byte(tt.src)); len(diags) != 0 {
				t.Errorf("%s documented: diagnostics %v, want none", tt.drop, diags)
			}
		})
	}
}
