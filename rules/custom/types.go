package custom

import (
	"bufio"
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/rules"
)

// checkWhen is the rule's Check: the `when:` conditions first, then the type's check.
func (c *Def) checkWhen(ctx context.Context, s *repo.Snapshot, opts rules.Options) rules.Result {
	if !c.When.Empty() {
		unmet, err := c.When.unmet(ctx, s)
		if err != nil {
			return rules.Result{Status: rules.StatusError, Message: "when: " + err.Error()}
		}
		if unmet != "" {
			return rules.Result{Status: rules.NotApplicable, Message: "applies only when " + unmet}
		}
	}
	return c.check(ctx, s, opts)
}

// missing is the result when no file matches, by IfMissing.
func (c *Def) missing(s *repo.Snapshot) rules.Result {
	if !c.complete(s) {
		return c.partial()
	}
	msg := "no file matches " + strings.Join(c.Files, ", ")
	switch c.IfMissing {
	case "pass":
		return rules.Result{Status: rules.Pass, Message: msg}
	case "not-applicable":
		return rules.Result{Status: rules.NotApplicable, Message: msg}
	}
	return rules.Result{Status: rules.Fail, Message: msg, Remediation: c.Help,
		Findings: []rules.Finding{{Path: expectedPath(c.Files), Message: "expected a file matching " + strings.Join(c.Files, ", ")}}}
}

func (c *Def) read(ctx context.Context, s *repo.Snapshot, p string) ([]byte, error) {
	b, err := s.ReadFile(ctx, p)
	var tl *repo.TooLargeError
	if errors.As(err, &tl) {
		return nil, fmt.Errorf("%s: too large to read (%d bytes)", p, tl.Size)
	}
	return b, err
}

func isBinary(b []byte) bool { return bytes.IndexByte(b[:min(len(b), binarySniff)], 0) >= 0 }

// checkStartsWith: every matching file's first Lines lines match every pattern
// (repolinter's file-starts-with, e.g. licence headers).
func (c *Def) checkStartsWith(ctx context.Context, s *repo.Snapshot, ms []repo.Entry) rules.Result {
	var fs []rules.Finding
	checked, failed := 0, 0
	for _, e := range ms {
		if slices.ContainsFunc(c.skipPaths, func(re *regexp.Regexp) bool { return re.MatchString(e.Path) }) {
			continue
		}
		b, err := c.read(ctx, s, e.Path)
		if err != nil {
			return rules.Result{Status: rules.StatusError, Message: err.Error()}
		}
		if c.SkipBinary && isBinary(b) {
			continue
		}
		checked++
		head := firstLines(b, c.Lines)
		var misses []string
		for i, re := range c.patterns {
			if !re.Match(head) {
				misses = append(misses, c.Patterns[i])
			}
		}
		if len(misses) > 0 {
			failed++
			if len(fs) < maxFindings {
				fs = append(fs, rules.Finding{Path: e.Path, Line: 1, Message: fmt.Sprintf("the first %d lines lack %s", c.Lines, strings.Join(misses, ", "))})
			}
		}
	}
	if checked == 0 {
		return c.missing(s)
	}
	if failed > 0 {
		return rules.Result{Status: rules.Fail, Message: fmt.Sprintf("%d of %d matching %s do not start as required", failed, checked, plural(checked, "file")),
			Findings: fs, Remediation: c.Help}
	}
	return rules.Result{Status: rules.Pass, Message: fmt.Sprintf("%d matching %s start as required", checked, plural(checked, "file"))}
}

// firstLines returns the first n lines of b.
func firstLines(b []byte, n int) []byte {
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 0, 64<<10), len(b)+1)
	var out []byte
	for i := 0; i < n && sc.Scan(); i++ {
		out = append(append(out, sc.Bytes()...), '\n')
	}
	return out
}

var hashers = map[string]func() hash.Hash{"sha256": sha256.New, "sha1": sha1.New, "sha512": sha512.New, "md5": md5.New}

func (c *Def) digest(b []byte) string {
	h := hashers[c.Algorithm]()
	h.Write(b)
	return hex.EncodeToString(h.Sum(nil))
}

// checkHash: file-hash — the first matching file (in path order) has one of Hashes;
// file-hashes-absent — no matching file has any of them.
func (c *Def) checkHash(ctx context.Context, s *repo.Snapshot, ms []repo.Entry) rules.Result {
	if len(ms) == 0 {
		return c.missing(s)
	}
	if c.Type == "file-hash" {
		e := ms[0]
		b, err := c.read(ctx, s, e.Path)
		if err != nil {
			return rules.Result{Status: rules.StatusError, Message: err.Error()}
		}
		sum := c.digest(b)
		if slices.ContainsFunc(c.Hashes, func(h string) bool { return strings.EqualFold(h, sum) }) {
			return rules.Result{Status: rules.Pass, Message: e.Path + " has an expected " + c.Algorithm + " hash"}
		}
		return rules.Result{Status: rules.Fail, Message: e.Path + " does not have an expected " + c.Algorithm + " hash",
			Findings: []rules.Finding{{Path: e.Path, Message: c.Algorithm + " " + sum}}, Remediation: c.Help}
	}
	var fs []rules.Finding
	for _, e := range ms {
		b, err := c.read(ctx, s, e.Path)
		if err != nil {
			return rules.Result{Status: rules.StatusError, Message: err.Error()}
		}
		sum := c.digest(b)
		if slices.ContainsFunc(c.Hashes, func(h string) bool { return strings.EqualFold(h, sum) }) && len(fs) < maxFindings {
			fs = append(fs, rules.Finding{Path: e.Path, Message: "has a denied " + c.Algorithm + " hash " + sum})
		}
	}
	if len(fs) > 0 {
		return rules.Result{Status: rules.Fail, Message: fmt.Sprintf("%d %s with a denied hash", len(fs), plural(len(fs), "file")), Findings: fs, Remediation: c.Help}
	}
	return rules.Result{Status: rules.Pass, Message: fmt.Sprintf("none of %d matching %s has a denied hash", len(ms), plural(len(ms), "file"))}
}

func compileSchema(src string) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(strings.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	comp := jsonschema.NewCompiler()
	comp.DefaultDraft(jsonschema.Draft7) // repolinter validates with Ajv's default, draft-07
	if err := comp.AddResource("schema.json", doc); err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	sch, err := comp.Compile("schema.json")
	if err != nil {
		return nil, fmt.Errorf("schema: %w", err)
	}
	return sch, nil
}

// checkJSONSchema: the first matching file parses as JSON and satisfies the schema.
func (c *Def) checkJSONSchema(ctx context.Context, s *repo.Snapshot, ms []repo.Entry) rules.Result {
	if len(ms) == 0 {
		return c.missing(s)
	}
	e := ms[0]
	b, err := c.read(ctx, s, e.Path)
	if err != nil {
		return rules.Result{Status: rules.StatusError, Message: err.Error()}
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return rules.Result{Status: rules.Fail, Message: e.Path + " is not valid JSON",
			Findings: []rules.Finding{{Path: e.Path, Message: "not valid JSON: " + err.Error()}}, Remediation: c.Help}
	}
	if err := c.schema.Validate(doc); err != nil {
		var fs []rules.Finding
		var ve *jsonschema.ValidationError
		if errors.As(err, &ve) {
			for _, cause := range leafErrors(ve) {
				if len(fs) == maxFindings {
					break
				}
				fs = append(fs, rules.Finding{Path: e.Path, Message: cause, Key: cause})
			}
		}
		if len(fs) == 0 {
			fs = []rules.Finding{{Path: e.Path, Message: err.Error()}}
		}
		return rules.Result{Status: rules.Fail, Message: e.Path + " does not satisfy the schema", Findings: fs, Remediation: c.Help}
	}
	return rules.Result{Status: rules.Pass, Message: e.Path + " satisfies the schema"}
}

var englishPrinter = message.NewPrinter(language.English)

func leafErrors(ve *jsonschema.ValidationError) []string {
	if len(ve.Causes) == 0 {
		return []string{"/" + strings.Join(ve.InstanceLocation, "/") + ": " + ve.ErrorKind.LocalizedString(englishPrinter)}
	}
	var out []string
	for _, c := range ve.Causes {
		out = append(out, leafErrors(c)...)
	}
	return out
}

// Markdown [text](target) and <a href>, and reStructuredText `text <target>`_ links.
var linkRE = regexp.MustCompile(`\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|href="([^"]+)"|` + "`[^`<]*<([^>`]+)>`_")

// checkLinks: relative links in matching files point at files or directories of the
// repository. Absolute URLs, mailto: and in-page anchors are not checked (no network).
func (c *Def) checkLinks(ctx context.Context, s *repo.Snapshot, ms []repo.Entry) rules.Result {
	if len(ms) == 0 {
		return c.missing(s)
	}
	var fs []rules.Finding
	n := 0
	for _, e := range ms {
		b, err := c.read(ctx, s, e.Path)
		if err != nil {
			return rules.Result{Status: rules.StatusError, Message: err.Error()}
		}
		for _, m := range linkRE.FindAllSubmatchIndex(b, -1) {
			var target string
			for g := 1; g < 4; g++ {
				if m[2*g] >= 0 {
					target = string(b[m[2*g]:m[2*g+1]])
				}
			}
			if target == "" || strings.HasPrefix(target, "#") || strings.Contains(target, "://") ||
				strings.HasPrefix(target, "mailto:") || strings.HasPrefix(target, "//") {
				continue
			}
			n++
			t := target
			if i := strings.IndexAny(t, "#?"); i >= 0 {
				t = t[:i]
			}
			var p string
			if strings.HasPrefix(t, "/") {
				p = path.Clean(strings.TrimPrefix(t, "/"))
			} else {
				p = path.Clean(path.Join(path.Dir(e.Path), t))
			}
			if p == "." {
				continue
			}
			_, err := s.Resolve(ctx, p)
			if err == nil {
				continue
			}
			if errors.Is(err, repo.ErrNotListed) {
				return rules.Result{Status: rules.StatusError, Message: "cannot check the link " + target + " in " + e.Path + ": " + err.Error()}
			}
			if len(fs) < maxFindings {
				line, col := position(b, m[0])
				fs = append(fs, rules.Finding{Path: e.Path, Line: line, Column: col, Message: "broken link: " + target, Key: target})
			}
		}
	}
	if len(fs) > 0 {
		return rules.Result{Status: rules.Fail, Message: fmt.Sprintf("%d broken relative %s", len(fs), plural(len(fs), "link")), Findings: fs, Remediation: c.Help}
	}
	return rules.Result{Status: rules.Pass, Message: fmt.Sprintf("%d relative %s in %d %s, none broken", n, plural(n, "link"), len(ms), plural(len(ms), "file"))}
}

// checkHistory: the git-history-* types read every commit reachable from a reference
// (through go-git, for git repositories on disk); git-repository passes when the
// snapshot came from git. Hosted snapshots carry no history.
func (c *Def) checkHistory(ctx context.Context, s *repo.Snapshot) rules.Result {
	if c.Type == "git-repository" {
		if s.History != nil || s.Meta.Hosted() {
			return rules.Result{Status: rules.Pass, Message: "the repository is managed with git"}
		}
		return rules.Result{Status: rules.Fail, Message: "not a git repository (a plain directory)", Remediation: c.Help}
	}
	if s.History == nil {
		if s.Meta.Hosted() {
			return rules.Result{Status: rules.NotApplicable, Message: "not applicable on API sources: the history is read only from git repositories on disk (scan a clone)"}
		}
		return rules.Result{Status: rules.NotApplicable, Message: "no git history (a plain directory)"}
	}
	var fs []rules.Finding
	seen := map[string]bool{} // path (paths) or blob id (contents) already reported or clean
	commits := 0
	err := s.History.Commits(ctx, func(cm repo.Commit) error {
		commits++
		switch c.Type {
		case "git-history-messages":
			if c.deny.MatchString(cm.Message) && len(fs) < maxFindings {
				fs = append(fs, rules.Finding{Message: fmt.Sprintf("commit %.7s: message contains %s", cm.Hash, excerpt([]byte(c.deny.FindString(cm.Message)))), Key: cm.Hash})
			}
			return nil
		}
		files, err := cm.Files(ctx)
		if err != nil {
			return err
		}
		for _, f := range files {
			if len(fs) == maxFindings {
				return nil
			}
			if len(c.Files) > 0 && !c.match(c.Files, f.Path) || c.match(c.Exclude, f.Path) {
				continue
			}
			switch c.Type {
			case "git-history-paths":
				if !seen[f.Path] && c.deny.MatchString(f.Path) {
					seen[f.Path] = true
					fs = append(fs, rules.Finding{Path: f.Path, Message: fmt.Sprintf("denied path in commit %.7s", cm.Hash), Key: f.Path})
				}
			case "git-history-contents":
				if seen[f.OID] {
					continue
				}
				seen[f.OID] = true
				b, err := s.History.ReadBlob(ctx, f.OID, repo.DefaultMaxRead)
				var tl *repo.TooLargeError
				if errors.As(err, &tl) {
					continue // large blobs are not text worth grepping; the cap bounds memory
				}
				if err != nil {
					return err
				}
				if isBinary(b) {
					continue
				}
				if loc := c.deny.FindIndex(b); loc != nil {
					line, _ := position(b, loc[0])
					fs = append(fs, rules.Finding{Path: f.Path, Line: line,
						Message: fmt.Sprintf("commit %.7s: contains %s", cm.Hash, excerpt(b[loc[0]:loc[1]])), Key: f.OID})
				}
			}
		}
		return nil
	})
	if err != nil {
		return rules.Result{Status: rules.StatusError, Message: "reading the history: " + err.Error()}
	}
	if len(fs) > 0 {
		return rules.Result{Status: rules.Fail, Message: fmt.Sprintf("%d denied %s in the history", len(fs), plural(len(fs), "match")), Findings: fs, Remediation: c.Help}
	}
	return rules.Result{Status: rules.Pass, Message: fmt.Sprintf("nothing denied in %d %s", commits, plural(commits, "commit"))}
}
