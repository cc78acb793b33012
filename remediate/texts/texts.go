// Package texts holds the standard texts remediation writes verbatim: 47 licence texts by
// SPDX id and the Contributor Covenant 2.1 (data/README.md says where each comes from;
// data/SHA256SUMS pins them). A licence text is legal text: it is written byte for byte,
// only its placeholders filled, and never with a placeholder left unfilled.
package texts

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/repogov/repogov/internal/spdx"
)

//go:embed data/licenses/*.txt data/CODE_OF_CONDUCT-contributor-covenant-2.1.md
var dataFS embed.FS

// CovenantName is the Covenant's name among the embedded texts (in messages).
const CovenantName = "CODE_OF_CONDUCT-contributor-covenant-2.1.md"

// CovenantContact is the Contributor Covenant's one placeholder: where to report.
const CovenantContact = "[INSERT CONTACT METHOD]"

// Covenant returns the Contributor Covenant 2.1 (English) with its placeholder.
func Covenant() []byte {
	b, _ := dataFS.ReadFile("data/" + CovenantName)
	return b
}

// Values fill a licence's placeholders. An empty value is missing.
type Values struct {
	Year       string // [year]
	Holder     string // [fullname]: the copyright holder
	Project    string // [project]
	ProjectURL string // [projecturl]
	Email      string // [email]
}

// placeholders are the placeholders of the licence texts (choosealicense.com's names)
// and their values. Other bracketed words are the text's own: the appendix of Apache-2.0
// and ECL-2.0 ("Copyright [yyyy] [name of copyright owner]") and the notice of
// MulanPSL-2.0 ("[Year] [name of copyright holder]", "[Software Name]") tell a reader how
// to put a notice in each source file and stay as written — as GitHub and
// choosealicense.com leave them, and as licence detectors expect (the GNU texts'
// "<year>  <name of author>" likewise).
var placeholders = []struct {
	text  string
	value func(Values) string
}{
	{"[year]", func(v Values) string { return v.Year }},
	{"[fullname]", func(v Values) string { return v.Holder }},
	{"[email]", func(v Values) string { return v.Email }},
	{"[projecturl]", func(v Values) string { return v.ProjectURL }}, // before [project]: the replacer tries in order
	{"[project]", func(v Values) string { return v.Project }},
}

func licenseNames() []string {
	ents, _ := fs.ReadDir(dataFS, "data/licenses")
	var out []string
	for _, e := range ents {
		out = append(out, e.Name())
	}
	slices.Sort(out)
	return out
}

// IDs lists the licence ids with an embedded text, as the files are named (GPL-3.0
// stands for GPL-3.0-only and GPL-3.0-or-later).
func IDs() []string {
	var out []string
	for _, n := range licenseNames() {
		out = append(out, strings.TrimSuffix(n, ".txt"))
	}
	return out
}

// License returns the current SPDX id for id ("apache-2.0" → "Apache-2.0", the
// deprecated "GPL-3.0" → "GPL-3.0-only"), the name of its embedded text (for messages,
// e.g. "licenses/MIT.txt") and the text. The GNU -only and -or-later ids share one text:
// which applies is said outside it (an SPDX-License-Identifier line, a README).
func License(id string) (canonical, name string, text []byte, err error) {
	c, ok := spdx.Current(id)
	if !ok {
		return id, "", nil, fmt.Errorf("%q is not an SPDX licence id", id)
	}
	for _, n := range licenseNames() {
		base := strings.TrimSuffix(n, ".txt")
		if base == c || isGNU(base) && spdx.Same(base, c) {
			b, err := dataFS.ReadFile("data/licenses/" + n)
			if err != nil {
				return c, "", nil, err
			}
			return c, "licenses/" + n, b, nil
		}
	}
	return c, "", nil, fmt.Errorf("no embedded text for %s (texts: %s)", c, strings.Join(IDs(), ", "))
}

func isGNU(base string) bool {
	for _, p := range []string{"GPL-", "LGPL-", "AGPL-", "GFDL-"} {
		if strings.HasPrefix(base, p) {
			return true
		}
	}
	return false
}

// Needs lists the placeholders a licence text has, so a policy can be checked once
// rather than per repository.
func Needs(text []byte) []string {
	var out []string
	for _, p := range placeholders {
		if bytes.Contains(text, []byte(p.text)) {
			out = append(out, p.text)
		}
	}
	return out
}

// UnfilledError says where a text has a placeholder no value was given for.
type UnfilledError struct {
	Name        string // the text's name, e.g. licenses/OFL-1.1.txt
	Placeholder string
	Line, Col   int // of its first occurrence, 1-based (column in bytes)
}

func (e *UnfilledError) Error() string {
	return fmt.Sprintf("%s:%d:%d: unfilled placeholder %s", e.Name, e.Line, e.Col, e.Placeholder)
}

// Fill fills the placeholders of the licence text name with v and changes nothing else.
// A placeholder whose value is missing or blank is an *UnfilledError.
func Fill(name string, text []byte, v Values) ([]byte, error) {
	var pairs []string
	for _, p := range placeholders {
		pairs = append(pairs, p.text, p.value(v))
	}
	return fill(name, text, pairs)
}

// FillCovenant puts the enforcement contact (an address or a URL) in the Covenant.
func FillCovenant(contact string) ([]byte, error) {
	return fill(CovenantName, Covenant(), []string{CovenantContact, contact})
}

func fill(name string, text []byte, pairs []string) ([]byte, error) {
	var use []string
	for i := 0; i < len(pairs); i += 2 {
		at := bytes.Index(text, []byte(pairs[i]))
		if at < 0 {
			continue
		}
		if strings.TrimSpace(pairs[i+1]) == "" {
			line := 1 + bytes.Count(text[:at], []byte("\n"))
			col := at - bytes.LastIndexByte(text[:at], '\n')
			return nil, &UnfilledError{Name: name, Placeholder: pairs[i], Line: line, Col: col}
		}
		use = append(use, pairs[i], pairs[i+1])
	}
	if len(use) == 0 {
		return text, nil
	}
	// One pass: a value that contains another placeholder's name is not filled again.
	return []byte(strings.NewReplacer(use...).Replace(string(text))), nil
}
