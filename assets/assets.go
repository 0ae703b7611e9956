// Package assets embeds the default stylesheet and script of the site. A
// site project's own assets/ folder overrides them file by file; esbuild
// bundles and minifies them into content-hashed files.
package assets

import "embed"

// FS holds the default assets.
//
//go:embed *.css *.js
var FS embed.FS

// Icons holds the built-in favicon, published at the site root as
// favicon.svg and favicon.ico (which browsers ask for unbidden) unless
// the content or handbook.yaml's favicon gives the site its own.
//
//go:embed favicon.svg favicon.ico
var Icons embed.FS
