package remediate

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/repogov/repogov/policy"
)

// urlServer is a TLS server on loopback serving url templates; it counts requests per
// path and fails the test on any credential it receives.
type urlServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
}

func startURLServer(t *testing.T) *urlServer {
	t.Helper()
	s := &urlServer{hits: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "Licensed by {{ .Org }} in {{ .Year }}.\n")
	})
	mux.HandleFunc("/big-declared", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(maxTemplate+1))
		w.Write([]byte(strings.Repeat("x", maxTemplate+1)))
	})
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		chunk := []byte(strings.Repeat("x", 64<<10))
		for range 40 { // 2.5 MiB without a Content-Length
			if _, err := w.Write(chunk); err != nil {
				return
			}
			w.(http.Flusher).Flush()
		}
	})
	for i := 1; i <= 4; i++ { // /r4 → /r3 → /r2 → /r1 → /ok
		to := fmt.Sprintf("/r%d", i-1)
		if i == 1 {
			to = "/ok"
		}
		mux.Handle(fmt.Sprintf("/r%d", i), http.RedirectHandler(to, http.StatusFound))
	}
	mux.Handle("/to-http", http.RedirectHandler("http://example.invalid/LICENSE", http.StatusMovedPermanently))
	mux.Handle("/to-userinfo", http.RedirectHandler("https://user:hunter2@example.invalid/LICENSE", http.StatusMovedPermanently))
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	s.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, h := range []string{"Authorization", "Private-Token", "Cookie", "Job-Token"} {
			if r.Header.Get(h) != "" {
				t.Errorf("%s sent to %s", h, r.URL)
			}
		}
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// TestURLTemplates fetches url templates through the producer, as `repogov fix` and
// hosted remediation do: the limits, redirects, the refusals, errors naming the policy
// position and the URL without its secrets, and one fetch for many repositories.
func TestURLTemplates(t *testing.T) {
	srv := startURLServer(t)
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "plain {{ .Repo }}\n") }))
	defer plain.Close()
	ctx := context.Background()
	for _, tc := range []struct {
		url     string
		want    string // the file, or the problem after "POLICY:3:3: template license-file: "
		fetches int    // requests to the server for three repositories
	}{
		{srv.URL + "/ok", "Licensed by acme in 2026.\n", 1},
		{srv.URL + "/r3", "Licensed by acme in 2026.\n", 4}, // three redirects are followed
		{srv.URL + "/r4", "url " + srv.URL + "/r4: more than 3 redirects; LICENSE not written", 0},
		{srv.URL + "/to-http", "url " + srv.URL + "/to-http: redirect to http://example.invalid/LICENSE refused: only https, without credentials; LICENSE not written", 1},
		{srv.URL + "/to-userinfo", "url " + srv.URL + "/to-userinfo: redirect to https://example.invalid/LICENSE refused: only https, without credentials; LICENSE not written", 1},
		{srv.URL + "/big-declared", fmt.Sprintf("url %s/big-declared: larger than %d bytes (Content-Length %d); LICENSE not written", srv.URL, maxTemplate, maxTemplate+1), 1},
		{srv.URL + "/big-chunked", fmt.Sprintf("url %s/big-chunked: the response: larger than %d bytes; LICENSE not written", srv.URL, maxTemplate), 1},
		{srv.URL + "/missing?X-Amz-Signature=s3cr3t&token=t0k3n#frag", "url " + srv.URL + "/missing?…: HTTP 404 Not Found; LICENSE not written", 1},
		{"https://alice:s3cr3t@" + strings.TrimPrefix(srv.URL, "https://") + "/ok", "url " + srv.URL + "/ok: a URL with credentials is refused: templates are fetched without any; LICENSE not written", 0},
		{"http://example.invalid/LICENSE", "url http://example.invalid/LICENSE: not an https URL; LICENSE not written", 0},
		{plain.URL + "/x", "plain widget-0\n", 0}, // http to loopback (another server)
		{"https://%zz/", "url https://%zz/: not a URL; LICENSE not written", 0},
	} {
		pol := loadPolicy(t, "templates:\n  license-file:\n    file: LICENSE\n    url: https://example.org/LICENSE\n", nil)
		p := NewFiles(pol, nil, now)
		tm := p.templates[0]
		tm.URL = tc.url
		p.templates = []policy.Template{tm}
		p.URLs = &URLTemplates{Transport: srv.Client().Transport}
		srv.mu.Lock()
		clear(srv.hits)
		srv.mu.Unlock()
		for i := range 3 {
			rr := failingRules("license-file")
			rr.Meta.Name = fmt.Sprintf("widget-%d", i)
			files, problems := p.Files(ctx, rr)
			if strings.HasSuffix(tc.want, "\n") {
				if len(problems) != 0 || len(files) != 1 || string(files[0].Data) != strings.ReplaceAll(tc.want, "widget-0", rr.Meta.Name) {
					t.Errorf("%s: %q %v, want %q", tc.url, files, problems, tc.want)
				}
				continue
			}
			if len(files) != 0 || len(problems) != 1 {
				t.Fatalf("%s: %v %v", tc.url, files, problems)
			}
			if got, want := problems[0].Error(), tm.Origin+": template license-file: "+tc.want; got != want {
				t.Errorf("%s:\n got %s\nwant %s", tc.url, got, want)
			}
			for _, secret := range []string{"s3cr3t", "t0k3n", "hunter2", "frag"} {
				if strings.Contains(problems[0].Error(), secret) {
					t.Errorf("%s: the problem shows %q: %s", tc.url, secret, problems[0])
				}
			}
		}
		srv.mu.Lock()
		n := 0
		for _, c := range srv.hits {
			n += c
		}
		srv.mu.Unlock()
		if tc.fetches > 0 && n != tc.fetches {
			t.Errorf("%s: %d requests for three repositories, want %d (one fetch, cached)", tc.url, n, tc.fetches)
		}
	}
}

// A fetch that does not finish within the timeout is a problem, not a hang.
func TestURLTemplatesTimeout(t *testing.T) {
	srv := startURLServer(t)
	u := &URLTemplates{Transport: srv.Client().Transport, Timeout: 50 * time.Millisecond}
	_, err := u.ReadTemplate(context.Background(), failingRules(), policy.Template{URL: srv.URL + "/slow"})
	if err == nil || !strings.Contains(err.Error(), "url "+srv.URL+"/slow: ") || !strings.Contains(err.Error(), "Timeout") {
		t.Errorf("%v, want a timeout naming the URL", err)
	}
	if (&URLTemplates{}).timeout() != 10*time.Second {
		t.Error("the default timeout is not 10 s")
	}
}

// Without a url reader (Producer.URLs nil), a url template is a problem naming it.
func TestURLTemplatesNoReader(t *testing.T) {
	pol := loadPolicy(t, "templates:\n  license-file:\n    file: LICENSE\n    url: https://example.org/LICENSE?sig=s3cr3t\n", nil)
	p := NewFiles(pol, nil, now)
	p.URLs = nil
	_, problems := p.Files(context.Background(), failingRules("license-file"))
	if len(problems) != 1 || !strings.HasSuffix(problems[0].Error(), ": template license-file: url https://example.org/LICENSE?…: no url reader") {
		t.Errorf("%v", problems)
	}
}
