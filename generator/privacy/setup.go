package privacy

import (
	"os"

	"github.com/handbook-dev/handbook/generator/config"
	"github.com/handbook-dev/handbook/generator/diag"
	"github.com/handbook-dev/handbook/generator/pulldata"
	"github.com/handbook-dev/handbook/generator/snapshots"
)

// PseudonymKeyEnv names the environment variable holding the secret that
// makes pseudonyms unguessable (privacy: pseudonyms).
const PseudonymKeyEnv = "HANDBOOK_PSEUDONYM_KEY"

// Setup returns the reducer of the project's privacy setting, with the
// display names the Microsoft 365 snapshots m365 know. Pseudonyms
// without a secret key are stable but can be recomputed by anyone who
// guesses an address: a warning says so.
func Setup(cfg config.Config, m365 []*snapshots.M365) (*Reducer, diag.List) {
	var diags diag.List
	names := map[string]string{}
	for _, snap := range m365 {
		for _, t := range snap.Data.Teams {
			for _, p := range append(append([]pulldata.Person(nil), t.Owners...), t.Members...) {
				if p.UPN != "" && p.Name != "" {
					names[p.UPN] = p.Name
				}
			}
		}
	}
	key := []byte(os.Getenv(PseudonymKeyEnv))
	if cfg.Privacy == config.PrivacyPseudonyms && len(key) == 0 {
		diags.Warnf(config.FileName, 0, 0, "privacy: pseudonyms without a secret in %s: anyone who guesses an address can compute its pseudonym; set the variable to a long random secret (and keep it, or the pseudonyms change)", PseudonymKeyEnv)
	}
	return New(cfg.Privacy, names, key), diags
}
