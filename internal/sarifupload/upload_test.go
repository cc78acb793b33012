package sarifupload

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/repogov/repogov/internal/githubtest"
	ghsrc "github.com/repogov/repogov/scanner/github"
)

const token = "ghp_uploadTESTtoken0123456789"

// fakeGitHub starts the fake GitHub with the fixture organizations and returns an
// uploader that talks to it, and the fixtures' HEAD commit per repository.
func fakeGitHub(t *testing.T) (*githubtest.Server, *Uploader, map[string]string) {
	t.Helper()
	srv := githubtest.Start(t, githubtest.Fixtures(t), githubtest.Options{Token: token, Enterprise: true})
	src, err := ghsrc.New(ghsrc.Options{BaseURL: srv.URL, Token: token})
	if err != nil {
		t.Fatal(err)
	}
	heads := map[string]string{}
	for _, org := range srv.Store.Orgs {
		for _, r := range org.Repos {
			heads[org.Login+"/"+r.Name] = r.HeadOID
		}
	}
	return srv, &Uploader{Client: src.REST, PollInterval: time.Millisecond}, heads
}

func writeSARIF(t *testing.T, dir, full, sha, branch string) string {
	t.Helper()
	p := filepath.Join(dir, full+".sarif")
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	doc := fmt.Sprintf(`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"repogov","rules":[]}},
"automationDetails":{"id":"repogov/default/run-1"},"results":[{"ruleId":"x","message":{"text":"m"}}],
"versionControlProvenance":[{"repositoryUri":"https://github.com/%s","revisionId":%q,"branch":%q}]}]}`, full, sha, branch)
	if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestDiscoverAndUpload(t *testing.T) {
	srv, u, heads := fakeGitHub(t)
	dir := t.TempDir()
	writeSARIF(t, dir, "acme/beta", heads["acme/beta"], "main")
	writeSARIF(t, dir, "acme/alpha", heads["acme/alpha"], "trunk")
	ts, err := Discover(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{ts[0].FullName(), ts[1].FullName()}; !cmp.Equal(got, []string{"acme/alpha", "acme/beta"}) {
		t.Fatalf("order = %v", got)
	}
	state, err := LoadState(filepath.Join(dir, "state.json"))
	if err != nil {
		t.Fatal(err)
	}
	u.State, u.Wait = state, time.Second
	var statuses []string
	for _, tg := range ts {
		out := u.Upload(context.Background(), tg, "")
		statuses = append(statuses, out.Status)
		if !strings.HasPrefix(out.ID, "47177e22") {
			t.Errorf("%s: id %q, want the one GitHub returned", tg.FullName(), out.ID)
		}
	}
	if diff := cmp.Diff([]string{"complete", "complete"}, statuses); diff != "" {
		t.Fatal(diff)
	}
	want := []githubtest.SarifUpload{
		{Repo: "acme/alpha", CommitSHA: heads["acme/alpha"], Ref: "refs/heads/trunk", Runs: 1, Results: 1, Category: "repogov/default"},
		{Repo: "acme/beta", CommitSHA: heads["acme/beta"], Ref: "refs/heads/main", Runs: 1, Results: 1, Category: "repogov/default"},
	}
	if diff := cmp.Diff(want, srv.Uploads()); diff != "" {
		t.Errorf("uploads (-want +got):\n%s", diff)
	}

	// The state survives a save and load, and skips commits already uploaded.
	if err := state.Save(); err != nil {
		t.Fatal(err)
	}
	if u.State, err = LoadState(filepath.Join(dir, "state.json")); err != nil {
		t.Fatal(err)
	}
	if got := u.Upload(context.Background(), ts[0], "").Status; got != "skipped" {
		t.Errorf("second upload of an unchanged commit: %s, want skipped", got)
	}
	if got := u.Upload(context.Background(), ts[0], "refs/heads/other").Status; got != "complete" {
		t.Errorf("another ref is a new analysis: %s, want complete", got)
	}
	if n := len(srv.Uploads()); n != 3 {
		t.Errorf("%d uploads reached GitHub, want 3", n)
	}
}

func TestUploadFailures(t *testing.T) {
	srv, u, heads := fakeGitHub(t)
	dir := t.TempDir()
	target := func(full, sha string) Target {
		p := writeSARIF(t, dir, full, sha, "main")
		owner, repo, _ := strings.Cut(full, "/")
		return Target{Owner: owner, Repo: repo, Path: p, CommitSHA: sha, Ref: "refs/heads/main"}
	}
	alpha := target("acme/alpha", heads["acme/alpha"])

	// A private repository without GitHub Code Security: GitHub refuses, we say why.
	out := u.Upload(context.Background(), target("acme/secret", heads["acme/secret"]), "")
	if out.Status != "error" || len(out.Errors) != 1 || !strings.Contains(out.Errors[0], "GitHub Code Security") {
		t.Errorf("private repository: %+v", out)
	}

	// GitHub accepts the upload, then fails processing it: the errors reach the user.
	srv.SetSarifProcessing("failed", "locationFromSarifResult: expected artifact location")
	u.Wait = time.Second
	out = u.Upload(context.Background(), alpha, "")
	if out.Status != "failed" || !cmp.Equal(out.Errors, []string{"locationFromSarifResult: expected artifact location"}) {
		t.Errorf("processing failure: %+v", out)
	}

	// Still pending when --wait runs out: uploaded, with a note.
	srv.SetSarifProcessing("pending")
	u.Wait = 20 * time.Millisecond
	if out = u.Upload(context.Background(), alpha, ""); out.Status != "uploaded" || !strings.Contains(out.Errors[0], "pending") {
		t.Errorf("pending: %+v", out)
	}

	if out = u.Upload(context.Background(), Target{Owner: "acme", Repo: "alpha", Path: alpha.Path, CommitSHA: alpha.CommitSHA}, ""); out.Status != "error" || !strings.Contains(out.Errors[0], "--ref") {
		t.Errorf("no ref: %+v", out)
	}
	if out = u.Upload(context.Background(), target("acme/nope", heads["acme/alpha"]), ""); out.Status != "error" || !strings.HasPrefix(out.Errors[0], "404") {
		t.Errorf("missing repository: %+v", out)
	}
}

func TestDiscoverErrors(t *testing.T) {
	dir := t.TempDir()
	writeSARIF(t, dir, "acme/local", "", "main")
	os.WriteFile(filepath.Join(dir, "stray.sarif"), []byte("{}"), 0o644)
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
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	x := uint64(1)
	buf := make([]byte, 1<<20)
	for range 11 {
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
	small := writeSARIF(t, dir, "a/b", strings.Repeat("a", 40), "main")
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
