package scale

import (
	"encoding/base32"
	"encoding/base64"
	"fmt"
	"net/url"
	"strings"
	"time"
)

// The Microsoft 365 side of the tenant, generated from indexes. A site
// k is one of Sites+PersonalSites; personal sites are spread evenly
// among the others. Items of site k are numbered j = 0 (the root), 1,
// 2, ...: every fifth item from 1 is a folder (every third folder is
// inside the folder before it), the four after it are its files.

func (s *Server) allSites() int { return s.cfg.Sites + s.cfg.PersonalSites }

// personal says whether site k is a OneDrive; teamIndex is its index
// among the non-personal sites (or among the personal ones).
func (s *Server) personal(k int) (bool, int) {
	n, p := s.allSites(), s.cfg.PersonalSites
	before := k * p / n
	if (k+1)*p/n > before {
		return true, before
	}
	return false, k - before
}

func (s *Server) tenantName() string {
	name, _, _ := strings.Cut(s.cfg.TenantDomain, ".")
	return name
}

// siteChanged says whether state B changed site k (about 1% of the
// team sites, and always the first).
func (s *Server) siteChanged(k int) bool {
	pers, ti := s.personal(k)
	return !pers && (ti == 0 || s.hash(hSiteChanged, uint64(k))%100 == 0)
}

// itemCount is the number of items of site k in state A, root included.
func (s *Server) itemCount(k int) int {
	if pers, ti := s.personal(k); !pers {
		return int(s.siteItems[ti])
	} else {
		_ = ti
	}
	return s.cfg.PersonalItems + 1
}

// Kinds of change state B makes to an item of a changed site.
const (
	changeNone = iota
	changeEdit
	changeSharing
	changeDelete
	changeNew
)

func (s *Server) itemChange(k, j int) int {
	if !s.siteChanged(k) || j == 0 {
		return changeNone
	}
	n := s.itemCount(k)
	if j == n {
		return changeNew
	}
	if j > n {
		return changeNone
	}
	switch r := s.hash(hChange, uint64(k), uint64(j)) % 100; {
	case r < 4 && !isFolder(j):
		return changeDelete
	case r < 14:
		return changeSharing
	case r < 94:
		return changeEdit
	}
	return changeNone
}

// exists says whether item j of site k exists in a state.
func (s *Server) exists(st State, k, j int) bool {
	n := s.itemCount(k)
	if st == StateA {
		return j >= 0 && j < n
	}
	c := s.itemChange(k, j)
	return (j >= 0 && j < n && c != changeDelete) || c == changeNew
}

// lastIndex is one past the highest item index in any state.
func (s *Server) lastIndex(k int) int {
	if s.siteChanged(k) {
		return s.itemCount(k) + 1
	}
	return s.itemCount(k)
}

func isFolder(j int) bool { return j >= 1 && (j-1)%5 == 0 }

// parentOf is the index of item j's folder (0 for the root's children).
func parentOf(j int) int {
	if isFolder(j) {
		if fi := (j - 1) / 5; fi%3 == 2 {
			return j - 5
		}
		return 0
	}
	return 1 + 5*((j-1)/5)
}

// newItemParent: the file state B adds sits in the first folder.
func (s *Server) parent(k, j int) int {
	if s.itemChange(k, j) == changeNew {
		if s.itemCount(k) > 1 {
			return 1
		}
		return 0
	}
	return parentOf(j)
}

// sharedExplicitly says whether item j has sharing of its own in a
// state (it is the root of a permission hierarchy with links or
// invitations).
func (s *Server) sharedExplicitly(st State, k, j int) bool {
	if j == 0 {
		return false
	}
	base := s.hash(hShared, uint64(k), uint64(j))%1000 < uint64(s.cfg.SharedPerMille)
	if st == StateB && s.itemChange(k, j) == changeSharing {
		return !base
	}
	return base
}

// sharedRoot returns the nearest item (j itself or a folder above it)
// that is shared explicitly, or -1.
func (s *Server) sharedRoot(st State, k, j int) int {
	for x := j; x > 0; x = s.parent(k, x) {
		if s.sharedExplicitly(st, k, x) {
			return x
		}
	}
	return -1
}

// linkKind is how an explicitly shared item is shared.
const (
	linkAnonymous = iota
	linkOrganization
	linkPeople
	linkInvite
)

func (s *Server) linkKind(k, j int) int { return int(s.hash(hLink, uint64(k), uint64(j)) % 4) }

func scopeOf(kind int) string {
	return [...]string{"anonymous", "organization", "users", "users"}[kind]
}

// siteID is the composite id of a site: host, site collection, web.
func (s *Server) siteID(k int) string {
	return s.siteHost(k) + "," + s.guid(kSiteCollection, uint32(k), 0) + "," + s.guid(kWeb, uint32(k), 0)
}

func (s *Server) siteHost(k int) string {
	if pers, _ := s.personal(k); pers {
		return s.tenantName() + "-my.sharepoint.com"
	}
	return s.tenantName() + ".sharepoint.com"
}

// parseSiteID accepts the composite id (and the site collection's GUID
// alone, which Graph also accepts).
func (s *Server) parseSiteID(id string) (int, bool) {
	parts := strings.Split(id, ",")
	g := parts[0]
	if len(parts) == 3 {
		g = parts[1]
	}
	a, _, ok := s.parseGUID(kSiteCollection, g)
	if !ok || int(a) >= s.allSites() {
		return 0, false
	}
	return int(a), true
}

func (s *Server) siteName(k int) string {
	if pers, pi := s.personal(k); pers {
		return fmt.Sprintf("user%05d_%s", pi, strings.ReplaceAll(s.cfg.TenantDomain, ".", "_"))
	}
	_, ti := s.personal(k)
	return fmt.Sprintf("%s-%05d", siteWords[ti%len(siteWords)], ti)
}

var siteWords = []string{"finance", "hr", "legal", "ops", "sales", "it", "marketing", "projects", "quality", "procurement", "facilities", "customs"}

func (s *Server) siteURL(k int) string {
	if pers, _ := s.personal(k); pers {
		return "https://" + s.siteHost(k) + "/personal/" + s.siteName(k)
	}
	return "https://" + s.siteHost(k) + "/sites/" + s.siteName(k)
}

func (s *Server) siteCreated(k int) time.Time {
	return StateATime.AddDate(0, 0, -400-int(s.hash(hDays, uint64(k), 1)%1500))
}

func (s *Server) siteModified(st State, k int) time.Time {
	if st == StateB && s.siteChanged(k) {
		return StateBTime
	}
	return StateATime.Add(-time.Duration(s.hash(hDays, uint64(k), 2)%(200*24)) * time.Hour)
}

// site is a site resource
// (https://learn.microsoft.com/graph/api/resources/site).
func (s *Server) site(st State, k int) map[string]any {
	pers, _ := s.personal(k)
	name := s.siteName(k)
	display := strings.ToUpper(name[:1]) + strings.ReplaceAll(name[1:], "-", " ")
	if pers {
		display = "User " + name[4:9]
	}
	return map[string]any{
		"id": s.siteID(k), "name": name, "displayName": display, "webUrl": s.siteURL(k),
		"createdDateTime": iso(s.siteCreated(k)), "lastModifiedDateTime": iso(s.siteModified(st, k)),
		"isPersonalSite": pers, "root": map[string]any{},
		"siteCollection": map[string]any{"hostname": s.siteHost(k)},
	}
}

// driveID encodes the site's two GUIDs as Graph's "b!..." drive ids do.
func (s *Server) driveID(k int) string {
	a, b := s.raw16(kSiteCollection, uint32(k), 0), s.raw16(kWeb, uint32(k), 0)
	return "b!" + base64.RawURLEncoding.EncodeToString(append(a[:], b[:]...))
}

func (s *Server) parseDriveID(id string) (int, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(id, "b!"))
	if err != nil || len(raw) != 32 || !strings.HasPrefix(id, "b!") {
		return 0, false
	}
	a, _, ok := s.unraw16(kSiteCollection, [16]byte(raw[:16]))
	if !ok || int(a) >= s.allSites() {
		return 0, false
	}
	return int(a), true
}

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

func (s *Server) itemID(k, j int) string {
	r := s.raw16(kItem, uint32(k), uint32(j))
	return "01" + b32.EncodeToString(r[:])
}

func (s *Server) parseItemID(id string) (k, j int, ok bool) {
	raw, err := b32.DecodeString(strings.TrimPrefix(id, "01"))
	if err != nil || len(raw) != 16 {
		return 0, 0, false
	}
	a, b, ok := s.unraw16(kItem, [16]byte(raw))
	return int(a), int(b), ok && int(a) < s.allSites()
}

var extensions = []struct{ ext, mime string }{
	{"docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	{"pdf", "application/pdf"},
	{"pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"},
	{"txt", "text/plain"},
}

func (s *Server) itemName(k, j int) string {
	switch {
	case j == 0:
		return "root"
	case isFolder(j):
		return fmt.Sprintf("Folder %04d", (j-1)/5)
	}
	e := extensions[s.hash(hDays, uint64(k), uint64(j), 3)%uint64(len(extensions))]
	return fmt.Sprintf("Document %05d.%s", j, e.ext)
}

// itemPath is the item's path below the drive root ("" for the root).
func (s *Server) itemPath(k, j int) string {
	if j == 0 {
		return ""
	}
	return s.itemPath(k, s.parent(k, j)) + "/" + s.itemName(k, j)
}

func (s *Server) libraryURL(k int) string {
	if pers, _ := s.personal(k); pers {
		return s.siteURL(k) + "/Documents"
	}
	return s.siteURL(k) + "/Shared%20Documents"
}

// item is a driveItem
// (https://learn.microsoft.com/graph/api/resources/driveitem) in a
// state. withPath adds parentReference.path, which a plain GET carries
// and delta never does
// (https://learn.microsoft.com/graph/api/driveitem-delta: "parentReference
// ... path" is not returned by delta; see also the resource page). hier
// is the Prefer: hierarchicalsharing mode of delta.
func (s *Server) item(st State, k, j int, withPath, hier bool) map[string]any {
	created := StateATime.AddDate(0, 0, -30-int(s.hash(hDays, uint64(k), uint64(j), 1)%700))
	modified := created.Add(time.Duration(s.hash(hDays, uint64(k), uint64(j), 2)%(29*24)) * time.Hour)
	version := 1
	change := s.itemChange(k, j)
	if st == StateB && change != changeNone {
		// an edit, or the sharing change, touches the item
		modified, version = StateBTime, 2
		if change == changeNew {
			created = StateBTime
		}
	}
	g := s.guid(kItem, uint32(k), uint32(j))
	m := map[string]any{
		"id": s.itemID(k, j), "name": s.itemName(k, j),
		"eTag": fmt.Sprintf("\"{%s},%d\"", strings.ToUpper(g), version), "cTag": fmt.Sprintf("\"c:{%s},%d\"", strings.ToUpper(g), version),
		"createdDateTime": iso(created), "lastModifiedDateTime": iso(modified),
		"webUrl":         s.libraryURL(k) + strings.ReplaceAll(url.PathEscape(s.itemPath(k, j)), "%2F", "/"),
		"fileSystemInfo": map[string]any{"createdDateTime": iso(created), "lastModifiedDateTime": iso(modified)},
	}
	driveType := "documentLibrary"
	if pers, _ := s.personal(k); pers {
		driveType = "business"
	}
	if j == 0 {
		m["root"] = map[string]any{}
		m["parentReference"] = map[string]any{"driveId": s.driveID(k), "driveType": driveType}
	} else {
		ref := map[string]any{"driveId": s.driveID(k), "driveType": driveType, "id": s.itemID(k, s.parent(k, j))}
		if withPath {
			p := s.itemPath(k, s.parent(k, j))
			ref["path"] = "/drives/" + s.driveID(k) + "/root:" + p
			ref["name"] = s.itemName(k, s.parent(k, j))
		}
		m["parentReference"] = ref
	}
	if isFolder(j) || j == 0 {
		children := s.childCount(st, k, j)
		m["folder"] = map[string]any{"childCount": children}
		m["size"] = 0
	} else {
		e := extensions[s.hash(hDays, uint64(k), uint64(j), 3)%uint64(len(extensions))]
		size := 2000 + int(s.hash(hDays, uint64(k), uint64(j), 4)%4000000)
		if version == 2 {
			size += 1234
		}
		m["size"] = size
		hashBytes := s.raw16(kItem, uint32(k)^0x5a5a, uint32(j*2+version))
		m["file"] = map[string]any{"mimeType": e.mime, "hashes": map[string]any{"quickXorHash": base64.StdEncoding.EncodeToString(hashBytes[:15])}}
	}
	if root := s.sharedRoot(st, k, j); root >= 0 && (!hier || root == j) {
		m["shared"] = map[string]any{"scope": scopeOf(s.linkKind(k, root))}
	} else if hier && (j == 0 || (st == StateB && s.itemChange(k, j) == changeSharing)) {
		// With Prefer: hierarchicalsharing, "an empty sharing facet"
		// marks an item whose sharing was removed and the root of a
		// permission hierarchy that is not shared
		// (https://learn.microsoft.com/onedrive/developer/rest-api/concepts/scan-guidance#scanning-permissions-hierarchies).
		m["shared"] = map[string]any{}
	}
	return m
}

// childCount counts the items directly in folder j.
func (s *Server) childCount(st State, k, j int) int {
	n, last := 0, s.lastIndex(k)
	if j == 0 {
		for f := 1; f < last; f += 5 {
			if s.parent(k, f) == 0 && s.exists(st, k, f) {
				n++
			}
		}
	} else {
		for x := j + 1; x < last && x <= j+5; x++ {
			if s.parent(k, x) == j && s.exists(st, k, x) {
				n++
			}
		}
	}
	if st == StateB && s.siteChanged(k) && s.parent(k, last-1) == j && last-1 > j+5 {
		n++
	}
	return n
}
