package githubtest

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
)

// SarifUpload is one SARIF delivery the fake accepted, as GitHub would read it.
type SarifUpload struct {
	Repo      string // owner/name
	CommitSHA string
	Ref       string
	Runs      int
	Results   int
	Category  string // runs[0].automationDetails.id up to its last "/"
}

// Uploads returns the accepted SARIF deliveries, in order.
func (s *Server) Uploads() []SarifUpload {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]SarifUpload(nil), s.uploads...)
}

// SetSarifProcessing sets what GET …/code-scanning/sarifs/{id} answers from now on:
// "complete" (the default), "pending", or "failed" with errs.
func (s *Server) SetSarifProcessing(status string, errs ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sarifStatus, s.sarifErrors = status, errs
}

var sha40 = regexp.MustCompile(`^[0-9a-f]{40}$`)

// serveCodeScanning answers POST /repos/{o}/{r}/code-scanning/sarifs and
// GET …/sarifs/{id} with GitHub's shapes and checks. Private and internal repositories
// refuse uploads, as GitHub does without GitHub Code Security.
func (s *Server) serveCodeScanning(rec *recorder, r *http.Request, reqBody []byte, rp *Repo, full string, parts []string, pr principal) {
	if pr.anonymous {
		rec.writeJSON(401, map[string]string{"message": "Requires authentication"})
		return
	}
	switch {
	case r.Method == "POST" && len(parts) == 5:
		if rp.Visibility != "public" {
			rec.writeJSON(403, map[string]string{"message": "Advanced Security must be enabled for this repository to use code scanning."})
			return
		}
		var body struct {
			CommitSHA string `json:"commit_sha"`
			Ref       string `json:"ref"`
			Sarif     string `json:"sarif"`
		}
		if err := json.Unmarshal(reqBody, &body); err != nil {
			rec.writeJSON(400, map[string]string{"message": "Problems parsing JSON"})
			return
		}
		up, err := decodeSarif(body.Sarif)
		switch {
		case !sha40.MatchString(body.CommitSHA):
			err = fmt.Errorf("commit_sha %q is not a 40-character SHA", body.CommitSHA)
		case body.CommitSHA != rp.HeadOID:
			err = fmt.Errorf("no commit found for SHA: %s", body.CommitSHA)
		case !strings.HasPrefix(body.Ref, "refs/"):
			err = fmt.Errorf("ref %q is not a fully qualified ref", body.Ref)
		}
		if err != nil {
			s.opts.Errorf("githubtest: invalid SARIF upload to %s: %v", full, err)
			rec.writeJSON(422, map[string]string{"message": "Invalid request.\n\n" + err.Error()})
			return
		}
		up.Repo, up.CommitSHA, up.Ref = full, body.CommitSHA, body.Ref
		s.mu.Lock()
		s.uploads = append(s.uploads, up)
		id := fmt.Sprintf("47177e22-5596-11eb-80a1-%012d", len(s.uploads))
		s.mu.Unlock()
		rec.writeJSON(202, map[string]string{"id": id, "url": s.apiURL(r) + "repos/" + full + "/code-scanning/sarifs/" + id})
	case r.Method == "GET" && len(parts) == 6:
		s.mu.Lock()
		st, errs := s.sarifStatus, s.sarifErrors
		s.mu.Unlock()
		if st == "" {
			st = "complete"
		}
		res := map[string]any{"processing_status": st, "analyses_url": s.apiURL(r) + "repos/" + full + "/code-scanning/analyses?sarif_id=" + parts[5]}
		if st == "failed" {
			res["errors"] = errs
		}
		rec.writeJSON(200, res)
	default:
		s.opts.Errorf("githubtest: unexpected code-scanning request %s %s", r.Method, r.URL)
		s.notFound(rec)
	}
}

// decodeSarif undoes the upload encoding (gzip, then base64) and reads what GitHub
// checks first: at least one run, and no two runs with the same category.
func decodeSarif(b64 string) (SarifUpload, error) {
	gz, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return SarifUpload{}, fmt.Errorf("sarif is not base64: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return SarifUpload{}, fmt.Errorf("sarif is not gzip: %w", err)
	}
	var log struct {
		Runs []struct {
			AutomationDetails struct {
				ID string `json:"id"`
			} `json:"automationDetails"`
			Results []json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	if err := json.NewDecoder(io.LimitReader(zr, 100<<20)).Decode(&log); err != nil {
		return SarifUpload{}, fmt.Errorf("sarif is not JSON: %w", err)
	}
	if len(log.Runs) == 0 {
		return SarifUpload{}, fmt.Errorf("runs: 1 item required; only 0 were supplied")
	}
	var up SarifUpload
	seen := map[string]bool{}
	for i, run := range log.Runs {
		cat := run.AutomationDetails.ID
		if j := strings.LastIndex(cat, "/"); j >= 0 {
			cat = cat[:j]
		}
		if seen[cat] {
			return SarifUpload{}, fmt.Errorf("a delivery cannot contain multiple runs with the same category (%q)", cat)
		}
		seen[cat] = true
		if i == 0 {
			up.Category = cat
		}
		up.Runs++
		up.Results += len(run.Results)
	}
	return up, nil
}
