package config

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/handbook-dev/handbook/generator/internal/yamlx"
)

// Source is a platform handbook pulls metadata from (sources: in
// handbook.yaml).
type Source struct {
	Name string
	Type string // web, eol, confluence-cloud, confluence-dc, m365
	// URL is the platform's address (Confluence; for eol, an
	// endoflife.date API v1 other than the public one).
	URL string
	// EmailEnv and TokenEnv name the environment variables holding the
	// credentials; the values never appear in handbook.yaml.
	EmailEnv, TokenEnv string
	// Tenant, ClientIDEnv and ClientSecretEnv configure Microsoft Graph
	// (an app registration with the client-credentials grant).
	Tenant, ClientIDEnv, ClientSecretEnv string
	// GraphURL and LoginURL replace Microsoft's endpoints (a national
	// cloud, or a local fake for the demo).
	GraphURL, LoginURL string
	// Concurrency bounds the requests (API sources) or checks (web) in
	// flight; Timeout and MaxResponse tune web checks.
	Concurrency int
	Timeout     time.Duration
	MaxResponse time.Duration
	// Checks are web checks besides the inventory's websites and webshops.
	Checks []WebCheck
	// SkipInventory leaves the inventory's websites to other sources
	// (inventory: false).
	SkipInventory bool
	// CAFile is a PEM bundle of extra trusted roots (an internal CA),
	// relative to the project.
	CAFile string
	// SkipSharingLinks leaves out the walk of Microsoft 365 document
	// libraries for shared items (sharing_links: false).
	SkipSharingLinks bool
	// ConnectTo maps a web check's host:port to the host:port its
	// connections go to (connect_to:, like curl's --connect-to); the
	// checks still verify the certificate for the site's own name.
	ConnectTo map[string]string
	Line      int
}

// WebCheck is an extra website check.
type WebCheck struct {
	ID, URL, HTTPURL, Match string
	MaxResponse             time.Duration
}

// SourceTypes lists the source types this version can pull.
var SourceTypes = []string{"web", "eol", "confluence-cloud", "confluence-dc", "m365"}

func sources(e yamlx.Entry) ([]Source, error) {
	seq, err := yamlx.Sequence(e.Value)
	if err != nil {
		return nil, e.Errorf("sources must be a list of {name, type, ...}")
	}
	var out []Source
	seen := map[string]bool{}
	for _, n := range seq {
		entries, err := yamlx.Entries(n)
		if err != nil {
			return nil, err
		}
		s := Source{}
		var connectLine yamlx.Entry // the connect_to key, for errors
		if len(entries) > 0 {
			s.Line = entries[0].Line
		}
		for _, se := range entries {
			var err error
			switch se.Key {
			case "name":
				s.Name, err = se.String()
			case "type":
				if s.Type, err = se.String(); err == nil && !oneOf(s.Type, SourceTypes) {
					err = se.Errorf("type %q is not a source type this version can pull; use one of: %s", s.Type, strings.Join(SourceTypes, ", "))
				}
			case "url":
				if s.URL, err = se.String(); err == nil {
					if u, perr := url.Parse(s.URL); perr != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
						err = se.Errorf("url %q is not an http(s) address", s.URL)
					}
				}
			case "tenant":
				s.Tenant, err = se.String()
			case "client_id_env":
				s.ClientIDEnv, err = se.String()
			case "client_secret_env":
				s.ClientSecretEnv, err = se.String()
			case "graph_url":
				s.GraphURL, err = se.String()
			case "login_url":
				s.LoginURL, err = se.String()
			case "email_env":
				s.EmailEnv, err = se.String()
			case "token_env":
				s.TokenEnv, err = se.String()
			case "concurrency":
				s.Concurrency, err = nonNegative(se)
			case "timeout":
				s.Timeout, err = duration(se)
			case "max_response":
				s.MaxResponse, err = duration(se)
			case "checks":
				s.Checks, err = webChecks(se)
			case "inventory":
				var include bool
				include, err = se.Bool()
				s.SkipInventory = !include
			case "ca_file":
				s.CAFile, err = se.String()
			case "sharing_links":
				var walk bool
				walk, err = se.Bool()
				s.SkipSharingLinks = !walk
			case "connect_to":
				s.ConnectTo, err = connectTo(se)
				connectLine = se
			default:
				err = &yamlx.Error{Line: se.Line, Col: se.Col, Msg: fmt.Sprintf("unknown source key %q; known keys are: name, type, url, email_env, token_env, tenant, client_id_env, client_secret_env, graph_url, login_url, concurrency, timeout, max_response, checks, inventory, ca_file, sharing_links, connect_to", se.Key)}
			}
			if err != nil {
				return nil, err
			}
		}
		if s.Name == "" || s.Type == "" {
			return nil, &yamlx.Error{Line: s.Line, Col: 1, Msg: "a source needs a name and a type"}
		}
		if s.ConnectTo != nil && s.Type != "web" {
			return nil, &yamlx.Error{Line: connectLine.Line, Col: connectLine.Col, Msg: fmt.Sprintf("connect_to applies to web sources; source %s is of type %s", s.Name, s.Type)}
		}
		if s.Type == "m365" && (s.Tenant == "" || s.ClientIDEnv == "" || s.ClientSecretEnv == "") {
			return nil, &yamlx.Error{Line: s.Line, Col: 1, Msg: fmt.Sprintf("source %s needs tenant, client_id_env and client_secret_env", s.Name)}
		}
		if strings.HasPrefix(s.Type, "confluence") && (s.URL == "" || s.TokenEnv == "" || (s.Type == "confluence-cloud" && s.EmailEnv == "")) {
			return nil, &yamlx.Error{Line: s.Line, Col: 1, Msg: fmt.Sprintf("source %s needs url and token_env%s", s.Name, map[bool]string{true: " and email_env", false: ""}[s.Type == "confluence-cloud"])}
		}
		if seen[s.Name] {
			return nil, &yamlx.Error{Line: s.Line, Col: 1, Msg: fmt.Sprintf("two sources are named %q", s.Name)}
		}
		seen[s.Name] = true
		out = append(out, s)
	}
	return out, nil
}

// connectTo reads a web source's connect_to: mapping, one
// "name:port: address:port" line per site, each checked at its line.
func connectTo(e yamlx.Entry) (map[string]string, error) {
	entries, err := yamlx.Entries(e.Value)
	if err != nil || len(entries) == 0 {
		return nil, e.Errorf("connect_to must map host:port to host:port, e.g. www.example.org:443: 127.0.0.1:8443")
	}
	out := make(map[string]string, len(entries))
	for _, ce := range entries {
		to, err := ce.String()
		if err != nil {
			return nil, err
		}
		if msg := hostPort(ce.Key); msg != "" {
			return nil, &yamlx.Error{Line: ce.Line, Col: ce.Col, Msg: fmt.Sprintf("connect_to: %q %s; write the site as host:port, e.g. www.example.org:443", ce.Key, msg)}
		}
		if msg := hostPort(to); msg != "" {
			return nil, ce.Errorf("connect_to: %s goes to %q, which %s; write the address as host:port, e.g. 127.0.0.1:8443", ce.Key, to, msg)
		}
		out[strings.ToLower(ce.Key)] = to
	}
	return out, nil
}

// hostPort says what is wrong with a host:port, or "" when nothing is.
func hostPort(s string) string {
	host, port, err := net.SplitHostPort(strings.TrimSpace(s))
	if err != nil {
		return "has no port"
	}
	if host == "" {
		return "has no host"
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return "has no port number from 1 to 65535"
	}
	return ""
}

func duration(e yamlx.Entry) (time.Duration, error) {
	s, err := e.String()
	if err == nil {
		var d time.Duration
		if d, err = time.ParseDuration(strings.TrimSpace(s)); err == nil && d > 0 {
			return d, nil
		}
	}
	return 0, e.Errorf("%s must be a duration such as 15s or 500ms", e.Key)
}

func webChecks(e yamlx.Entry) ([]WebCheck, error) {
	seq, err := yamlx.Sequence(e.Value)
	if err != nil {
		return nil, e.Errorf("checks must be a list of {id, url, match, ...}")
	}
	var out []WebCheck
	for _, n := range seq {
		entries, err := yamlx.Entries(n)
		if err != nil {
			return nil, err
		}
		var c WebCheck
		line := 0
		for _, ce := range entries {
			if line == 0 {
				line = ce.Line
			}
			var err error
			switch ce.Key {
			case "id", "name":
				c.ID, err = ce.String()
			case "url":
				if c.URL, err = ce.String(); err == nil {
					if u, perr := url.Parse(c.URL); perr != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
						err = ce.Errorf("url %q is not an http(s) address", c.URL)
					}
				}
			case "http_url":
				c.HTTPURL, err = ce.String()
			case "match":
				c.Match, err = ce.String()
			case "max_response":
				c.MaxResponse, err = duration(ce)
			default:
				err = &yamlx.Error{Line: ce.Line, Col: ce.Col, Msg: fmt.Sprintf("unknown check key %q; known keys are: id, url, http_url, match, max_response", ce.Key)}
			}
			if err != nil {
				return nil, err
			}
		}
		if c.ID == "" || c.URL == "" {
			return nil, &yamlx.Error{Line: line, Col: 1, Msg: "a check needs an id and a url"}
		}
		out = append(out, c)
	}
	return out, nil
}
