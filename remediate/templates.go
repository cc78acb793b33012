package remediate

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"strings"
	"text/template"
)

// File is a file remediation adds to a repository.
type File struct {
	Rule string `json:"rule"`
	Path string `json:"path"` // slash-separated, relative to the repository root
	Data []byte `json:"-"`
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
