package config

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/internal/yamlx"
)

// Limits bound what one page may cost, so that no input, however
// hostile, can stall a build (the limits: section of handbook.yaml).
type Limits struct {
	// PageSize is the largest Markdown file read, in bytes.
	PageSize int64
	// RenderTime is the longest one page's conversion may take.
	RenderTime time.Duration
	// BuildTime is the longest the conversion of all pages may take:
	// many pages each just under RenderTime would stall a build for hours.
	BuildTime time.Duration
	// TagsPerPage bounds a page's tags (each tag is a page of the site).
	TagsPerPage int
	// InventoryItems bounds the items of all inventory files (each item
	// is a page of the site); InventorySize the bytes of one file.
	InventoryItems int
	InventorySize  int64
}

// Default limits: far above any real procedure (the largest page of the
// example manual is 12 kB and converts in a millisecond), well below what
// stalls a build.
const (
	DefaultPageSize   = 4 << 20
	DefaultRenderTime = 5 * time.Second
	DefaultBuildTime  = 10 * time.Minute
	// A tenant's inventory of 10,000 sites and 2,000 teams is far below
	// the item limit; the file limit holds it as CSV or YAML many times.
	DefaultTagsPerPage    = 100
	DefaultInventoryItems = 200_000
	DefaultInventorySize  = 64 << 20
)

// DefaultLimits returns the limits used when handbook.yaml sets none.
func DefaultLimits() Limits {
	return Limits{PageSize: DefaultPageSize, RenderTime: DefaultRenderTime, BuildTime: DefaultBuildTime,
		TagsPerPage: DefaultTagsPerPage, InventoryItems: DefaultInventoryItems, InventorySize: DefaultInventorySize}
}

var sizeRE = regexp.MustCompile(`^(\d+)\s*([kKmM]i?[bB]|[bB])?$`)

// ParseSize reads a size such as 4MiB, 512kB or 1000000 (bytes).
// kB and KiB both mean 1024 bytes, MB and MiB 1024 × 1024: a limit
// needs no decimal prefixes.
func ParseSize(s string) (int64, error) {
	m := sizeRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, fmt.Errorf("%q is not a size; write e.g. 4MiB, 512KiB or a number of bytes", s)
	}
	n, err := strconv.ParseInt(m[1], 10, 64)
	if err != nil || n <= 0 || n > 1<<40 {
		return 0, fmt.Errorf("%q is not a positive size", s)
	}
	switch strings.ToLower(m[2][:min(len(m[2]), 1)]) {
	case "k":
		n <<= 10
	case "m":
		n <<= 20
	}
	return n, nil
}

var limitKeys = sectionKeys("limits")

func limitsSection(e yamlx.Entry) (Limits, error) {
	l := DefaultLimits()
	entries, err := yamlx.Entries(e.Value)
	if err != nil {
		return l, e.Errorf("limits must be a mapping with the keys %s", strings.Join(limitKeys, ", "))
	}
	for _, le := range entries {
		s, err := le.String()
		if err != nil {
			return l, err
		}
		switch documented("limits", le.Key) {
		case "page_size", "inventory_size":
			n, perr := ParseSize(s)
			if perr != nil {
				return l, le.Errorf("limits.%s: %v", le.Key, perr)
			}
			if le.Key == "page_size" {
				l.PageSize = n
			} else {
				l.InventorySize = n
			}
		case "render_time", "build_time":
			d, perr := time.ParseDuration(strings.TrimSpace(s))
			if perr != nil || d <= 0 {
				return l, le.Errorf("limits.%s: %q is not a duration; write e.g. 5s, 500ms or 10m", le.Key, s)
			}
			if le.Key == "render_time" {
				l.RenderTime = d
			} else {
				l.BuildTime = d
			}
		case "tags_per_page", "inventory_items":
			n, perr := strconv.Atoi(strings.TrimSpace(s))
			if perr != nil || n <= 0 {
				return l, le.Errorf("limits.%s: %q is not a positive whole number", le.Key, s)
			}
			if le.Key == "tags_per_page" {
				l.TagsPerPage = n
			} else {
				l.InventoryItems = n
			}
		default:
			return l, &yamlx.Error{Line: le.Line, Col: le.Col, Msg: "unknown key " + quote("limits."+le.Key) + "; known keys are: " + strings.Join(limitKeys, ", ")}
		}
	}
	return l, nil
}
