// Package assets embeds the default stylesheet and script of the site. A
// site project's own assets/ folder overrides them file by file; esbuild
// bundles and minifies them into content-hashed files.
package assets

import "embed"

// FS holds the default assets.
//
//go:embed *.css *.js
var FS embed.FS
