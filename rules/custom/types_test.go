package custom

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/repogov/repogov/repo"
	"github.com/repogov/repogov/rules"
)

func mapSnap(meta repo.Meta, files map[string]string) *repo.Snapshot {
	var es []repo.Entry
	for p, c := range files {
		es = append(es, repo.Entry{Path: p, Kind: repo.File, Size: int64(len(c))})
	}
	return repo.New(meta, es, repo.LoaderFunc(func(_ context.Context, e repo.Entry) (io.ReadCloser, error) {
		return io.NopCloser(strings.NewReader(files[e.Path])), nil
	}))
}

// fakeHistory is two commits: the older one added a secret and a key file, the newer
// one removed them.
type fakeHistory struct{ blobs map[string]string }

func (h fakeHistory) Commits(ctx context.Context, fn func(repo.Commit) error) error {
	commits := []struct {
		hash, author, msg string
		files             map[string]string // path → blob id
	}{
		{"bbbbbbb2", "Ann", "Remove the key\n", map[string]string{"main.go": "b1"}},
		{"aaaaaaa1", "ANN", "Add config with password=hunter2\n", map[string]string{"main.go": "b1", "conf/id_rsa": "b2", "conf/app.ini": "b3"}},
		{"aaaaaaa0", "Bob", "Initial commit\n", map[string]string{"main.go": "b1"}},
	}
	for _, c := range commits {
		files := c.files
		err := fn(repo.Commit{Hash: c.hash, Author: c.author, Message: c.msg, Files: func(context.Context) ([]repo.Entry, error) {
			var out []repo.Entry
			for p, id := range files {
				out = append(out, repo.Entry{Path: p, Kind: repo.File, OID: id, Size: int64(len(h.blobs[id]))})
			}
			return out, nil
		}})
		if err != nil {
			return err
		}
	}
	return nil
}

func (h fakeHistory) ReadBlob(_ context.Context, id string, max int64) ([]byte, error) {
	return []byte(h.blobs[id]), nil
}

func sha(s string) string { h := sha256.Sum256([]byte(s)); return hex.EncodeToString(h[:]) }

// Every type converted from repolinter, with the verdict repolinter's documentation
// implies for the same repository.
func TestTypes(t *testing.T) {
	files := map[string]string{
		"LICENSE":         mitText,
		"README.md":       "# x\nSee [guide](docs/guide.md), [api](docs/api.md#x), [site](https://example.com), [top](#x).\n",
		"docs/guide.md":   "Back to [readme](../README.md) and [gone](/missing.txt).\n",
		"main.go":         "// SPDX-License-Identifier: MIT\n// Copyright 2026 ACME\npackage main\n",
		"util.go":         "package main\n",
		"gen.pb.go":       "package main\n",
		"package.json":    `{"name": "x", "version": "1.0.0"}`,
		"bad.json":        `{"name": 3}`,
		"docs/api.md":     "api\n",
		"img/logo.png":    "\x89PNG\x00",
		"vendor/x/lib.js": strings.Repeat("x", 100000),
	}
	local := mapSnap(repo.Meta{Name: "x", FullName: "x"}, files)
	local.History = fakeHistory{blobs: map[string]string{"b1": "package main\n", "b2": "-----BEGIN RSA PRIVATE KEY-----\n", "b3": "user=a\npassword=hunter2\n"}}
	hosted := mapSnap(repo.Meta{Host: "github.com", Name: "x", FullName: "acme/x"}, files)
	plain := mapSnap(repo.Meta{Name: "x", FullName: "x"}, files)

	type view struct {
		Status   rules.Status
		Findings []string
	}
	tests := []struct {
		name string
		def  Def
		snap *repo.Snapshot
		want view
	}{
		{"starts-with fails on a file without header", Def{Type: "file-starts-with", Files: []string{"**/*.go"}, Patterns: []string{"SPDX-License-Identifier"}, Lines: 5}, local,
			view{rules.Fail, []string{"gen.pb.go", "util.go"}}},
		{"starts-with skip-paths", Def{Type: "file-starts-with", Files: []string{"**/*.go"}, Patterns: []string{"SPDX-License-Identifier", "Copyright"}, Lines: 2, SkipPaths: []string{`\.pb\.go$`, `^util`}}, local,
			view{rules.Pass, nil}},
		{"starts-with outside the first lines", Def{Type: "file-starts-with", Files: []string{"main.go"}, Patterns: []string{"package"}, Lines: 2}, local,
			view{rules.Fail, []string{"main.go"}}},
		{"starts-with no file", Def{Type: "file-starts-with", Files: []string{"*.py"}, Patterns: []string{"x"}, Lines: 1}, local,
			view{rules.Fail, []string{""}}},
		{"starts-with no file, if-missing pass", Def{Type: "file-starts-with", Files: []string{"*.py"}, Patterns: []string{"x"}, Lines: 1, IfMissing: "pass"}, local,
			view{rules.Pass, nil}},
		{"hash matches", Def{Type: "file-hash", Files: []string{"LICENSE"}, Hashes: []string{"00", sha(files["LICENSE"])}}, local, view{rules.Pass, nil}},
		{"hash differs", Def{Type: "file-hash", Files: []string{"LICENSE"}, Hashes: []string{sha("other")}}, local, view{rules.Fail, []string{"LICENSE"}}},
		{"hash sha1", Def{Type: "file-hash", Files: []string{"util.go"}, Algorithm: "sha1", Hashes: []string{"0f2a7bd1d4c6ad2fab0f1e7aabd9f6ee0bbd8de0"}}, local, view{rules.Fail, []string{"util.go"}}},
		{"hashes absent fails", Def{Type: "file-hashes-absent", Files: []string{"**/*.go"}, Hashes: []string{sha(files["util.go"])}}, local,
			view{rules.Fail, []string{"gen.pb.go", "util.go"}}},
		{"hashes absent passes", Def{Type: "file-hashes-absent", Files: []string{"**/*.go"}, Hashes: []string{sha("x")}}, local, view{rules.Pass, nil}},
		{"hashes absent without files passes", Def{Type: "file-hashes-absent", Files: []string{"*.py"}, Hashes: []string{sha("x")}}, local, view{rules.Pass, nil}},
		{"json schema passes", Def{Type: "json-schema", Files: []string{"package.json"}, Schema: `{"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}`}, local,
			view{rules.Pass, nil}},
		{"json schema fails", Def{Type: "json-schema", Files: []string{"bad.json"}, Schema: `{"type": "object", "properties": {"name": {"type": "string"}}}`}, local,
			view{rules.Fail, []string{"bad.json"}}},
		{"json schema not JSON", Def{Type: "json-schema", Files: []string{"README.md"}, Schema: `{}`}, local, view{rules.Fail, []string{"README.md"}}},
		{"broken links", Def{Type: "no-broken-links", Files: []string{"**/*.md"}}, local, view{rules.Fail, []string{"docs/guide.md"}}},
		{"links fine", Def{Type: "no-broken-links", Files: []string{"README.md"}}, local, view{rules.Pass, nil}},
		{"history contents", Def{Type: "git-history-contents", Denylist: []string{"BEGIN RSA PRIVATE KEY", "password="}}, local,
			view{rules.Fail, []string{"conf/app.ini", "conf/id_rsa"}}},
		{"history contents within files", Def{Type: "git-history-contents", Files: []string{"**/*.go"}, Denylist: []string{"password="}}, local, view{rules.Pass, nil}},
		{"history messages", Def{Type: "git-history-messages", Denylist: []string{"PASSWORD"}, NoCase: true}, local, view{rules.Fail, []string{""}}},
		{"history messages case", Def{Type: "git-history-messages", Denylist: []string{"PASSWORD"}}, local, view{rules.Pass, nil}},
		{"history paths", Def{Type: "git-history-paths", Denylist: []string{`id_rsa$`}}, local, view{rules.Fail, []string{"conf/id_rsa"}}},
		{"history on an API source", Def{Type: "git-history-paths", Denylist: []string{"x"}}, hosted, view{rules.NotApplicable, nil}},
		{"history on a plain directory", Def{Type: "git-history-messages", Denylist: []string{"x"}}, plain, view{rules.NotApplicable, nil}},
		{"git repository", Def{Type: "git-repository"}, local, view{rules.Pass, nil}},
		{"git repository hosted", Def{Type: "git-repository"}, hosted, view{rules.Pass, nil}},
		{"git repository plain", Def{Type: "git-repository"}, plain, view{rules.Fail, nil}},
		{"when packager met", Def{Type: "file-exists", Files: []string{"LICENSE"}, When: When{Packager: []string{"npm"}}}, local, view{rules.Pass, nil}},
		{"when packager unmet", Def{Type: "file-exists", Files: []string{"NOPE"}, When: When{Packager: []string{"maven"}}}, local, view{rules.NotApplicable, nil}},
		{"when language", Def{Type: "file-exists", Files: []string{"NOPE"}, When: When{Language: []string{"go"}}}, local, view{rules.Fail, []string{"NOPE"}}},
		{"when language unmet (vendored JavaScript does not count)", Def{Type: "file-exists", Files: []string{"NOPE"}, When: When{Language: []string{"javascript"}}}, local, view{rules.NotApplicable, nil}},
		{"when license", Def{Type: "file-exists", Files: []string{"NOPE"}, When: When{License: []string{"mit"}}}, local, view{rules.Fail, []string{"NOPE"}}},
		{"when license any", Def{Type: "file-exists", Files: []string{"NOPE"}, When: When{License: []string{"*"}}}, local, view{rules.Fail, []string{"NOPE"}}},
		{"when contributors (names case-insensitive)", Def{Type: "file-exists", Files: []string{"NOPE"}, When: When{Contributors: []string{">1", "<=2"}}}, local, view{rules.Fail, []string{"NOPE"}}},
		{"when contributors unmet", Def{Type: "file-exists", Files: []string{"NOPE"}, When: When{Contributors: []string{">2"}}}, local, view{rules.NotApplicable, nil}},
		{"when contributors without history", Def{Type: "file-exists", Files: []string{"NOPE"}, When: When{Contributors: []string{">=0"}}}, hosted, view{rules.NotApplicable, nil}},
		{"when license unmet", Def{Type: "file-exists", Files: []string{"NOPE"}, When: When{License: []string{"Apache-2.0"}}}, local, view{rules.NotApplicable, nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := tt.def
			d.ID = "r"
			if err := d.Compile(); err != nil {
				t.Fatal(err)
			}
			res := d.Rule().Check(context.Background(), tt.snap, rules.Options{})
			got := view{Status: res.Status}
			for _, f := range res.Findings {
				got.Findings = append(got.Findings, f.Path)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.EquateEmpty(), cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
				t.Errorf("%s\n(-want +got):\n%s", res.Message, diff)
			}
		})
	}
}

func TestLanguages(t *testing.T) {
	s := mapSnap(repo.Meta{}, map[string]string{
		"main.go": strings.Repeat("x", 300), "a.py": strings.Repeat("x", 100), "web/app.ts": strings.Repeat("x", 200),
		"docs/x.md": "x", "vendor/y/z.js": strings.Repeat("x", 9999), ".eslintrc.js": "x", "Makefile": "x",
	})
	if diff := cmp.Diff([]string{"Go", "TypeScript", "Python", "Makefile"}, Languages(s)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

const mitText = `MIT License

Copyright (c) 2026 ACME

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`
