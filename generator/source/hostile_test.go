package source_test

// hostileParseCases are front matter shapes that editors and attackers
// produce: encodings and terminators that must work, and values that must
// be refused (exponential aliases, paths that leave the output).
var hostileParseCases = []parseCase{
	{
		name: "byte order mark and CRLF together",
		src:  "\ufeff---\r\ntitle: A\r\n---\r\nBody.\r\n",
		want: &parseWant{title: "A", bodyLine: 4, body: "Body.\r\n"},
	},
	{
		name: "YAML document end marker closes the front matter",
		src:  "---\ntitle: A\n...\nBody.\n",
		want: &parseWant{title: "A", bodyLine: 4, body: "Body.\n"},
	},
	{
		name: "document end marker with CRLF",
		src:  "---\r\ntitle: A\r\n...\r\nBody with --- inside.\r\n---\r\n",
		want: &parseWant{title: "A", bodyLine: 4, body: "Body with --- inside.\r\n---\r\n"},
	},
	{
		name: "a ... line in the body is text",
		src:  "---\ntitle: A\n---\nWait\n...\n",
		want: &parseWant{title: "A", bodyLine: 4, body: "Wait\n...\n"},
	},
	{
		name: "only front matter, no body",
		src:  "---\ntitle: A\n---\n",
		want: &parseWant{title: "A", bodyLine: 4},
	},
	{
		// A billion laughs: nine aliases per level expand to 9^7 strings.
		// Refused at the first alias, before anything is expanded.
		name: "YAML aliases are refused",
		src: "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" +
			"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n" +
			"e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n" +
			"g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n---\nbody\n",
		wantErr: []string{testPath + ":3:8:", "YAML aliases like *a are not supported"},
	},
	{
		name:    "aliases nested in one value are refused",
		src:     "---\nx: {a: &a [1, 2], b: [*a, *a]}\n---\n",
		wantErr: []string{testPath + ":2:", "YAML aliases"},
	},
	{
		name: "slug and url",
		src:  "---\nslug: restore\nurl: sharepoint/restore-a-site\n---\n",
		want: &parseWant{slug: "restore", url: "sharepoint/restore-a-site/", bodyLine: 5},
	},
	{name: "slug with ..", src: "---\nslug: ..\n---\n", wantErr: []string{testPath + ":2:7:", "climbs out of the site"}},
	{name: "slug with a slash", src: "---\nslug: a/b\n---\n", wantErr: []string{testPath + ":2:7:", "holds a '/'"}},
	{name: "url with ..", src: "---\nurl: a/../../etc/\n---\n", wantErr: []string{testPath + ":2:6:", "climbs out of the site"}},
	{name: "absolute url", src: "---\nurl: /etc/passwd\n---\n", wantErr: []string{testPath + ":2:6:", "is an absolute path"}},
	{name: "drive letter url", src: "---\nurl: 'C:\\Windows'\n---\n", wantErr: []string{testPath + ":2:6:", "absolute path"}},
	{name: "url with backslashes", src: "---\nurl: 'a\\..\\..\\b'\n---\n", wantErr: []string{testPath + ":2:6:", "backslash"}},
	{name: "encoded traversal", src: "---\nurl: a/%2e%2e/%2E%2E/b\n---\n", wantErr: []string{testPath + ":2:6:", "once decoded, climbs out"}},
	{name: "double-encoded traversal", src: "---\nslug: '%252e%252e'\n---\n", wantErr: []string{testPath + ":2:7:", "once decoded, climbs out"}},
	{name: "NUL byte in a slug", src: "---\nslug: \"a\\0b\"\n---\n", wantErr: []string{testPath + ":2:7:", "NUL byte"}},
	{name: "encoded NUL byte", src: "---\nurl: a%00b\n---\n", wantErr: []string{testPath + ":2:6:", "NUL byte"}},
	{name: "url with a scheme", src: "---\nurl: https://example.org/x/\n---\n", wantErr: []string{testPath + ":2:6:", "is an address"}},
	{name: "empty slug", src: "---\nslug: ''\n---\n", wantErr: []string{testPath + ":2:7:", "is empty"}},
	{name: "a NUL in a title", src: "---\ntitle: \"A\\0B\"\n---\n", wantErr: []string{testPath + ":2:8:", "title holds the control character U+0000"}},
	{name: "an escape sequence in an owner", src: "---\nowner: \"a\\e[31mb\"\n---\n", wantErr: []string{testPath + ":2:8:", "owner holds the control character U+001B"}},
	{name: "a newline in a description is fine", src: "---\ndescription: \"a\\nb\"\n---\n", want: &parseWant{bodyLine: 4}},
	{name: "year 0000", src: "---\nreviewed: 0000-01-01\n---\n", wantErr: []string{testPath + ":2:11:", "reviewed 0000-01-01 is not a plausible date (the year must be from 1970 to 2199)"}},
	{name: "year 2999", src: "---\nupdated: 2999-12-31\n---\n", wantErr: []string{testPath + ":2:10:", "not a plausible date"}},
	{name: "an interval that overflows", src: "---\nreview_interval: 9223372036854775807d\n---\n", wantErr: []string{testPath + ":2:18:", "is longer than 10 years, the longest review interval"}},
	{name: "an interval beyond int64", src: "---\nreview_interval: 99999999999999999999y\n---\n", wantErr: []string{testPath + ":2:18:", "is longer than 10 years"}},
	{name: "11 years", src: "---\nreview_interval: 11y\n---\n", wantErr: []string{testPath + ":2:18:", "is longer than 10 years"}},
	{name: "120 months is fine", src: "---\nreview_interval: 120m\n---\n", want: &parseWant{interval: "120m", bodyLine: 4}},
	// Markup in an address would end the href it is written into.
	{name: "markup in a slug", src: "---\nslug: 'y\"><svg onload=alert(1)>'\n---\n", wantErr: []string{testPath + ":2:7:", `holds '"', which has no place in an address`}},
	{name: "a quote in a url", src: "---\nurl: \"it's/here\"\n---\n", wantErr: []string{testPath + ":2:6:", `holds '\''`}},
	{name: "an angle bracket in a root slug", src: "---\nslug: /a/<b>\n---\n", wantErr: []string{testPath + ":2:7:", `holds '<'`}},
	{name: "an encoded quote", src: "---\nurl: a%22onmouseover\n---\n", wantErr: []string{testPath + ":2:6:", `once decoded, holds '"'`}},
	{name: "a backtick", src: "---\nslug: a`b\n---\n", wantErr: []string{testPath + ":2:7:", "holds '`'"}},
	// A segment starting with a dot: .git/hooks/ in the output, hidden files.
	{name: "a .git url", src: "---\nurl: .git/hooks/\n---\n", wantErr: []string{testPath + ":2:6:", `url ".git/hooks/" has the segment ".git" starting with '.', which web servers hide and deploys use; write a path below the site root like sharepoint/restore-a-site/`}},
	{name: "a hidden slug", src: "---\nslug: .htaccess\n---\n", wantErr: []string{testPath + ":2:7:", `has the segment ".htaccess" starting with '.'`}},
	{name: "a dotted segment deeper", src: "---\nurl: docs/.well-known/x/\n---\n", wantErr: []string{testPath + ":2:6:", `has the segment ".well-known" starting with '.'`}},
	{name: "an encoded dot", src: "---\nurl: a/%2egit/\n---\n", wantErr: []string{testPath + ":2:6:", `once decoded, has the segment ".git"`}},
}
