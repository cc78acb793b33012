package remediate

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"
)

// The facts a fix pull (GitHub) or merge (GitLab) request is recognised by, in one place
// so both hosts' implementations of the lifecycle (issue 17, section 2) agree.
const (
	// PullBranch is the remediation branch: one per repository.
	PullBranch = "repogov/governance-files"
	// PullTrailer ends the message of every commit repogov writes on PullBranch; a
	// commit without it is someone else's, and repogov then never moves the branch.
	PullTrailer = "Repogov-Remediation: governance-files"
	// pullMarker starts the hidden line of a request body that carries PullDigest.
	pullMarker = "<!-- repogov:pull"
)

// PullDigest identifies the files a request adds: their paths and content hashes,
// independent of order. Two plans with the same digest need no update.
func PullDigest(files []File) string {
	lines := make([]string, 0, len(files))
	for _, f := range files {
		sum := sha256.Sum256(f.Data)
		lines = append(lines, f.Path+"\x00"+hex.EncodeToString(sum[:]))
	}
	slices.Sort(lines)
	sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// PullMarkerLine is the hidden line a request body carries for digest.
func PullMarkerLine(digest string) string {
	return pullMarker + " files=" + digest + " -->"
}

// MarkedDigest returns the digest a request body's marker carries, "" when it has none.
func MarkedDigest(body string) string {
	for _, line := range strings.Split(body, "\n") {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), pullMarker+" files=")
		if !ok {
			continue
		}
		d, ok := strings.CutSuffix(rest, " -->")
		if ok && !strings.ContainsAny(d, " \t") {
			return d
		}
	}
	return ""
}

// OwnCommit reports whether message is a commit repogov wrote (it ends with PullTrailer).
func OwnCommit(message string) bool {
	lines := strings.Split(strings.TrimRight(message, "\n"), "\n")
	return strings.TrimSpace(lines[len(lines)-1]) == PullTrailer
}
