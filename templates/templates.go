// Package templates embeds handbook's default page templates and UI
// translation tables. A site project's own templates/ folder overrides
// them file by file.
package templates

import "embed"

// FS holds the default templates (*.html, partials/*.html) and the
// translation tables (i18n/*.yaml).
//
//go:embed *.html partials/*.html i18n/*.yaml
var FS embed.FS
