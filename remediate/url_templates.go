package remediate

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/repogov/repogov/internal/redact"
	"github.com/repogov/repogov/policy"
	"github.com/repogov/repogov/report"
)

// Limits of a `url:` template fetch.
const (
	urlTimeout   = 10 * time.Second // the whole fetch: redirects and body included
	maxRedirects = 3
)

// URLTemplates fetches `url:` templates (policy.Template.URL): a plain GET, https only
// (http only to a loopback address, for a local mirror or a test), at most maxRedirects
// redirects and each to https, at most maxTemplate bytes (a larger Content-Length is
// refused before the body is read, and the body is read through a limit anyway),
// urlTimeout for the whole fetch. No credential is ever sent: the client is its own,
// never a forge's, and a URL with a user name or password is refused. Fetches are cached
// per run by URL, so a thousand repositories fetch a template once.
type URLTemplates struct {
	// Transport carries the requests (nil: http.DefaultTransport, which honours
	// HTTPS_PROXY); tests give httptest's. It must not add credentials.
	Transport http.RoundTripper
	// Timeout bounds one fetch (0: urlTimeout).
	Timeout time.Duration

	cache cachedReads
}

// ReadTemplate fetches t.URL. Errors name the URL without credentials or query.
func (u *URLTemplates) ReadTemplate(ctx context.Context, _ report.Repository, t policy.Template) ([]byte, error) {
	b, err := u.cache.get(ctx, t.URL, func() ([]byte, error) { return u.fetch(ctx, t.URL) })
	if err != nil {
		return nil, fmt.Errorf("url %s: %w", shownURL(t.URL), err)
	}
	return b, nil
}

func (u *URLTemplates) fetch(ctx context.Context, raw string) ([]byte, error) {
	pu, err := url.Parse(raw)
	if err != nil {
		return nil, errors.New("not a URL") // url's error repeats the URL
	}
	if pu.User != nil {
		return nil, errors.New("a URL with credentials is refused: templates are fetched without any")
	}
	if pu.Scheme != "https" && !(pu.Scheme == "http" && loopback(pu.Hostname())) {
		return nil, errors.New("not an https URL")
	}
	c := &http.Client{Transport: u.Transport, Timeout: u.timeout(),
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > maxRedirects {
				return fmt.Errorf("more than %d redirects", maxRedirects)
			}
			if req.URL.Scheme != "https" || req.URL.User != nil {
				return fmt.Errorf("redirect to %s refused: only https, without credentials", shownURL(req.URL.String()))
			}
			return nil
		}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, pu.String(), nil)
	if err != nil {
		return nil, errors.New("not a URL")
	}
	req.Header.Set("User-Agent", "repogov")
	resp, err := c.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // without the URL it names, query and all
		}
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP %s", resp.Status)
	}
	if resp.ContentLength > maxTemplate {
		return nil, fmt.Errorf("larger than %d bytes (Content-Length %d)", maxTemplate, resp.ContentLength)
	}
	b, err := readBounded(resp.Body, "the response")
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return b, err
}

func (u *URLTemplates) timeout() time.Duration {
	if u.Timeout > 0 {
		return u.Timeout
	}
	return urlTimeout
}

// loopback reports whether host is this machine: localhost or a loopback address.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// shownURL is u as messages show it: no user name or password, no query (a signed URL
// carries its secret there) and no fragment.
func shownURL(u string) string {
	pu, err := url.Parse(u)
	if err != nil {
		s, _, _ := strings.Cut(redact.URL(u), "?")
		return s
	}
	pu.User = nil
	if pu.RawQuery != "" || pu.ForceQuery {
		pu.RawQuery, pu.ForceQuery = "…", false
	}
	pu.Fragment, pu.RawFragment = "", ""
	return pu.String()
}
