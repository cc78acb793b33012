package sarifupload

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-github/v60/github"
)

const sha1 = "0123456789abcdef0123456789abcdef01234567"

func writeSARIF(t *testing.T, dir, owner, repo, sha, branch string) string {
	t.Helper()
	p := filepath.Join(dir, owner, repo+".sarif")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	doc := fmt.Sprintf(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"repogov","rules":[]}},"results":[],
"versionControlProvenance":[{"repositoryUri":"https://github.com/%s/%s","revisionId":%q,"branch":%q}]}]}`, owner, repo, sha, branch)
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// codeScanning is a loopback stand-in for GitHub's code-scanning SARIF endpoints.
type codeScanning struct {
	mu       sync.Mutex
	uploads  []received
	status   string // processing_status returned by GET
	errors   []string
	failWith int // status code for uploads, 0 = accept
}

type received struct {
	Repo, CommitSHA, Ref, Tool string
	Runs                       int
}

func (c *codeScanning) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/api/v3/"), "/")
	if len(parts) < 5 || parts[0] != "repos" || parts[3] != "code-scanning" || parts[4] != "sarifs" {
		http.Error(w, `{"message":"Not Found"}`, 404)
		return
	}
	repo := parts[1] + "/" + parts[2]
	switch {
	case r.Method == "POST" && len(parts) == 5:
		if c.failWith != 0 {
			w.Header().Set("X-Accepted-GitHub-Permissions", "security_events=write")
			w.WriteHeader(c.failWith)
			io.WriteString(w, `{"message":"Resource not accessible by integration"}`)
			return
		}
		var body struct {
			CommitSHA string `json:"commit_sha"`
			Ref       string `json:"ref"`
			Sarif     string `json:"sarif"`
			ToolName  string `json:"tool_name"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			http.Error(w, err.Error(), 400)
			return
		}
		gz, err := base64.StdEncoding.DecodeString(body.Sarif)
		if err != nil {
			http.Error(w, `{"message":"sarif is not base64"}`, 400)
			return
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			http.Error(w, `{"message":"sarif is not gzip"}`, 400)
			return
		}
		var log struct{ Runs []json.RawMessage }
		if err := json.NewDecoder(zr).Decode(&log); err != nil {
			http.Error(w, `{"message":"sarif is not JSON"}`, 400)
			return
		}
		c.uploads = append(c.uploads, received{repo, body.CommitSHA, body.Ref, body.ToolName, len(log.Runs)})
		w.WriteHeader(http.StatusAccepted)
		fmt.Fprintf(w, `{"id":"id-%d","url":"http://x/"}`, len(c.uploads))
	case r.Method == "GET" && len(parts) == 6:
		json.NewEncoder(w).Encode(map[string]any{"processing_status": c.status, "errors": c.errors})
	default:
		http.Error(w, `{"message":"Not Found"}`, 404)
	}
}

func client(t *testing.T, h http.Handler) *github.Client {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := github.NewClient(nil).WithEnterpriseURLs(srv.URL, srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(srv.URL + "/api/v3/")
	c.BaseURL = u
	return c
}

func TestDiscoverAndUpload(t *testing.T) {
	dir := t.TempDir()
	writeSARIF(t, dir, "acme", "beta", sha1, "main")
	writeSARIF(t, dir, "acme", "alpha", sha1, "trunk")
	ts, err := Discover(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{ts[0].FullName(), ts[1].FullName()}; !cmp.Equal(got, []string{"acme/alpha", "acme/beta"}) {
		t.Fatalf("order = %v", got)
	}
	fake := &codeScanning{status: "complete"}
	state, _ := LoadState(filepath.Join(dir, "state.json"))
	u := &Uploader{Client: client(t, fake), Wait: time.Second, PollInterval: time.Millisecond, State: state}
	var statuses []string
	for _, tg := range ts {
		statuses = append(statuses, u.Upload(context.Background(), tg, "").Status)
	}
	if diff := cmp.Diff([]string{"complete", "complete"}, statuses); diff != "" {
		t.Fatal(diff)
	}
	want := []received{
		{"acme/alpha", sha1, "refs/heads/trunk", "repogov", 1},
		{"acme/beta", sha1, "refs/heads/main", "repogov", 1},
	}
	if diff := cmp.Diff(want, fake.uploads); diff != "" {
		t.Errorf("uploads (-want +got):\n%s", diff)
	}

	// The state survives a save/load and skips unchanged commits.
	if err := state.Save(); err != nil {
		t.Fatal(err)
	}
	state2, err := LoadState(filepath.Join(dir, "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	u.State = state2
	if got := u.Upload(context.Background(), ts[0], "").Status; got != "skipped" {
		t.Errorf("second upload of an unchanged commit: %s, want skipped", got)
	}
	if got := u.Upload(context.Background(), ts[0], "refs/heads/other").Status; got != "complete" {
		t.Errorf("another ref is a new analysis: %s, want complete", got)
	}
}

func TestUploadFailures(t *testing.T) {
	dir := t.TempDir()
	p := writeSARIF(t, dir, "acme", "alpha", sha1, "main")
	tg := Target{Owner: "acme", Repo: "alpha", Path: p, CommitSHA: sha1, Ref: "refs/heads/main"}

	fake := &codeScanning{failWith: 403}
	out := (&Uploader{Client: client(t, fake)}).Upload(context.Background(), tg, "")
	if out.Status != "error" || len(out.Errors) != 1 || !strings.Contains(out.Errors[0], "security_events=write") {
		t.Errorf("403: %+v, want an error naming the missing permission", out)
	}

	fake = &codeScanning{status: "failed", errors: []string{"locationFromSarifResult: expected artifact location"}}
	out = (&Uploader{Client: client(t, fake), Wait: time.Second, PollInterval: time.Millisecond}).Upload(context.Background(), tg, "")
	if out.Status != "failed" || !cmp.Equal(out.Errors, fake.errors) {
		t.Errorf("processing failure: %+v", out)
	}

	out = (&Uploader{Client: client(t, fake)}).Upload(context.Background(), Target{Owner: "a", Repo: "b", Path: p, CommitSHA: sha1}, "")
	if out.Status != "error" || !strings.Contains(out.Errors[0], "--ref") {
		t.Errorf("no ref: %+v", out)
	}
}

func TestDiscoverErrors(t *testing.T) {
	dir := t.TempDir()
	writeSARIF(t, dir, "acme", "local", "", "main")
	os.WriteFile(filepath.Join(dir, "stray.sarif"), []byte("{}"), 0o644)
	os.MkdirAll(filepath.Join(dir, "acme"), 0o755)
	os.WriteFile(filepath.Join(dir, "acme", "broken.sarif"), []byte("{not json"), 0o644)
	_, err := Discover(dir)
	for _, want := range []string{"local.sarif: versionControlProvenance has no 40-hex revisionId", "stray.sarif: expected DIR/<owner>/<repo>.sarif", "broken.sarif: not a SARIF file"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Discover error %v, want it to contain %q", err, want)
		}
	}
}

func TestEncodeLimit(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "big.sarif")
	// Random-looking data does not compress: over the gzipped limit.
	f, _ := os.Create(p)
	x := uint64(1)
	buf := make([]byte, 1<<20)
	for i := 0; i < 11; i++ {
		for j := range buf {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
			buf[j] = byte(x)
		}
		f.Write(buf)
	}
	f.Close()
	if _, err := Encode(p); err == nil || !strings.Contains(err.Error(), "upload limit") {
		t.Errorf("Encode(11 MB random) = %v, want the size-limit error", err)
	}
	small := writeSARIF(t, dir, "a", "b", sha1, "main")
	enc, err := Encode(small)
	if err != nil {
		t.Fatal(err)
	}
	gz, _ := base64.StdEncoding.DecodeString(enc)
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(zr)
	want, _ := os.ReadFile(small)
	if !bytes.Equal(got, want) {
		t.Error("Encode does not round-trip")
	}
}
