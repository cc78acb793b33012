package remediate

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"slices"
	"strings"
	"text/template"

	"github.com/repogov/repogov/policy"
	"github.com/repogov/repogov/report"
)

// File is a file remediation adds to a repository.
type File struct {
	Rule string `json:"rule"`
	Path string `json:"path"` // slash-separated, relative to the repository root
	Data []byte `json:"-"`
}

// maxTemplate bounds a template source read from disk: governance files are small.
const maxTemplate = 1 << 20

// Files returns the files the policy's templates add to rr: one per failing rule with a
// "create" template (other modes change existing files and are not remediated here).
// Placeholders are Go templates over vars ({{ .Org }}, {{ .Year }}, {{ .Repo }} and the
// caller's own); a template that names a missing or empty value is never written — it is
// returned among the problems, as are url templates (not fetched).
func Files(rr report.Repository, tmpls []policy.Template, vars map[string]string) ([]File, []error) {
	var files []File
	var problems []error
	for _, t := range tmpls {
		res, ok := rr.Result(t.Rule)
		if !ok || !res.Failed() || t.Mode != "create" || t.File == "" {
			continue
		}
		p := path.Clean(strings.TrimPrefix(t.File, "/"))
		if p == "." || p == ".." || strings.HasPrefix(p, "../") {
			problems = append(problems, fmt.Errorf("%s: template %s: file %q is outside the repository", t.Origin, t.Rule, t.File))
			continue
		}
		text, err := templateText(t)
		if err != nil {
			problems = append(problems, fmt.Errorf("%s: template %s: %w", t.Origin, t.Rule, err))
			continue
		}
		data, err := Fill(text, vars)
		if err != nil {
			problems = append(problems, fmt.Errorf("%s: template %s: %w; %s not written", t.Origin, t.Rule, err, p))
			continue
		}
		files = append(files, File{Rule: t.Rule, Path: p, Data: data})
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, problems
}

func templateText(t policy.Template) (string, error) {
	switch {
	case t.Text != "":
		return t.Text, nil
	case t.Source != "":
		f, err := os.Open(t.Source)
		if err != nil {
			return "", err
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, maxTemplate+1))
		if err != nil {
			return "", err
		}
		if len(b) > maxTemplate {
			return "", fmt.Errorf("%s: larger than 1 MiB", t.Source)
		}
		return string(b), nil
	case t.URL != "":
		return "", errors.New("url templates are not fetched by this version; use text or source")
	}
	return "", errors.New("no text")
}

// Fill fills the placeholders of text from vars. A placeholder whose value is missing
// or empty is an error: a governance file with a hole in it is worse than none.
func Fill(text string, vars map[string]string) ([]byte, error) {
	tmpl, err := template.New("").Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, fmt.Errorf("placeholder syntax: %w", err)
	}
	set := map[string]string{} // an empty value counts as missing
	for k, v := range vars {
		if strings.TrimSpace(v) != "" {
			set[k] = v
		}
	}
	var b bytes.Buffer
	if err := tmpl.Execute(&b, set); err != nil {
		var ee template.ExecError
		if errors.As(err, &ee) {
			if i := strings.Index(ee.Error(), "map has no entry for key "); i >= 0 {
				return nil, fmt.Errorf("unfilled placeholder {{ .%s }}", strings.Trim(ee.Error()[i+len("map has no entry for key "):], `"`))
			}
		}
		return nil, fmt.Errorf("unfilled placeholder: %w", err)
	}
	return b.Bytes(), nil
}

// Written is what WriteLocal did with one file.
type Written struct {
	File
	Status string `json:"status"` // "written", "would write", "exists", "refused: …"
}

// WriteLocal adds files to the working tree at dir: never overwriting an existing file
// (nor a symbolic link, dangling or not), never following a symbolic link out of dir
// (os.Root refuses it), never writing when dryRun.
func WriteLocal(dir string, files []File, dryRun bool) ([]Written, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	var out []Written
	for _, f := range files {
		w := Written{File: f}
		if _, err := root.Lstat(f.Path); err == nil {
			w.Status = "exists"
		} else if !errors.Is(err, os.ErrNotExist) {
			w.Status = "refused: " + err.Error()
		} else if dryRun {
			w.Status = "would write"
		} else {
			w.Status = "written"
			if err := writeNew(root, f); err != nil {
				w.Status = "refused: " + err.Error()
			}
		}
		out = append(out, w)
	}
	return out, nil
}

func writeNew(root *os.Root, f File) error {
	if d := path.Dir(f.Path); d != "." {
		if err := root.MkdirAll(d, 0o755); err != nil {
			return err
		}
	}
	// O_EXCL: a file that appeared since the check is left alone.
	fh, err := root.OpenFile(f.Path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := fh.Write(f.Data); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}
