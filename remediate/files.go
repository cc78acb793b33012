package remediate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/repogov/repogov/policy"
	"github.com/repogov/repogov/remediate/texts"
	"github.com/repogov/repogov/report"
)

// Rules whose standard texts remediation writes without a template, when the policy
// gives what they need (remediation.license, remediation.contacts.conduct).
const (
	licenseRule = "license-file"
	conductRule = "code-of-conduct"
	conductFile = "CODE_OF_CONDUCT.md"
)

// TemplateReader reads a template's `source:`. Local use reads the file next to the
// policy (LocalTemplates); hosted remediation reads it from a templates repository through
// the host's API (GitHubTemplates, GitLabTemplates; HostTemplates picks by forge).
// URLTemplates reads `url:` templates through the same method.
type TemplateReader interface {
	ReadTemplate(ctx context.Context, rr report.Repository, t policy.Template) ([]byte, error)
}

// Producer makes the files remediation adds to a repository: one producer for
// `repogov fix`, tracking issues and fix pull requests, so all three write the same bytes.
type Producer struct {
	templates []policy.Template
	rem       policy.Remediation
	reader    TemplateReader
	year      string
	// URLs fetches `url:` templates (NewFiles gives a URLTemplates: `repogov fix` and
	// hosted remediation fetch them alike; nil makes a url template a problem).
	URLs TemplateReader
	// Vars are extra placeholder values (repogov fix --var); they override the policy's.
	Vars map[string]string
}

// NewFiles returns the producer for a policy. reader reads template sources (nil: a
// template with a source is a problem); `url:` templates are fetched by a URLTemplates
// (Producer.URLs); now gives {{ .Year }} and a licence's [year].
func NewFiles(pol *policy.Policy, reader TemplateReader, now time.Time) *Producer {
	return &Producer{templates: pol.Templates(), rem: pol.Remediation(), reader: reader, year: strconv.Itoa(now.Year()),
		URLs: &URLTemplates{}}
}

// Makes reports whether the policy gives remediation any file to make: a "create"
// template, a licence, or the conduct contact the covenant needs.
func (p *Producer) Makes() bool {
	return p.rem.License != nil || p.rem.Contacts["conduct"] != "" ||
		slices.ContainsFunc(p.templates, func(t policy.Template) bool { return t.Mode == "create" && t.File != "" })
}

// Vars are the placeholder values for rr: {{ .Org }}, {{ .Repo }}, {{ .Year }}, the
// policy's contacts ({{ .SecurityContact }}, {{ .ConductContact }}, {{ .SupportContact }})
// and p.Vars.
func (p *Producer) vars(rr report.Repository) map[string]string {
	v := map[string]string{"Org": rr.Meta.Owner, "Repo": rr.Meta.Name, "Year": p.year}
	for role, name := range policy.Contacts {
		if c := p.rem.Contacts[role]; c != "" {
			v[name] = c
		}
	}
	for k, x := range p.Vars {
		v[k] = x
	}
	return v
}

// Files returns the files remediation adds to rr, sorted by path: for each failing rule,
// its "create" template; else, for a failing license-file, the licence the policy names
// (never one it does not) and, for a failing code-of-conduct, the Contributor Covenant
// 2.1 when the policy gives the conduct contact. A file with a placeholder left unfilled
// is never returned: it is among the problems, with where the placeholder is. Its
// signature is the one fix pull requests take files through.
func (p *Producer) Files(ctx context.Context, rr report.Repository) ([]File, []error) {
	var files []File
	var problems []error
	vars := p.vars(rr)
	done := map[string]bool{}
	for _, t := range p.templates {
		res, ok := rr.Result(t.Rule)
		if !ok || !res.Failed() || t.Mode != "create" || t.File == "" {
			continue
		}
		done[t.Rule] = true // an explicit template wins over a standard text
		f, err := p.fromTemplate(ctx, rr, t, vars)
		if err != nil {
			problems = append(problems, err)
			continue
		}
		files = append(files, f)
	}
	if res, ok := rr.Result(licenseRule); ok && res.Failed() && !done[licenseRule] && p.rem.License != nil {
		if f, err := p.license(rr); err != nil {
			problems = append(problems, err)
		} else {
			files = append(files, f)
		}
	}
	if res, ok := rr.Result(conductRule); ok && res.Failed() && !done[conductRule] && p.rem.Contacts["conduct"] != "" {
		if b, err := texts.FillCovenant(p.rem.Contacts["conduct"]); err != nil {
			problems = append(problems, fmt.Errorf("%s: %w; %s not written", conductRule, err, conductFile))
		} else {
			files = append(files, File{Rule: conductRule, Path: conductFile, Data: b})
		}
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, problems
}

func (p *Producer) fromTemplate(ctx context.Context, rr report.Repository, t policy.Template, vars map[string]string) (File, error) {
	fp := path.Clean(strings.TrimPrefix(t.File, "/"))
	if fp == "." || fp == ".." || strings.HasPrefix(fp, "../") {
		return File{}, fmt.Errorf("%s: template %s: file %q is outside the repository", t.Origin, t.Rule, t.File)
	}
	var text string
	switch {
	case t.Text != "":
		text = t.Text
	case t.Source != "":
		if p.reader == nil {
			return File{}, fmt.Errorf("%s: template %s: source %s: no template reader", t.Origin, t.Rule, t.SourceName)
		}
		b, err := p.reader.ReadTemplate(ctx, rr, t)
		if err != nil {
			return File{}, fmt.Errorf("%s: template %s: %w; %s not written", t.Origin, t.Rule, err, fp)
		}
		text = string(b)
	case t.URL != "":
		if p.URLs == nil {
			return File{}, fmt.Errorf("%s: template %s: url %s: no url reader", t.Origin, t.Rule, shownURL(t.URL))
		}
		b, err := p.URLs.ReadTemplate(ctx, rr, t)
		if err != nil {
			return File{}, fmt.Errorf("%s: template %s: %w; %s not written", t.Origin, t.Rule, err, fp)
		}
		text = string(b)
	default:
		return File{}, fmt.Errorf("%s: template %s: no text", t.Origin, t.Rule)
	}
	data, err := Fill(text, vars)
	if err != nil {
		return File{}, fmt.Errorf("%s: template %s: %w; %s not written", t.Origin, t.Rule, err, fp)
	}
	return File{Rule: t.Rule, Path: fp, Data: data}, nil
}

func (p *Producer) license(rr report.Repository) (File, error) {
	l := p.rem.License
	_, name, text, err := texts.License(l.ID)
	if err != nil {
		return File{}, fmt.Errorf("%s: remediation.license: %w", l.Origin, err)
	}
	data, err := texts.Fill(name, text, texts.Values{Year: p.year, Holder: l.Holder, Email: l.Email,
		Project: rr.Meta.Name, ProjectURL: rr.Meta.URL})
	if err != nil {
		return File{}, fmt.Errorf("%s: remediation.license %s: %w; %s not written", l.Origin, l.ID, err, l.File)
	}
	return File{Rule: licenseRule, Path: l.File, Data: data}, nil
}

// maxTemplate bounds a template source, read from disk or from a host: governance files
// are small.
const maxTemplate = 1 << 20

// LocalTemplates reads template sources from disk, resolved against the policy file's
// directory (policy.Template.Source).
type LocalTemplates struct{}

// ReadTemplate reads t.Source, at most maxTemplate bytes.
func (LocalTemplates) ReadTemplate(_ context.Context, _ report.Repository, t policy.Template) ([]byte, error) {
	f, err := os.Open(t.Source)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readBounded(f, t.Source)
}

func readBounded(r io.Reader, name string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxTemplate+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxTemplate {
		return nil, fmt.Errorf("%s: larger than %d bytes", name, maxTemplate)
	}
	return b, nil
}

// templatesRepo is the repository hosted remediation reads rr's template sources from:
// the policy's remediation.templates-repository (NAME in rr's owner, or OWNER/NAME),
// by default the owner's .github repository.
func templatesRepo(rr report.Repository, setting string) (owner, name string) {
	if o, n, ok := strings.Cut(setting, "/"); ok {
		return o, n
	}
	if setting == "" {
		setting = ".github"
	}
	return rr.Meta.Owner, setting
}

// cachedReads remembers template reads by repository and path: a thousand repositories
// of one organization read its templates once.
type cachedReads struct {
	mu sync.Mutex
	m  map[string]cachedRead
}

type cachedRead struct {
	b   []byte
	err error
}

func (c *cachedReads) get(ctx context.Context, key string, read func() ([]byte, error)) ([]byte, error) {
	c.mu.Lock()
	r, ok := c.m[key]
	c.mu.Unlock()
	if ok {
		return r.b, r.err
	}
	b, err := read()
	if ctx.Err() != nil {
		return b, err // a cancelled read is not the answer
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = map[string]cachedRead{}
	}
	c.m[key] = cachedRead{b, err}
	c.mu.Unlock()
	return b, err
}

// errTemplateNotFound is a template source missing from the templates repository.
var errTemplateNotFound = errors.New("not found")

// OptedOut reports whether the run recorded that rr opted out of remediation in its own
// .repogov.yml — recorded by the scan only where the policy allowed it
// (remediation.allow-opt-out), as a fact of the repository-exemptions result.
func OptedOut(rr report.Repository) bool {
	res, ok := rr.Result(policy.RepoExemptionsRuleID)
	return ok && res.Facts[policy.OptOutFact] == true
}

// OptOuts is IssueOptions.OptOut for a report: the repositories that opted out.
func OptOuts(rep *report.Report) map[string]bool {
	out := map[string]bool{}
	for _, rr := range rep.Repos {
		if OptedOut(rr) {
			out[strings.ToLower(rr.Meta.FullName)] = true
		}
	}
	return out
}
