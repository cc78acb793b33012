// Package sarifupload posts per-repository SARIF files to each repository's GitHub code
// scanning API (POST /repos/{owner}/{repo}/code-scanning/sarifs), as an organization
// scan needs: GitHub's upload-sarif action can only upload to the repository it runs in.
package sarifupload

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/google/go-github/v60/github"
)

// MaxGzipped is GitHub's limit on an upload, gzip-compressed.
const MaxGzipped = 10 << 20

// maxRaw caps what we read of one SARIF file before compression; a per-repository
// repogov file is a few KB, so this only guards against a wrong directory.
const maxRaw = 256 << 20

// Target is one per-repository SARIF file and the commit it describes.
type Target struct {
	Owner, Repo string
	Path        string
	CommitSHA   string // from runs[0].versionControlProvenance[0].revisionId
	Ref         string // refs/heads/<branch> from the same entry
	RepoURI     string // repositoryUri from the same entry: the repository's web URL
	Forge       string // properties.forge of the same entry: "github", "gitlab", "" (local)
}

// FullName is "owner/repo".
func (t Target) FullName() string { return t.Owner + "/" + t.Repo }

// Discover finds DIR/<owner>/<repo>.sarif files (as `scan --sarif-dir` writes them), in
// a deterministic order. A file whose provenance cannot be read is an error naming it.
func Discover(dir string) ([]Target, error) {
	var ts []Target
	var errs []error
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(d.Name(), ".sarif") {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		parts := strings.Split(filepath.ToSlash(rel), "/")
		if len(parts) < 2 {
			errs = append(errs, fmt.Errorf("%s: expected DIR/<owner>/<repo>.sarif", p))
			return nil
		}
		// Deeper paths are GitLab projects in subgroups: found, so that they are refused
		// by name rather than ignored.
		t := Target{Owner: strings.Join(parts[:len(parts)-1], "/"), Repo: strings.TrimSuffix(parts[len(parts)-1], ".sarif"), Path: p}
		if t.CommitSHA, t.Ref, t.RepoURI, t.Forge, err = provenance(p); err != nil {
			errs = append(errs, err)
			return nil
		}
		ts = append(ts, t)
		return nil
	})
	if err != nil {
		errs = append(errs, fmt.Errorf("reading %s: %w", dir, err))
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].FullName() < ts[j].FullName() })
	return ts, errors.Join(errs...)
}

// provenance reads the commit and branch a SARIF file describes.
func provenance(p string) (sha, ref, uri, forge string, err error) {
	f, err := os.Open(p)
	if err != nil {
		return "", "", "", "", err
	}
	defer f.Close()
	var log struct {
		Runs []struct {
			VersionControlProvenance []struct {
				RevisionID    string `json:"revisionId"`
				Branch        string `json:"branch"`
				RepositoryURI string `json:"repositoryUri"`
				Properties    struct {
					Forge string `json:"forge"`
				} `json:"properties"`
			} `json:"versionControlProvenance"`
		} `json:"runs"`
	}
	if err := json.NewDecoder(io.LimitReader(f, maxRaw)).Decode(&log); err != nil {
		return "", "", "", "", fmt.Errorf("%s: not a SARIF file: %w", p, err)
	}
	if len(log.Runs) != 1 || len(log.Runs[0].VersionControlProvenance) == 0 {
		return "", "", "", "", fmt.Errorf("%s: expected one run with versionControlProvenance (write it with repogov scan --sarif-dir)", p)
	}
	vcp := log.Runs[0].VersionControlProvenance[0]
	if !isSHA(vcp.RevisionID) {
		return "", "", "", "", fmt.Errorf("%s: versionControlProvenance has no 40-hex revisionId (got %q); only repositories scanned from git can be uploaded", p, vcp.RevisionID)
	}
	if vcp.Branch != "" {
		ref = "refs/heads/" + vcp.Branch
	}
	return vcp.RevisionID, ref, vcp.RepositoryURI, vcp.Properties.Forge, nil
}

// Uploadable reports whether t describes a repository that has GitHub code scanning: a
// GitHub repository, or a local clone (whose owner/repo path decides); not a GitLab
// project.
func (t Target) Uploadable() bool {
	return (t.Forge == "" || t.Forge == "github") && !strings.Contains(t.Owner, "/")
}

func isSHA(s string) bool {
	if len(s) != 40 {
		return false
	}
	for _, c := range s {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}

// Encode gzips and base64-encodes a SARIF file as the API wants it, refusing files over
// GitHub's size limit without holding more than the limit in memory.
func Encode(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var gz limitedBuffer
	gz.limit = MaxGzipped
	zw := gzip.NewWriter(&gz)
	n, err := io.Copy(zw, io.LimitReader(f, maxRaw+1))
	if err == nil {
		err = zw.Close()
	}
	if errors.Is(err, errTooLarge) || n > maxRaw {
		return "", fmt.Errorf("%s: larger than GitHub's %d MB (gzipped) upload limit", p, MaxGzipped>>20)
	}
	if err != nil {
		return "", fmt.Errorf("%s: %w", p, err)
	}
	return base64.StdEncoding.EncodeToString(gz.Bytes()), nil
}

var errTooLarge = errors.New("too large")

type limitedBuffer struct {
	bytes.Buffer
	limit int
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > b.limit {
		return 0, errTooLarge
	}
	return b.Buffer.Write(p)
}

// Outcome is what happened to one target.
type Outcome struct {
	Target
	Status string   // "skipped" (commit already uploaded), "uploaded", "complete", "failed", "error"
	ID     string   // the SARIF id GitHub assigned
	Errors []string // processing errors reported by GitHub, or the upload error
}

// Uploader posts SARIF files with go-github clients.
type Uploader struct {
	// Client returns the client for a repository owner (a GitHub App has one
	// installation per owner).
	Client func(ctx context.Context, owner string) (*github.Client, error)
	// Wait polls GitHub until each upload is processed, at most this long (0: don't wait).
	Wait         time.Duration
	PollInterval time.Duration // default 5s
	// State remembers the commit last uploaded per repository; nil uploads everything.
	State *State
	Now   func() time.Time
}

// Upload posts one target. It never panics on a GitHub error; the outcome says it.
func (u *Uploader) Upload(ctx context.Context, t Target, ref string) Outcome {
	out := Outcome{Target: t}
	if ref == "" {
		ref = t.Ref
	}
	if ref == "" {
		out.Status, out.Errors = "error", []string{"no ref: the SARIF has no branch; pass --ref"}
		return out
	}
	if u.State != nil && u.State.Uploaded(t.FullName(), t.CommitSHA, ref) {
		out.Status = "skipped"
		return out
	}
	sarif, err := Encode(t.Path)
	if err != nil {
		out.Status, out.Errors = "error", []string{err.Error()}
		return out
	}
	now := time.Now
	if u.Now != nil {
		now = u.Now
	}
	client, err := u.Client(ctx, t.Owner)
	if err != nil {
		out.Status, out.Errors = "error", []string{err.Error()}
		return out
	}
	id, _, err := client.CodeScanning.UploadSarif(ctx, t.Owner, t.Repo, &github.SarifAnalysis{
		CommitSHA: github.String(t.CommitSHA),
		Ref:       github.String(ref),
		Sarif:     github.String(sarif),
		ToolName:  github.String("repogov"),
		StartedAt: &github.Timestamp{Time: now()},
	})
	if err != nil {
		out.Status, out.Errors = "error", []string{describe(err)}
		return out
	}
	out.Status = "uploaded"
	if id != nil && id.ID != nil {
		out.ID = *id.ID
	}
	if u.Wait > 0 && out.ID != "" {
		out.Status, out.Errors = u.poll(ctx, client, t, out.ID)
	}
	if u.State != nil && (out.Status == "uploaded" || out.Status == "complete") {
		u.State.Record(t.FullName(), t.CommitSHA, ref)
	}
	return out
}

// poll reads the processing status with a raw request: go-github v60's SarifUpload has
// no field for the processing errors.
func (u *Uploader) poll(ctx context.Context, client *github.Client, t Target, id string) (string, []string) {
	interval := u.PollInterval
	if interval <= 0 {
		interval = 5 * time.Second
	}
	deadline := time.NewTimer(u.Wait)
	defer deadline.Stop()
	for {
		req, err := client.NewRequest("GET", fmt.Sprintf("repos/%s/%s/code-scanning/sarifs/%s", t.Owner, t.Repo, id), nil)
		if err != nil {
			return "error", []string{err.Error()}
		}
		var st struct {
			ProcessingStatus string   `json:"processing_status"`
			Errors           []string `json:"errors"`
		}
		if _, err := client.Do(ctx, req, &st); err != nil {
			return "error", []string{describe(err)}
		}
		switch st.ProcessingStatus {
		case "complete":
			return "complete", nil
		case "failed":
			return "failed", st.Errors
		}
		select {
		case <-ctx.Done():
			return "error", []string{ctx.Err().Error()}
		case <-deadline.C:
			return "uploaded", []string{fmt.Sprintf("still %q after %s; check the repository's code scanning page", st.ProcessingStatus, u.Wait)}
		case <-time.After(interval):
		}
	}
}

// describe turns API errors into advice about permissions and availability.
func describe(err error) string {
	var er *github.ErrorResponse
	if errors.As(err, &er) && er.Response != nil {
		switch er.Response.StatusCode {
		case 401:
			return "401: the token is invalid or expired"
		case 403:
			if p := er.Response.Header.Get("X-Accepted-GitHub-Permissions"); p != "" {
				return "403: missing permission (" + p + "); uploads need Code scanning alerts: write (security_events)"
			}
			return "403: " + er.Message + " — uploads need the security_events scope (classic token) or Code scanning alerts: write (App, fine-grained token); private repositories need GitHub Code Security"
		case 404:
			return "404: repository not found, or not visible to this credential"
		case 413:
			return "413: SARIF file too large for GitHub"
		case 422:
			return "422: " + er.Message
		}
	}
	return err.Error()
}
