package publiccode

import (
	"net/url"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/github/go-spdx/v2/spdxexp"
	"github.com/repogov/repogov/internal/spdx"
	"golang.org/x/text/language"
)

// date: exactly YYYY-MM-DD and a real calendar day (§8).
func (v *validator) date(f *field, s string) (time.Time, bool) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil || len(s) != 10 {
		v.errorf(f.path, "date", f.at, "%s is not a date in YYYY-MM-DD form", quote(s))
		return time.Time{}, false
	}
	return t, true
}

// parseURL accepts what has a scheme and a host; scp-style git remotes do not parse.
func parseURL(s string) (*url.URL, bool) {
	u, err := url.Parse(s)
	if err != nil || u.Scheme == "" {
		return nil, false
	}
	return u, true
}

// httpURL: an http(s) URL with a host (D15).
func (v *validator) httpURL(f *field, s string) bool {
	u, ok := parseURL(s)
	if !ok || u.Host == "" || u.Opaque != "" || (!strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https")) {
		v.errorf(f.path, "url", f.at, "%s is not an http(s) URL", quote(s))
		return false
	}
	return true
}

var scpLike = regexp.MustCompile(`^[\w.-]+@[\w.-]+:`)

// anyURL: the URL form of url and isBasedOn (§8).
func (v *validator) anyURL(f *field, s string) (*url.URL, bool) {
	if scpLike.MatchString(s) && !strings.Contains(s, "://") {
		v.errorf(f.path, "url", f.at, "%s is an scp-style git address; write an https URL", quote(s))
		return nil, false
	}
	u, ok := parseURL(s)
	if !ok {
		v.errorf(f.path, "url", f.at, "%s is not a URL (a scheme and a host are required)", quote(s))
		return nil, false
	}
	switch {
	case u.Opaque != "":
		v.warnf(f.path, "url", f.at, "%s is not a repository URL", quote(s))
		return nil, false
	case strings.EqualFold(u.Scheme, "file"):
		if u.Path == "" {
			v.errorf(f.path, "url", f.at, "%s has no path", quote(s))
			return nil, false
		}
	case u.Host == "":
		v.errorf(f.path, "url", f.at, "%s has no host", quote(s))
		return nil, false
	}
	return u, true
}

// repoURL: the url key (§5, §13).
func (v *validator) repoURL(f *field, s string) {
	u, ok := v.anyURL(f, s)
	if !ok {
		return
	}
	if !strings.EqualFold(u.Scheme, "http") && !strings.EqualFold(u.Scheme, "https") {
		v.warnf(f.path, "url", f.at, "prefer an http(s) URL without credentials (got scheme %q)", u.Scheme)
	}
	if strings.EqualFold(u.Hostname(), "github.com") {
		p := strings.TrimSuffix(strings.TrimSuffix(u.Path, "/"), ".git")
		parts := strings.Split(strings.TrimPrefix(p, "/"), "/")
		if len(parts) != 2 || parts[0] == "" || parts[1] == "" || u.RawQuery != "" || u.Fragment != "" {
			v.errorf(f.path, "url", f.at, "%s is not a GitHub repository URL (https://github.com/OWNER/REPO)", quote(s))
			return
		}
	}
	if v.opts.RepoURL == "" {
		return
	}
	if normRepo(s) != normRepo(v.opts.RepoURL) {
		if v.opts.Fork {
			v.warnf(f.path, "repo-mismatch", f.at, "%s is not this repository (%s): catalogs skip technical forks; a maintained variant sets url to itself and lists the upstream in isBasedOn", quote(s), v.opts.RepoURL)
		} else {
			v.errorf(f.path, "repo-mismatch", f.at, "%s is not this repository (%s); catalogs refuse the file", quote(s), v.opts.RepoURL)
		}
	}
}

// normRepo: drop the scheme, lowercase, drop a trailing "/" and ".git" (§13).
func normRepo(s string) string {
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	s = strings.ToLower(s)
	s = strings.TrimSuffix(s, "/")
	s = strings.TrimSuffix(s, ".git")
	return strings.TrimSuffix(s, "/")
}

// urnRe: RFC 2141 — "urn:", a NID of 1–32 letters, digits and hyphens not starting with a
// hyphen (and not "urn"), and an NSS of the allowed characters or %-escapes.
var urnRe = regexp.MustCompile(`(?i)^urn:([a-z0-9][a-z0-9-]{0,31}):((?:[a-z0-9()+,\-.:=@;$_!*'/?#]|%[0-9a-f]{2})+)$`)

// uri: an absolute URL with a host, or a URN; for organisations, an urn:x-italian-pa: code
// must be a known iPA code (D11).
func (v *validator) uri(f *field, s string, org bool) {
	if m := urnRe.FindStringSubmatch(s); m != nil && !strings.EqualFold(m[1], "urn") {
		if org && strings.EqualFold(m[1], "x-italian-pa") {
			v.ipa(f, m[2])
		}
		return
	}
	if strings.HasPrefix(strings.ToLower(s), "urn:") {
		v.errorf(f.path, "uri", f.at, "%s is not a valid URN (urn:<nid>:<nss>, RFC 2141)", quote(s))
		return
	}
	if u, ok := parseURL(s); ok && u.Host != "" {
		return
	}
	v.errorf(f.path, "uri", f.at, "%s is neither a URL with scheme and host nor a URN", quote(s))
}

// email: a bare addr-spec at least as strict as the reference's (D14): no display name,
// no spaces, no IP literals, a domain with at least two labels.
func (v *validator) email(f *field, s string) {
	if !validEmail(s) {
		v.errorf(f.path, "email", f.at, "%s is not an e-mail address", quote(s))
	}
}

func validEmail(s string) bool {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 || at == len(s)-1 || len(s) > 254 {
		return false
	}
	local, domain := s[:at], s[at+1:]
	if utf8.RuneCountInString(local) > 64 || strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") || strings.Contains(local, "..") {
		return false
	}
	for _, r := range local {
		if r < 0x80 {
			if !(isAlnum(r) || strings.ContainsRune("!#$%&'*+/=?^_`{|}~.-", r)) {
				return false
			}
		} else if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
			return false
		}
	}
	labels := strings.Split(domain, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || utf8.RuneCountInString(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if !(isAlnum(r) || r == '-' || (r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)))) {
				return false
			}
		}
	}
	tld := labels[len(labels)-1]
	for _, r := range tld {
		if r < 0x80 && r >= '0' && r <= '9' {
			return false // an IP address, not a domain
		}
	}
	return true
}

func isAlnum(r rune) bool {
	return (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9')
}

// mimeRe: RFC 6838 type/subtype, optional surrounding spaces, no parameters (§8).
var mimeRe = regexp.MustCompile(`^ *[a-zA-Z0-9][a-zA-Z0-9!#$&^_-]{0,126}/[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]{0,126} *$`)

func (v *validator) mime(f *field, s string) {
	if !mimeRe.MatchString(s) {
		v.errorf(f.path, "mime", f.at, "%s is not a MIME type (type/subtype, no parameters)", quote(s))
	}
}

// spdx: a valid expression is required; non-free or custom licences and deprecated ids
// are warnings (D12).
func (v *validator) spdx(f *field, s string) {
	if !validSPDX(s) {
		v.errorf(f.path, "spdx", f.at, "%s is not a valid SPDX licence expression (operators are AND, OR, WITH in uppercase)", quote(s))
		return
	}
	// The identifiers as written: go-spdx normalises deprecated forms (GPL-2.0+) away.
	seen := map[string]bool{}
	for _, id := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '(' || r == ')' || r == '\t' || r == '\n' || r == '\r' }) {
		switch id {
		case "AND", "OR", "WITH":
			continue
		}
		if seen[id] || spdx.IsException(id) {
			continue
		}
		seen[id] = true
		base := strings.TrimSuffix(id, "+")
		switch {
		case strings.HasPrefix(strings.ToLower(base), "licenseref-") || strings.Contains(strings.ToLower(base), ":licenseref-"):
			v.warnf(f.path, "spdx", f.at, "%s is a custom licence; the standard asks for open-source licences", quote(id))
		case spdx.IsDeprecated(id) || (base != id && gnuRe.MatchString(base)):
			if gnuRe.MatchString(base) {
				v.warnf(f.path, "deprecated", f.at, "%s is a deprecated SPDX identifier; use %s-only or %s-or-later", quote(id), base, base)
			} else {
				v.warnf(f.path, "deprecated", f.at, "%s is a deprecated SPDX identifier", quote(id))
			}
		case !spdx.IsOSIApproved(base) && !spdx.IsFSFLibre(base):
			v.warnf(f.path, "spdx", f.at, "%s is neither OSI-approved nor FSF-free (per the SPDX licence list); the standard asks for open-source licences", quote(id))
		}
	}
}

// spdxCache memoises go-spdx verdicts, which rebuild the licence list on every call;
// a scan sees the same few expressions over and over. It stops growing at 4096 entries.
var (
	spdxCache     sync.Map // string → bool
	spdxCacheSize atomic.Int32
)

func validSPDX(s string) bool {
	if v, ok := spdxCache.Load(s); ok {
		return v.(bool)
	}
	ok, _ := spdxexp.ValidateLicenses([]string{s})
	if spdxCacheSize.Load() < 4096 {
		spdxCacheSize.Add(1)
		spdxCache.Store(s, ok)
	}
	return ok
}

var gnuRe = regexp.MustCompile(`(?i)^(A|L)?GPL-\d\.\d$`)

// grandfathered lists the IANA registry's grandfathered tags (RFC 5646 §2.2.8); they are
// valid whole tags although they do not follow the subtag grammar.
var grandfathered = set("en-gb-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon",
	"i-lux", "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-be-fr", "sgn-be-nl", "sgn-ch-de",
	"art-lojban", "cel-gaulish", "no-bok", "no-nyn", "zh-guoyu", "zh-hakka", "zh-min", "zh-min-nan", "zh-xiang")

var privateUseRe = regexp.MustCompile(`(?i)^x(-[a-z0-9]{1,8})+$`)

// checkBCP47 returns "" for a valid tag, else why it is not (§8 BCP 47 strict).
func checkBCP47(tag string) string {
	q := quote(tag)
	if strings.Contains(tag, "_") {
		return q + ` is not a valid BCP 47 language tag (use "-", e.g. "en-GB")`
	}
	low := strings.ToLower(tag)
	if grandfathered[low] || privateUseRe.MatchString(tag) {
		return ""
	}
	subs := strings.Split(low, "-")
	primary := subs[0]
	if len(primary) < 2 || len(primary) > 3 || !isAlpha(primary) {
		return q + " is not a valid BCP 47 language tag (the language must be a 2- or 3-letter ISO 639 code)"
	}
	b, err := language.ParseBase(primary)
	if err != nil {
		return q + " is not a valid BCP 47 language tag (unknown language " + quote(primary) + ")"
	}
	if len(primary) == 3 && len(b.String()) == 2 {
		return q + " is not a valid BCP 47 language tag (use the shortest language code " + quote(b.String()) + ")"
	}
	// Extlangs: language.Parse folds "zh-yue" into "yue" whatever the prefix, so the
	// prefix is checked against our registry table.
	for i := 1; i < len(subs) && i <= 3 && len(subs[i]) == 3 && isAlpha(subs[i]); i++ {
		if p, ok := extlangPrefix[subs[i]]; !ok || p != primary {
			if !(primary == "sgn" && !ok && i == 1) {
				return q + " is not a valid BCP 47 language tag (" + quote(subs[i]) + " is not an extended language subtag of " + quote(primary) + ")"
			}
		}
	}
	t, err := language.Parse(tag)
	if err != nil {
		return q + " is not a valid BCP 47 language tag"
	}
	// An unknown UN M.49 number parses as region ZZ.
	if r, conf := t.Region(); conf == language.Exact && r.String() == "ZZ" {
		for _, s := range subs[1:] {
			if len(s) == 3 && s[0] >= '0' && s[0] <= '9' {
				return q + " is not a valid BCP 47 language tag (unknown region " + quote(s) + ")"
			}
		}
	}
	return ""
}

func isAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return s != ""
}
