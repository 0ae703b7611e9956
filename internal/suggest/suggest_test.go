package suggest

import "testing"

func TestClosest(t *testing.T) {
	keys := []string{"title", "description", "owner", "reviewed", "updated", "review_interval", "audience", "platform", "tags", "weight", "draft", "items", "kind", "cascade", "slug", "url", "lang"}
	tests := []struct {
		word, want string
		ok         bool
	}{
		{"reviwed", "reviewed", true},                // a letter left out
		{"onwer", "owner", true},                     // two letters swapped
		{"review-interval", "review_interval", true}, // - for _
		{"Review_Interval", "review_interval", true}, // case
		{"reviewinterval", "review_interval", true},  // _ left out
		{"titel", "title", true},
		{"audiance", "audience", true},
		{"platfrom", "platform", true},
		{"tag", "tags", true},
		{"ms.date", "", false}, // documentation sets' own keys stay page data
		{"ms.topic", "", false},
		{"uid", "", false}, // DocFX's key: two edits from url
		{"sidebar_position", "", false},
		{"author", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := Closest(tt.word, keys)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Closest(%q) = %q, %v; want %q, %v", tt.word, got, ok, tt.want, tt.ok)
		}
	}
}

func TestClosestCommands(t *testing.T) {
	commands := []string{"build", "serve", "audit", "pull", "new", "version", "help"}
	for word, want := range map[string]string{"biuld": "build", "buidl": "build", "serv": "serve", "adit": "audit", "pul": "pull"} {
		if got, ok := Closest(word, commands); !ok || got != want {
			t.Errorf("Closest(%q) = %q, %v; want %q", word, got, ok, want)
		}
	}
	for _, word := range []string{"deploy", "x"} {
		if got, ok := Closest(word, commands); ok {
			t.Errorf("Closest(%q) = %q; want none", word, got)
		}
	}
	if got, ok := Closest("X", []string{"C", "out"}); ok {
		t.Errorf("Closest(X) = %q; one letter is no misspelling of another", got)
	}
	if got, ok := Closest("c", []string{"C", "out"}); !ok || got != "C" {
		t.Errorf("Closest(c) = %q, %v; want C", got, ok)
	}
	if got, ok := Closest("deploy", commands); ok {
		t.Errorf("Closest(deploy) = %q; want none", got)
	}
}

func FuzzClosest(f *testing.F) {
	f.Add("reviwed", "reviewed")
	f.Add("", "")
	f.Add("\xff\xfe", "ünïcode")
	f.Fuzz(func(t *testing.T, word, candidate string) {
		got, ok := Closest(word, []string{candidate})
		if ok != (got == candidate && ok) || (!ok && got != "") {
			t.Fatalf("Closest(%q, [%q]) = %q, %v", word, candidate, got, ok)
		}
		if Normal(word) == Normal(candidate) && !ok {
			t.Fatalf("Closest(%q, [%q]): equal after Normal but not found", word, candidate)
		}
	})
}
