// Command genlearn writes a deterministic documentation set shaped like a
// DocFX / Microsoft Learn repository, for `make bench-real`: a handbook
// project whose pages live in a nested folder beside docfx.json, with
// Learn front matter, DocFX includes (some nested), <a name> anchors and
// links to them, > [!NOTE] alerts, :::image::: blocks, an image per page
// in media/, root-relative links to the publisher's other sites (declared
// external in handbook.yaml) and links between pages.
//
//	go run ./internal/genlearn -n 1200 -out /tmp/learn
//
// The floor program of ../shared/bench converts the same .md files (the
// includes as plain text), which is what the benchmark compares against.
package main

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"flag"
	"fmt"
	"hash/crc32"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
)

// ContentDir is where the pages go inside the project, as in the
// SharePoint documentation repository's layout.
const ContentDir = "SharePoint/SharePointOnline"

var areas = []string{"sharing", "sites", "storage", "search", "migration", "hubs", "governance", "onedrive"}

var words = strings.Fields(`site sharing guest external organization tenant admin center setting policy
permission group owner member library list page hub navigation storage quota limit retention label
sensitivity container migration tool content version history restore delete recycle search crawl
schema managed property query result source audit log report usage activity domain allow block
link anyone specific people expiration password sync client file folder document template theme`)

const includesN = 40

func main() {
	n := flag.Int("n", 1200, "number of pages")
	out := flag.String("out", "learn", "project folder to write")
	seed := flag.Int64("seed", 1, "random seed")
	flag.Parse()
	r := rand.New(rand.NewSource(*seed))
	root := filepath.Join(*out, filepath.FromSlash(ContentDir))
	write(filepath.Join(*out, "handbook.yaml"), "title: SharePoint admin documentation (generated)\ncontent_dir: "+ContentDir+`
links:
  external:
    - {prefix: /powershell/, base: https://learn.microsoft.com}
    - {prefix: /microsoft-365/, base: https://learn.microsoft.com}
    - {prefix: /entra/, base: https://learn.microsoft.com}
`)
	write(filepath.Join(root, "docfx.json"), `{"build": {"content": [{"files": ["**/*.md"], "exclude": ["**/includes/**"]}], "resource": [{"files": ["**/*.png"]}]}}`+"\n")
	// Includes: the first ten include another one, as Learn's do.
	for i := range includesN {
		body := "---\nms.topic: include\nms.date: 03/14/2025\n---\n" + sentence(r, 14) + "\n"
		if i < 10 {
			body += "\n[!INCLUDE[nested](include-" + fmt.Sprint(10+i) + ".md)]\n"
		}
		if i%4 == 0 {
			body += "\n> [!NOTE]\n> " + sentence(r, 12) + " See [the admin role](/microsoft-365/admin/add-users/about-admin-roles).\n"
		}
		write(filepath.Join(root, "includes", fmt.Sprintf("include-%d.md", i)), body)
	}
	pages := make([]string, *n)
	for i := range pages {
		pages[i] = fmt.Sprintf("%s/%s-%05d", areas[i%len(areas)], strings.Join(pick(r, 3), "-"), i)
	}
	for i, p := range pages {
		var b strings.Builder
		title := strings.ToUpper(p[strings.IndexByte(p, '/')+1:][:1]) + strings.ReplaceAll(p[strings.IndexByte(p, '/')+2:len(p)-6], "-", " ")
		fmt.Fprintf(&b, "---\ntitle: %q\nms.author: cjadmin\nauthor: cjadmin\nmanager: serdars\nms.date: %02d/%02d/2025\naudience: Admin\nf1.keywords:\n- NOCSH\nms.topic: how-to\nms.service: sharepoint-online\nms.localizationpriority: medium\nms.collection:\n- M365-collaboration\nsearch.appverid:\n- SPO160\n- MET150\nms.assetid: %08x-0000-4000-8000-%012x\ndescription: %q\n---\n\n", title, 1+i%12, 1+i%28, r.Uint32(), i, sentence(r, 16))
		fmt.Fprintf(&b, "# %s\n\n[!INCLUDE[appliesto](../includes/include-%d.md)]\n\n%s\n\n", title, r.Intn(includesN), paragraph(r))
		anchor := fmt.Sprintf("section-%d", i)
		fmt.Fprintf(&b, "<a name=%q></a>\n## %s\n\n", anchor, strings.Join(pick(r, 4), " "))
		fmt.Fprintf(&b, "1. [!INCLUDE[sign-in](../includes/include-%d.md)]\n2. %s\n3. Select **Save**.\n\n", r.Intn(includesN), sentence(r, 10))
		fmt.Fprintf(&b, ":::image type=\"content\" source=\"../media/%s.png\" alt-text=\"Screenshot of %s\":::\n\n", p, strings.ToLower(title))
		fmt.Fprintf(&b, "> [!IMPORTANT]\n> %s\n\n", sentence(r, 14))
		fmt.Fprintf(&b, "| Setting | Value |\n|---|---|\n| %s | %s |\n| %s | %s |\n\n", word(r), word(r), word(r), word(r))
		fmt.Fprintf(&b, "```powershell\nSet-SPOSite -Identity https://contoso.sharepoint.com/sites/%s -StorageQuota %d\n```\n\n", word(r), 100*(1+i%30))
		j := r.Intn(len(pages))
		fmt.Fprintf(&b, "## See also\n\n- [%s](../%s.md#section-%d)\n- [This section](#%s)\n- [Set-SPOSite](/powershell/module/sharepoint-online/set-sposite)\n- [Admin roles](/microsoft-365/admin/add-users/about-admin-roles)\n- [B2B](/entra/external-id/what-is-b2b)\n", word(r), pages[j], j, anchor)
		write(filepath.Join(root, filepath.FromSlash(p)+".md"), b.String())
		write(filepath.Join(root, "media", filepath.FromSlash(p)+".png"), string(png(byte(i), byte(i>>8))))
	}
}

// png returns a small valid PNG image of one colour.
func png(g, b byte) []byte {
	const w, h = 8, 6
	var raw bytes.Buffer
	for range h {
		raw.WriteByte(0)
		for range w {
			raw.Write([]byte{0, g, b})
		}
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write(raw.Bytes())
	zw.Close()
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	chunk := func(typ string, data []byte) {
		binary.Write(&out, binary.BigEndian, uint32(len(data)))
		out.WriteString(typ)
		out.Write(data)
		binary.Write(&out, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	}
	hdr := make([]byte, 13)
	binary.BigEndian.PutUint32(hdr, w)
	binary.BigEndian.PutUint32(hdr[4:], h)
	hdr[8], hdr[9] = 8, 2
	chunk("IHDR", hdr)
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return out.Bytes()
}

func word(r *rand.Rand) string { return words[r.Intn(len(words))] }

func pick(r *rand.Rand, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = word(r)
	}
	return out
}

func sentence(r *rand.Rand, n int) string {
	s := strings.Join(pick(r, n), " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func paragraph(r *rand.Rand) string {
	var s []string
	for range 4 + r.Intn(4) {
		s = append(s, sentence(r, 8+r.Intn(10)))
	}
	return strings.Join(s, " ")
}

func write(name, content string) {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		fail(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "genlearn:", err)
	os.Exit(1)
}
