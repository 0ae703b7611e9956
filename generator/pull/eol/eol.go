// Package eol reads the release cycles of the software an inventory's
// components name from the public endoflife.date API, version 1
// (https://endoflife.date/docs/api/v1/, "Get a product":
// GET /products/{product}). It needs no credentials; plain net/http
// through the pull client, which retries and waits when throttled (the
// API answers 429 when asked too fast).
package eol

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/handbook-dev/handbook/generator/pull"
	"github.com/handbook-dev/handbook/generator/pulldata"
)

// DefaultBaseURL is endoflife.date's API.
const DefaultBaseURL = "https://endoflife.date/api/v1"

// productResponse is the answer of GET /products/{product} (schema
// ProductResponse); only what a pull keeps is decoded.
type productResponse struct {
	SchemaVersion string `json:"schema_version"`
	Result        struct {
		Name  string `json:"name"`
		Label string `json:"label"`
		Links struct {
			HTML string `json:"html"`
		} `json:"links"`
		Releases []struct {
			Name         string  `json:"name"`
			ReleaseDate  string  `json:"releaseDate"`
			EOASFrom     *string `json:"eoasFrom"`
			IsEOL        bool    `json:"isEol"`
			EOLFrom      *string `json:"eolFrom"`
			IsMaintained bool    `json:"isMaintained"`
			Latest       *struct {
				Name string  `json:"name"`
				Date *string `json:"date"`
			} `json:"latest"`
		} `json:"releases"`
	} `json:"result"`
}

// Pull reads each product of names (sorted, each once) from base, in
// parallel within the client's bound. A product endoflife.date does not
// know (404) is returned with Unknown set, so that the audit can say
// which component names it; any other failure fails the pull, with every
// product's error joined.
func Pull(ctx context.Context, c *pull.Client, base string, names []string) ([]pulldata.EOLProduct, error) {
	names = slices.Compact(slices.Sorted(slices.Values(names)))
	out := make([]pulldata.EOLProduct, len(names))
	errs := make([]error, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Go(func() { out[i], errs[i] = product(ctx, c, base, name) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

func product(ctx context.Context, c *pull.Client, base, name string) (pulldata.EOLProduct, error) {
	p := pulldata.EOLProduct{Name: name}
	var resp productResponse
	_, err := c.GetJSON(ctx, strings.TrimSuffix(base, "/")+"/products/"+url.PathEscape(name), &resp)
	var se *pull.StatusError
	if errors.As(err, &se) && se.Status == http.StatusNotFound {
		p.Unknown = true
		return p, nil
	}
	if err != nil {
		return p, err
	}
	if resp.Result.Name == "" {
		return p, fmt.Errorf("%s: the answer about %s holds no product (schema %q); is the address an endoflife.date API v1?", c.Source, name, resp.SchemaVersion)
	}
	p.Label, p.Link = resp.Result.Label, resp.Result.Links.HTML
	for _, r := range resp.Result.Releases {
		rel := pulldata.EOLRelease{Name: r.Name, ReleaseDate: r.ReleaseDate, EOASFrom: deref(r.EOASFrom), IsEOL: r.IsEOL, EOLFrom: deref(r.EOLFrom), IsMaintained: r.IsMaintained}
		if r.Latest != nil {
			rel.Latest, rel.LatestDate = r.Latest.Name, deref(r.Latest.Date)
		}
		p.Releases = append(p.Releases, rel)
	}
	return p, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// productList is the answer of GET /products (schema
// ProductListResponse): every product's summary.
type productList struct {
	Result []struct {
		Name    string   `json:"name"`
		Aliases []string `json:"aliases"`
	} `json:"result"`
}

// Products returns the names of every product endoflife.date knows,
// aliases included (GET /products), for a did-you-mean on a component
// whose product it does not know.
func Products(ctx context.Context, c *pull.Client, base string) ([]string, error) {
	var list productList
	if _, err := c.GetJSON(ctx, strings.TrimSuffix(base, "/")+"/products", &list); err != nil {
		return nil, err
	}
	var names []string
	for _, p := range list.Result {
		names = append(names, p.Name)
		names = append(names, p.Aliases...)
	}
	return names, nil
}
