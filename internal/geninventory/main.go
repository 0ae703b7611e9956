// Command geninventory writes a deterministic inventory of N items for
// benchmarks: hub sites with sites, teams with channels, Confluence
// spaces, OneDrive accounts and websites, with owners, groups, sharing and
// activity dates, about one in twenty breaking an audit rule.
//
//	go run ./internal/geninventory -n 50000 -out /tmp/site/inventory
package main

import (
	"bufio"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"time"
)

func main() {
	n := flag.Int("n", 50000, "number of items")
	out := flag.String("out", "inventory", "output folder")
	seed := flag.Int64("seed", 1, "random seed")
	flag.Parse()
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fail(err)
	}
	r := rand.New(rand.NewSource(*seed))
	f, err := os.Create(filepath.Join(*out, "generated.csv"))
	if err != nil {
		fail(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "id,kind,name,url,parent,owners,groups,members,external_sharing,sensitivity,created,last_activity,status,tags")
	depts := []string{"OPS", "FIN", "HR", "COM", "IT", "LEG", "QHSE"}
	sens := []string{"public", "internal", "internal", "confidential", "secret"}
	sharing := map[string][]string{"public": {"anyone", "existing-guests"}, "internal": {"existing-guests", "disabled"}, "confidential": {"disabled"}, "secret": {"disabled"}}
	base := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	person := func() string { return fmt.Sprintf("user%04d@example.org", r.Intn(2000)) }
	row := func(id, kind, name, parent string) {
		s := sens[r.Intn(len(sens))]
		sh := sharing[s][r.Intn(len(sharing[s]))]
		owners := person() + ";" + person()
		status := "active"
		last := base.AddDate(0, 0, -r.Intn(150))
		switch r.Intn(20) { // one in twenty breaks a rule
		case 0:
			owners = person()
		case 1:
			sh = "anyone"
		case 2:
			last = base.AddDate(0, 0, -200-r.Intn(400))
		case 3:
			status = "retired"
		}
		d := depts[r.Intn(len(depts))]
		fmt.Fprintf(w, "%s,%s,%s,https://example.org/%s,%s,%s,%s-members:edit;%s-visitors:read,%d,%s,%s,%s,%s,%s,%s\n",
			id, kind, name, id, parent, owners, d, d, 5+r.Intn(200), sh, s,
			base.AddDate(-1-r.Intn(6), 0, 0).Format(time.DateOnly), last.Format(time.DateOnly), status, d)
	}
	i := 0
	next := func() int { i++; return i }
	for i < *n {
		switch r.Intn(4) {
		case 0: // a hub with sites
			hub := fmt.Sprintf("hub-%d", next())
			row(hub, "sharepoint-site", fmt.Sprintf("%s - Hub %d", depts[r.Intn(len(depts))], i), "")
			for k := 0; k < 5 && i < *n; k++ {
				id := next()
				row(fmt.Sprintf("site-%d", id), "sharepoint-site", fmt.Sprintf("%s - Site %d", depts[r.Intn(len(depts))], id), hub)
			}
		case 1: // a team with channels
			team := fmt.Sprintf("team-%d", next())
			row(team, "team", fmt.Sprintf("%s - Team %d", depts[r.Intn(len(depts))], i), "")
			for k := 0; k < 4 && i < *n; k++ {
				id := next()
				row(fmt.Sprintf("channel-%d", id), "channel", fmt.Sprintf("Channel %d", id), team)
			}
		case 2:
			id := next()
			row(fmt.Sprintf("space-%d", id), "confluence-space", fmt.Sprintf("Space %d", id), "")
		default:
			id := next()
			kind := []string{"onedrive", "website", "webshop"}[r.Intn(3)]
			row(fmt.Sprintf("%s-%d", kind, id), kind, fmt.Sprintf("%s %d", kind, id), "")
		}
	}
	if err := w.Flush(); err != nil {
		fail(err)
	}
	if err := f.Close(); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "geninventory:", err)
	os.Exit(1)
}
