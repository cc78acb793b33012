package github

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	gh "github.com/google/go-github/v60/github"

	"github.com/repogov/repogov/scanner/internal/forge"
)

// The transport (rate limits, retries, in-flight bound, wait accounting) is shared
// with the other forges (scanner/internal/forge); GitHub supplies its policy: which
// bucket a request draws from, how its headers report it, and what a 403/429 means.

// Retry tunes waiting and retrying. Zero fields take the defaults.
type Retry = forge.Retry

// BudgetError reports that the primary rate limit ran out and its reset is further away
// than the allowed wait. It marks the scan incomplete (scanner.ErrIncomplete).
type BudgetError = forge.BudgetError

// Stats counts what a source spent.
type Stats = forge.Stats

type transport = forge.Transport

func newTransport(base http.RoundTripper, inFlight int, retry Retry, maxWait time.Duration, stats *Stats, log *slog.Logger) *transport {
	return forge.NewTransport(base, githubPolicy, inFlight, retry, maxWait, stats, log)
}

// githubPolicy is what GitHub's responses mean (specs/github-api.md): primary budgets per
// resource (core, graphql) in X-RateLimit-*, secondary limits as 403/429 with
// Retry-After or a message, GraphQL's RATE_LIMITED on a 200.
var githubPolicy = forge.Policy{
	Host:     "GitHub",
	Resource: resourceOf,
	Record: func(res string, h http.Header, now time.Time) (string, forge.Rate, bool) {
		rem := h.Get("X-RateLimit-Remaining")
		if rem == "" {
			return "", forge.Rate{}, false // GHES with rate limiting off: unknown, keep going
		}
		if r := h.Get("X-RateLimit-Resource"); r != "" {
			res = r
		}
		n, err := strconv.Atoi(rem)
		if err != nil {
			return "", forge.Rate{}, false
		}
		lim, _ := strconv.Atoi(h.Get("X-RateLimit-Limit"))
		return res, forge.Rate{Limit: lim, Remaining: n, Reset: parseReset(h, now)}, true
	},
	Classify: func(resp *http.Response, body []byte, now time.Time) forge.Verdict {
		switch {
		case (resp.StatusCode == 403 || resp.StatusCode == 429 || resp.StatusCode == 200) && resp.Header.Get("X-RateLimit-Remaining") == "0" &&
			(resp.StatusCode != 200 || bytes.Contains(body, []byte("RATE_LIMITED"))):
			return forge.Verdict{Kind: forge.Exhausted, Reset: parseReset(resp.Header, now), Wait: forge.RetryAfter(resp.Header, now)}
		case resp.StatusCode == 403 || resp.StatusCode == 429:
			ra := forge.RetryAfter(resp.Header, now)
			if ra == 0 && !secondaryBody(body) {
				return forge.Verdict{Kind: forge.OK} // a permission problem: the caller explains it
			}
			return forge.Verdict{Kind: forge.Throttled, Wait: ra, Why: "secondary rate limit"}
		case resp.StatusCode >= 500:
			return forge.Verdict{Kind: forge.Transient, Why: fmt.Sprintf("HTTP %d", resp.StatusCode)}
		case forge.TruncatedJSON(resp, body):
			return forge.Verdict{Kind: forge.Transient, Why: "truncated JSON response"}
		}
		return forge.Verdict{Kind: forge.OK}
	},
	Prepare: func(r *http.Request) {
		if resourceOf(r) != "graphql" && r.Header.Get("X-GitHub-Api-Version") == "" {
			r.Header.Set("X-GitHub-Api-Version", "2022-11-28")
		}
	},
}

func resourceOf(req *http.Request) string {
	if strings.HasSuffix(req.URL.Path, "/graphql") {
		return "graphql"
	}
	return "core"
}

func parseReset(h http.Header, now time.Time) time.Time {
	return forge.UnixReset(h, "X-RateLimit-Reset", now)
}

func secondaryBody(body []byte) bool {
	b := bytes.ToLower(body)
	return bytes.Contains(b, []byte("secondary rate limit")) || bytes.Contains(b, []byte("abuse")) ||
		bytes.Contains(b, []byte("secondary-rate-limits"))
}

// errAuth marks credential and permission errors (not worth retrying).
var errAuth = errors.New("GitHub refused the credential")

func isAuth(err error) bool { return errors.Is(err, errAuth) }

type authErr struct{ msg string }

func (e *authErr) Error() string        { return e.msg }
func (e *authErr) Is(target error) bool { return target == errAuth }

// authError explains a 401 or 403 that is not a rate limit.
func authError(resp *http.Response, what string) error {
	return &authErr{authMessage(resp, what).Error()}
}

func authMessage(resp *http.Response, what string) error {
	h := resp.Header
	switch {
	case resp.StatusCode == 401:
		return fmt.Errorf("%s: HTTP 401: the GitHub credential is missing, invalid or expired (set GITHUB_TOKEN or GH_TOKEN, or configure a GitHub App)", what)
	case resp.StatusCode == 403 && strings.HasPrefix(h.Get("X-GitHub-SSO"), "required"):
		return fmt.Errorf("%s: HTTP 403: the token is not authorised for this organization's SAML single sign-on; authorise it at %s", what, strings.TrimPrefix(strings.TrimPrefix(h.Get("X-GitHub-SSO"), "required;"), " url="))
	case resp.StatusCode == 403 && h.Get("X-Accepted-GitHub-Permissions") != "":
		return fmt.Errorf("%s: HTTP 403: the token or App lacks a permission; GitHub wants %s (Metadata: read lists repositories, Contents: read reads files)", what, h.Get("X-Accepted-GitHub-Permissions"))
	case resp.StatusCode == 403 && h.Get("X-Accepted-OAuth-Scopes") != "":
		return fmt.Errorf("%s: HTTP 403: the token has scopes %q but this needs %q (classic tokens need repo for private repositories)", what, h.Get("X-OAuth-Scopes"), h.Get("X-Accepted-OAuth-Scopes"))
	case resp.StatusCode == 403:
		return fmt.Errorf("%s: HTTP 403: forbidden (fine-grained tokens and Apps need Metadata: read and Contents: read; classic tokens need repo for private repositories)", what)
	}
	return fmt.Errorf("%s: HTTP %d", what, resp.StatusCode)
}

// restDo runs one go-github call. go-github v60 refuses to send while it believes the
// primary budget is exhausted (it saw remaining 0 on a successful response); that
// refusal is turned into our policy: wait for the reset within MaxWait, else stop.
func (c *client) restDo(ctx context.Context, call func() (*gh.Response, error)) error {
	for {
		_, err := call()
		var rle *gh.RateLimitError
		if !errors.As(err, &rle) {
			return err
		}
		if err := c.tr.WaitForReset(ctx, "core", rle.Rate.Reset.Time); err != nil {
			return err
		}
	}
}
