package gitlab

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/repogov/repogov/scanner/internal/forge"
)

// policy is what GitLab's responses mean (specs/gitlab-api.md §7.2). REST and GraphQL
// draw from one user bucket on gitlab.com, so there is one resource.
var policy = forge.Policy{
	Host:      "GitLab",
	Resource:  func(*http.Request) string { return "api" },
	PaceBelow: 0.1, // "slow down when RateLimit-Remaining < 10 %" (§7.2)
	Record: func(res string, h http.Header, now time.Time) (string, forge.Rate, bool) {
		rem, err := strconv.Atoi(h.Get("RateLimit-Remaining"))
		if err != nil {
			return "", forge.Rate{}, false // self-managed without throttles: unknown, keep going
		}
		lim, _ := strconv.Atoi(h.Get("RateLimit-Limit"))
		return res, forge.Rate{Limit: lim, Remaining: rem, Reset: forge.UnixReset(h, "RateLimit-Reset", now)}, true
	},
	Classify: func(resp *http.Response, body []byte, now time.Time) forge.Verdict {
		h := resp.Header
		switch {
		case resp.StatusCode == 429 && h.Get("RateLimit-Remaining") == "0":
			// The user or IP throttle: empty until its reset (Retry-After says the same).
			reset := forge.UnixReset(h, "RateLimit-Reset", now)
			if ra := forge.RetryAfter(h, now); ra > 0 && now.Add(ra).After(reset) {
				reset = now.Add(ra)
			}
			return forge.Verdict{Kind: forge.Exhausted, Reset: reset}
		case resp.StatusCode == 429:
			// An application limit (per endpoint): Retry-After only, no RateLimit-* headers.
			return forge.Verdict{Kind: forge.Throttled, Wait: forge.RetryAfter(h, now), Bounded: true, Why: "endpoint rate limit (429 with Retry-After)"}
		case resp.StatusCode >= 500 && resp.StatusCode != 501:
			return forge.Verdict{Kind: forge.Transient, Why: fmt.Sprintf("HTTP %d", resp.StatusCode)}
		case forge.TruncatedJSON(resp, body):
			return forge.Verdict{Kind: forge.Transient, Why: "truncated JSON response"}
		}
		return forge.Verdict{Kind: forge.OK}
	},
}
