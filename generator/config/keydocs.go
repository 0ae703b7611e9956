package config

import "strings"

// KeyDoc documents one handbook.yaml key: the manual's table of keys is
// generated from KeyDocs (internal/docgen), and the parser's list of
// known keys is taken from it, so a key cannot be read without being
// documented, nor documented without being read.
type KeyDoc struct {
	// Key is the key's name; a key inside a section is written with
	// its section, e.g. limits.page_size.
	Key string
	// Default is the value without the key, as the manual shows it.
	Default string
	// Meaning says what the key does, in Markdown; links are
	// root-relative paths of the manual's pages (/project/versions.md).
	Meaning string
}

// KeyDocs are handbook.yaml's keys in the order of Keys, each section's
// keys after it.
var KeyDocs = []KeyDoc{
	{"title", "`Handbook`", "the site's name"},
	{"base_url", "none", "where the site is published, e.g. `https://intranet.example/manual/`; used for `sitemap.xml` and the 404 page (pages link relatively and need no base URL)"},
	{"language", "`en`", "the site's language, `en`, `nl`, `fr` or `de`: its UI labels (`templates/i18n/<code>.yaml`, which a project's own file of that name overrides key by key, as `strings:` does), and the search's stemmer for pages without `lang`"},
	{"footer", "none", "text at the bottom of every page"},
	{"strings", "none", "overrides of UI strings by key (see `templates/i18n/en.yaml`)"},
	{"print_max_pages", "`500`", "the most pages a section's print view holds; larger sections link to their subsections' print views"},
	{"inventory", "see below", "where the inventory files are and which kinds they may use"},
	{"inventory.paths", "`[inventory/**/*.{yaml,yml,json,csv}]`", "doublestar globs of inventory files, relative to the project"},
	{"inventory.kinds", "none", "item kinds besides the built-in ones"},
	{"audit", "see below", "the audit policy (see [Audit](/governance/audit.md))"},
	{"audit.review_due_days", "`30`", "a review due within this many days is an `info` finding"},
	{"audit.min_owners", "`2`", "the fewest owners an item and a team should have"},
	{"audit.inactive_days", "`180`", "an active item without activity for longer is reported"},
	{"audit.cert_warn_days", "`21`", "a certificate expiring within this many days is a warning"},
	{"audit.cert_error_days", "`7`", "a certificate expiring within this many days (or expired) is an error"},
	{"audit.stale_days", "`7`", "snapshots older than this many days are stale"},
	{"audit.eol_warn_days", "`90`", "a component whose release cycle leaves security support within this many days is a warning"},
	{"audit.patch_days", "`30`", "a component may stay behind the latest patch of its release cycle this many days after that patch's release"},
	{"audit.patch_days_by_kind", "none", "`patch_days` per item kind, e.g. `webshop: 14`; a component's own `patch_within:` wins over both"},
	{"audit.sharing_by_sensitivity", "`public: anyone`, `internal: existing-guests`, `confidential` and `secret`: `disabled`", "the most open sharing each sensitivity allows"},
	{"audit.naming", "none", "a Go regular expression per kind that names of that kind must match, e.g. `sharepoint-site: '^(HR|OPS|FIN|IT) - .+$'`"},
	{"audit.parent_kinds", "`channel: [team]`, `sharepoint-site: [sharepoint-site]`, `onedrive: [sharepoint-site]`", "the kinds an item's parent may have, per kind"},
	{"audit.severity", "each rule's own", "a rule's severity instead of its default, e.g. `page-broken-link: error`, in `handbook build` and `handbook audit` alike, for every finding of the rule (also those a rule grades, such as an expired certificate); a rule id no rule has is an error at its line"},
	{"audit.disable", "none", "rules turned off in `handbook build` and `handbook audit` alike, e.g. `[item-unnamed]`"},
	{"audit.waivers", "none", "accepted findings, each with `rule`, `subject` (an item id, or a page's path or URL), `reason`, `accepted_by` and `expires`; an accepted finding is shown as accepted, never hidden"},
	{"audit.incident_open_days", "`7`", "an incident open longer is reported"},
	{"audit.attestation", "none", "how often owners attest their active items (`handbook attest`): `kinds` the kinds attested (default every kind), `interval` for every item, `by_kind` and `by_sensitivity` per kind and sensitivity (e.g. `{interval: 1y, by_sensitivity: {confidential: 90d}}`; the shortest that applies counts), and `grace`, how long an overdue attestation waits before `handbook notify` escalates it (see [Attestation](/governance/attestation.md))"},
	{"audit.runbook_sections", "`[Prerequisites, Steps, Verification, Rollback]`", "the sections every `kind: runbook` page must have"},
	{"audit.change_approval_sensitivities", "`[confidential, secret]`", "changes to items of these sensitivities need `approved_by`"},
	{"notify", "see below", "how `handbook notify` reminds owners of their reviews and attestations (see [Notifications](/governance/notifications.md))"},
	{"notify.within", "`14d`", "a digest holds what falls due within this interval, and everything overdue"},
	{"notify.every", "`7d`", "a reminder of one due date is not sent to one recipient again within this interval"},
	{"notify.smtp", "none", "the mail server, sent to with STARTTLS: `host`, `port` (default 587), `from`, `username_env` and `password_env` (the names of the variables holding the credentials), `ca_file` (a certificate authority to trust besides the system's)"},
	{"notify.channels", "none", "owners (addresses or groups) whose digest goes to a Teams channel instead of mail, each to the variable holding the channel's Workflows webhook address, e.g. `{servicedesk: TEAMS_SERVICEDESK_WEBHOOK}`"},
	{"sources", "a `web` source", "the platforms `handbook pull` reads (see [Pulls](/pulls/_index.md))"},
	{"repository", "none", "where the project's repository is browsed, for the \"Edit this page\" and \"View history\" links"},
	{"repository.url", "none", "the repository's web address, e.g. `https://github.com/org/manual`; pages get \"Edit this page\" and \"View history\" links (patterns for GitHub, GitLab, Azure DevOps and Bitbucket, chosen by the host)"},
	{"repository.branch", "`main`", "the branch those links open"},
	{"repository.edit_url", "by host", "a custom link template for \"Edit this page\" with `{url}`, `{branch}` and `{path}` (the file's path in the repository), for other hosts"},
	{"repository.history_url", "by host", "the same for \"View history\""},
	{"page_history", "`10`", "how many commits a page's history lists (`0`: none)"},
	{"versions", "none", "versions built side by side: `name`, `ref` (tag, branch or commit; none for the working tree), `latest` (exactly one), `aliases` (see [Versions](/publishing/versions.md))"},
	{"limits", "see below", "bounds on what one build reads and converts (see [Hostile input](/security.md))"},
	{"limits.page_size", "`4MiB`", "the largest Markdown file read (`512KiB`, `8MiB` or a number of bytes); a larger one is an error naming it"},
	{"limits.render_time", "`5s`", "the longest one page's conversion may take; a page over it is an error naming it"},
	{"limits.build_time", "`10m`", "the longest the conversion of all pages may take; past it the rest are not converted, and one error names the slowest pages"},
	{"limits.tags_per_page", "`100`", "the most tags one page may carry (each tag is a page of the site); more is an error at the page's `tags:` line"},
	{"limits.inventory_items", "`200000`", "the most items of all inventory files (each is a page); the file that crosses it is an error, and later files are not read"},
	{"limits.inventory_size", "`64MiB`", "the largest inventory file read; a larger one is an error naming it"},
	{"languages", "none", "e.g. `[en, nl, fr]`: one manual in several languages, the first the default, published at the root and each other under its code (`public/nl/`); a page's language is its file's suffix (`guest-access.nl.md`), else its `lang`, else the default (see [Translations](/project/translations.md)); the first is also `language`"},
	{"audiences", "none", "e.g. `[staff, admin]`: `handbook build` builds one site per audience into `public/<audience>/` (see [Audiences and privacy](/governance/audiences-and-privacy.md)); a page's `audience:` value not among them is a warning with a did-you-mean (an error under `--strict`)"},
	{"privacy", "`as-given`", "how the published inventory, audit and search index show people: `as-given`, `names` (display names, no e-mail addresses) or `pseudonyms`"},
	{"content_dir", "`content`", "the folder of the pages, inside the project: `docs` for an MkDocs or Docusaurus project, the DocFX folder of a Learn repository (`SharePoint/SharePointOnline`), so an existing manual builds where it is"},
	{"static_dirs", "none", "project folders whose files are published at the site root beside the pages', e.g. `[static]` for Docusaurus (`static/img/x.png` is reached as `/img/x.png`); the content's own file wins a clash, with a warning"},
	{"generated", "none", "folders for the generated sections, e.g. `{search: find/, assets: _static/}` (keys: " + "`" + strings.Join(GeneratedSections, "`, `") + "`" + "); a folder the content uses, or one overlapping another section, is an error at its line"},
	{"links", "none", "how links are read"},
	{"links.external", "none", "root-relative link prefixes that belong to another site, e.g. `- {prefix: /powershell/, base: https://learn.microsoft.com}`: a link `/powershell/x?v=1#y` becomes `https://learn.microsoft.com/powershell/x?v=1#y` and is not checked (`prefix` starts with `/`; without a trailing `/` it matches whole segments; `base` is an http(s) address)"},
	{"unsanitised_files", "none", "globs (relative to the project, `**` allowed) of static `.html`, `.htm` and `.svg` files published exactly as they are, scripts included, e.g. `[content/tools/*.html]`; every other such file is sanitised. Name only files whose authors you trust with the site's origin (its cookies and its readers' sessions); a glob naming no such file is a warning"},
	{"front_matter_keys", "none", "the project's own front-matter keys, e.g. `[uid, ms.date, ms.topic]`: once declared, every key that is neither one handbook reads nor declared is a warning (an error under `--strict`), not only a key close to one handbook reads"},
	{"platforms", "none", "the values a page's `platform:` may take, e.g. `[sharepoint, teams, website, jira]`: once declared, every other value is a warning (an error under `--strict`) with a did-you-mean or the declared list. Without it, only a value close to a platform of the inventory's kinds (`sharepoint`, `confluence`, `teams`, `onedrive`, `website`, `webshop` and `inventory.kinds`) is a warning"},
	{"logo", "none", "an image of the project (`.svg`, `.png`, `.jpg`, `.webp`, `.gif`), e.g. `assets/logo.svg`, shown before the title in the header with the title as its alt text; published by content hash (an SVG sanitised like every static SVG)"},
	{"favicon", "built-in", "the browser tab's icon, a project file (`.svg`, `.png` or `.ico`); an `.ico` is published as `/favicon.ico`. Without it the built-in icon is published as `favicon.svg` and `favicon.ico` at the site root (a content file of that name wins)"},
	{"accent_color", "built-in blue", "the colour of links and highlights, in quotes (`\"#0a7d4f\"`: a bare `#` starts a YAML comment). The dark theme gets a lighter shade of it unless `accent_color_dark` names one; a colour whose links fail WCAG AA contrast (4.5:1) on the theme's background is a warning naming the nearest shade that passes"},
	{"accent_color_dark", "derived", "the accent colour of the dark theme"},
}

// Keys lists the top-level keys handbook.yaml accepts, from KeyDocs:
// the parser rejects every other key, naming these.
var Keys = sectionKeys("")

// sectionKeys returns the keys of KeyDocs inside section ("" for the
// top level), without the section's name.
func sectionKeys(section string) []string {
	var keys []string
	for _, d := range KeyDocs {
		name, ok := strings.CutPrefix(d.Key, section)
		if section != "" {
			if !ok || !strings.HasPrefix(name, ".") {
				continue
			}
			name = name[1:]
		}
		if !strings.Contains(name, ".") {
			keys = append(keys, name)
		}
	}
	return keys
}

// documented returns key when KeyDocs documents it in section ("" for
// the top level), else "": the parsers switch on it, so that a key the
// manual does not list falls to their "unknown key" case whatever cases
// they have, and reading a new key means documenting it.
func documented(section, key string) string {
	name := key
	if section != "" {
		name = section + "." + key
	}
	for _, d := range KeyDocs {
		if d.Key == name {
			return key
		}
	}
	return ""
}
