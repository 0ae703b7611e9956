package source

// KeyDoc documents one front-matter key handbook reads. The manual's
// tables of front-matter and record keys are generated from KeyDocs
// (internal/docgen), whose test fails when a key of ReadKeys has none.
type KeyDoc struct {
	Key string
	// Kind is the kind of page the key belongs to: "" for every page,
	// KindIncident, KindChange or KindRequest for a record's field,
	// "records" for a field of every kind of record.
	Kind string
	// Type is the kind of value, in Markdown.
	Type string
	// Meaning says what the key does, in Markdown; links are
	// root-relative paths of the manual's pages.
	Meaning string
}

// KeyDocs are the keys of KnownKeys in its order, then the records'
// fields and the other keys handbook reads.
var KeyDocs = []KeyDoc{
	{"title", "", "text", "the page title; default: the first `# heading`, else the file name"},
	{"description", "", "text", "one sentence, shown under the title and in listings"},
	{"owner", "", "text", "the person or team responsible for the page"},
	{"reviewed", "", "date `YYYY-MM-DD`", "when the page was last reviewed"},
	{"updated", "", "date `YYYY-MM-DD`", "when the page last changed, for pages outside Git or in a shallow clone (Git's history takes precedence)"},
	{"review_interval", "", "`90d`, `6w`, `6m`, `1y`", "how often it must be reviewed; with `reviewed` gives the next review date, flagged when overdue"},
	{"audience", "", "list", "who the page is for, e.g. `[admin, staff]`; a page without one is for everyone (see [Audiences and privacy](/governance/audiences-and-privacy.md)); when `handbook.yaml` declares `audiences:`, a value not among them is a warning with a did-you-mean"},
	{"platform", "", "text", "e.g. `sharepoint`, `confluence`, `teams`, `website`; a value close to a known platform (`sharepont`), or not among `platforms:` when `handbook.yaml` declares them, is a warning with a did-you-mean"},
	{"tags", "", "list", "each tag gets a page under `tags/`"},
	{"weight", "", "whole number", "order within the section: weighted pages first, lowest first, then by title"},
	{"draft", "", "true/false", "left out of the build unless `--drafts`"},
	{"lang", "", "language code", "the page's language, e.g. `nl`"},
	{"items", "", "list of ids", "the inventory items the page is about, e.g. `[hr-site, ops-space]`; each item's page lists the procedures that name it (and, for records, the items affected or changed). An unknown id is an error at this line"},
	{"kind", "", "`page`, `runbook`, `incident`, `change`, `request`", "what the page is (default: a plain page, `page`); see [Records](/project/records.md). `kind: page` opts a page out of its folder's cascade"},
	{"cascade", "", "mapping", "on a section's own page (`_index.md`): front matter its folder passes down to the pages below it, e.g. `cascade: {kind: incident}`; only `kind` can be cascaded"},
	{"slug", "", "text", "the last segment of the page's URL instead of the file name, e.g. `restore`"},
	{"url", "", "path", "the page's whole URL below the site root, e.g. `sharepoint/restore-a-site/`"},
	{"aliases", "", "list of paths", "old addresses of the page, e.g. `[/sharepoint/restore/, old/restore.html]`; each is published as a redirect page to it, so bookmarks and links to the old address keep working (see [Aliases](#aliases))"},
	{"translation_key", "", "text", "joins the page to its translations when their files are named differently; without it, `name.nl.md` is the Dutch translation of `name.md` (see [Translations](/project/translations.md))"},
	{"translated_from", "", "commit hash", "on a translation: the commit of the source page it was translated from, when the translation's own last commit is not that moment; the build counts the source's commits since it"},
	{"sidebar_position", "", "number", "Docusaurus's order of the page, used when it has no `weight`"},

	{"started", KindIncident, "date or date and time", "when the impact began: `2026-11-03`, `2026-11-03 07:42`, or RFC 3339 with an offset; a time without an offset is taken as written. Required"},
	{"resolved", KindIncident, "date or date and time", "when it was resolved; not before `started`. Leave it out while the incident is open"},
	{"severity", KindIncident, "`SEV1`–`SEV4`", "`critical`, `high`, `medium`, `low` are read as SEV1–SEV4. Required"},
	{"status", KindIncident, "`open`, `investigating`, `mitigated`, `monitoring`, `resolved`, `closed`", "default `resolved` with a `resolved` date, else `open`; `resolved`/`closed` need the date, the others may not have it"},
	{"planned", KindChange, "date or date and time", "when the change is to be made"},
	{"done", KindChange, "date or date and time", "when it was made; a change needs `planned` or `done`"},
	{"status", KindChange, "`planned`, `in-progress`, `done`, `rolled-back`, `cancelled`", "default `done` with a `done` date, else `planned`; `done`/`rolled-back` need the date, `planned`/`in-progress` may not have it"},
	{"risk", KindChange, "`low`, `medium`, `high`", ""},
	{"rollback", KindChange, "text", "how to undo the change, when the page has no \"Rollback\" section"},
	{"approved_by", KindChange, "list", "who approved it"},
	{"opened", KindRequest, "date or date and time", "when the request was raised with the provider. Required"},
	{"answered", KindRequest, "date or date and time", "when the provider first answered; the response time is counted to it, in the SLA's hours"},
	{"closed", KindRequest, "date or date and time", "when the request was closed (or cancelled); the resolution time is counted to it"},
	{"status", KindRequest, "`open`, `answered`, `closed`, `cancelled`", "default `closed` with a `closed` date, else `answered` with an `answered` date, else `open`; `closed`/`cancelled` need the `closed` date"},
	{"priority", KindRequest, "text", "the priority the request was raised with, one of the provider's SLA priorities (`P1`); picks the response and resolution targets"},
	{"incident", KindRequest, "path or list of paths", "the incident records the request serves: paths of their Markdown files, relative to the request or from the content folder with a leading `/`; the incident shows the request, and the timeline links it"},
	{"change", KindRequest, "path or list of paths", "the change records the request serves, written as for `incident`; the change log links the request"},
	{"provider", "records", "inventory id", "the provider item the record involves (an item of kind `provider`), e.g. `hostned`; required on a request. An unknown id is an error with a did-you-mean; an old free-text value (`HostNed P1 HN-2026-118734`) is a warning that says how to migrate"},
	{"provider_ticket", "records", "text", "the provider's reference for the ticket, e.g. `P1 HN-2026-118734`"},
	{"items", "records", "list of ids", "the inventory items affected, changed or concerned"},
}
