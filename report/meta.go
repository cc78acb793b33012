package report

import (
	"strings"
	"time"
)

// Meta is what the host knows about a repository. Local sources fill only Name, FullName
// and Path (and URL when there is an origin remote).
type Meta struct {
	Host          string    `json:"host,omitempty"`  // "github.com", a GHES or GitLab host; "" for local sources
	Forge         string    `json:"forge,omitempty"` // the host's kind: "github", "gitlab"; "" for local sources
	Owner         string    `json:"owner,omitempty"`
	Name          string    `json:"name"`
	FullName      string    `json:"fullName"`       // "owner/name"; for local sources the target as given
	Path          string    `json:"path,omitempty"` // local sources: the directory on disk
	URL           string    `json:"url,omitempty"`  // web URL of the repository
	ID            int64     `json:"id,omitempty"`   // host database id
	DefaultBranch string    `json:"defaultBranch,omitempty"`
	HeadOID       string    `json:"headOid,omitempty"` // commit id of HEAD (or the default branch)
	Visibility    string    `json:"visibility,omitempty"`
	Archived      bool      `json:"archived,omitempty"`
	Fork          bool      `json:"fork,omitempty"`
	Description   string    `json:"description,omitempty"`
	Homepage      string    `json:"homepage,omitempty"`
	Topics        []string  `json:"topics,omitempty"`
	PushedAt      time.Time `json:"pushedAt,omitzero"`
	HostLicense   string    `json:"hostLicense,omitempty"` // SPDX id as detected by the host: "NOASSERTION", "NONE", "" = unknown
}

// Hosted reports whether the metadata came from a hosting service's API.
func (m Meta) Hosted() bool { return m.Host != "" }

// Key is a stable, unique identifier: "github.com/acme/alpha" or "local/<full name>".
func (m Meta) Key() string {
	if m.Hosted() {
		return strings.ToLower(m.Host + "/" + m.FullName)
	}
	return "local/" + m.FullName
}
