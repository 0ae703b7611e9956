package jsonx

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	type item struct {
		ID string `json:"id"`
	}
	tests := []struct {
		name  string
		items []item
		want  string
	}{
		{"empty", nil, "{\n  \"generator\": \"handbook\",\n  \"items\": []\n}\n"},
		{"two", []item{{"a"}, {"b<"}}, "{\n  \"generator\": \"handbook\",\n  \"items\": [\n    {\"id\":\"a\"},\n    {\"id\":\"b\\u003c\"}\n  ]\n}\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			err := Write(&b, []Field{{Key: "generator", Value: "handbook"}, {Key: "items", List: true}}, slices.Values(tt.items))
			if err != nil {
				t.Fatal(err)
			}
			if b.String() != tt.want {
				t.Errorf("got\n%s\nwant\n%s", b.String(), tt.want)
			}
			if !json.Valid([]byte(b.String())) {
				t.Errorf("not valid JSON")
			}
		})
	}
}
