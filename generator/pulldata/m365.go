package pulldata

// M365 is what a Microsoft Graph pull records: the data of an m365
// snapshot.
type M365 struct {
	Sites   []Site         `json:"sites"`
	Teams   []Team         `json:"teams"`
	Sharing *TenantSharing `json:"tenant_sharing,omitempty"`
	// UsageNamesConcealed is the tenant's report setting that replaces
	// user, group and site names in the usage reports by hashes (on by
	// default since September 2021): teams' last activity cannot be
	// joined while it is on.
	UsageNamesConcealed bool `json:"usage_names_concealed,omitempty"`
}

// Failures counts the sites and teams that could not be read.
func (s *M365) Failures() (sites, teams int, first string) {
	for _, st := range s.Sites {
		if st.Error != "" {
			if first == "" {
				first = "site " + st.URL + ": " + st.Error
			}
			sites++
		}
	}
	for _, t := range s.Teams {
		if t.Error != "" {
			if first == "" {
				first = "team " + t.Name + ": " + t.Error
			}
			teams++
		}
	}
	return sites, teams, first
}

// Site is a SharePoint site.
type Site struct {
	ID           string  `json:"id"`
	Name         string  `json:"name"`
	URL          string  `json:"url"`
	Created      string  `json:"created,omitempty"`
	LastModified string  `json:"last_modified,omitempty"`
	LastActivity string  `json:"last_activity,omitempty"`
	Drives       []Drive `json:"drives"`
	// ExternalSharing is the most open sharing the site's shared items
	// show (disabled, existing-guests, anyone); empty when not pulled.
	ExternalSharing string `json:"external_sharing,omitempty"`
	// SharedItems are the files and folders shared by a link or with
	// people outside the tenant.
	SharedItems []SharedItem `json:"shared_items,omitempty"`
	// Error is why the site could not be read (locked, access denied);
	// its drives and shared items are then unknown, not empty.
	Error string `json:"error,omitempty"`
}

// Drive is a document library of a site.
type Drive struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"name"`
	Type string `json:"type"`
	URL  string `json:"url"`
}

// Team is a Microsoft 365 group provisioned as a team.
type Team struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Visibility   string    `json:"visibility"`
	Mail         string    `json:"mail,omitempty"`
	Created      string    `json:"created,omitempty"`
	Expires      string    `json:"expires,omitempty"`
	Owners       []Person  `json:"owners"`
	Members      []Person  `json:"members"`
	Guests       int       `json:"guests"`
	Channels     []Channel `json:"channels"`
	LastActivity string    `json:"last_activity,omitempty"`
	// Archived is the team's isArchived: read-only, kept for reference.
	Archived bool `json:"archived,omitempty"`
	// Error is why the team's details could not be read (the team was
	// deleted, access denied); its owners, members and channels are then
	// unknown, not empty.
	Error string `json:"error,omitempty"`
}

// Person is an owner or member.
type Person struct {
	Name     string `json:"name"`
	UPN      string `json:"upn"`
	Guest    bool   `json:"guest,omitempty"`
	Disabled bool   `json:"disabled,omitempty"`
}

// Channel of a team.
type Channel struct {
	Name       string `json:"name"`
	Membership string `json:"membership"`
}

// TenantSharing is the tenant-wide SharePoint sharing setting.
type TenantSharing struct {
	Capability string `json:"sharing_capability"`
}

// SharedItem is a file or folder of a site's document library that is
// shared explicitly: by a link, or with people directly.
type SharedItem struct {
	Drive string `json:"drive"`
	// DriveID and ItemID name the item for an incremental pull, which
	// replaces or drops it when the drive's delta reports it changed.
	DriveID string `json:"drive_id,omitempty"`
	ItemID  string `json:"item_id,omitempty"`
	// Path is the item's path inside its drive ("/Contracts/2026.xlsx").
	Path  string        `json:"path"`
	URL   string        `json:"url"`
	Links []SharingLink `json:"links"`
	// External lists the people outside the tenant it is shared with
	// (guests, or addresses outside the tenant's verified domains).
	External []string `json:"external"`
	// PermissionIDs are the ids of the item's own permissions: an item
	// below it that lists them again inherits them.
	PermissionIDs []string `json:"permission_ids,omitempty"`
}

// SharingLink is a sharing link of a shared item.
type SharingLink struct {
	// Scope is anonymous (anyone with the link), organization or users.
	Scope string `json:"scope"`
	// Type is view, edit, embed, blocksDownload or review.
	Type string `json:"type"`
	// Expires is the link's expiry; empty when it has none (Graph says
	// 0001-01-01T00:00:00Z, DateTime.MinValue, for none).
	Expires string `json:"expires,omitempty"`
	// Password is Graph's hasPassword, which only OneDrive personal
	// reports: nil means unknown (every SharePoint link), never "no
	// password".
	Password *bool `json:"password,omitempty"`
}

// Sharing levels a site's shared items can show, in the inventory's words.
const (
	SharingNone   = "disabled"
	SharingGuests = "existing-guests"
	SharingAnyone = "anyone"
)
