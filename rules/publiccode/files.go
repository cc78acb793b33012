package publiccode

import (
	"bytes"
	"errors"
	"image"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strings"

	_ "image/png" // PNG logos must decode as image.DecodeConfig does (§10)
)

var (
	logoExts       = []string{".svg", ".svgz", ".png"}
	screenshotExts = []string{".png", ".jpg"}
)

// ext is the last ".ext" of the last path segment, lowercased.
func ext(p string) string {
	base := p[strings.LastIndexByte(p, '/')+1:]
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		return strings.ToLower(base[i:])
	}
	return ""
}

func isHTTP(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// asset checks logo, monochromeLogo, screenshots and authorsFile values (§10); exts nil
// means any extension.
func (v *validator) asset(f *field, s string, exts []string) {
	if s == "" {
		v.warnf(f.path, "empty", f.at, "is empty")
		return
	}
	checkExt := func(p string) bool {
		if exts == nil {
			return true
		}
		e := ext(p)
		for _, a := range exts {
			if e == a {
				return true
			}
		}
		got := "no extension"
		if e != "" {
			got = quote(e)
		}
		v.errorf(f.path, "image", f.at, "must have one of the extensions %s (got %s)", strings.Join(exts, ", "), got)
		return false
	}
	if isHTTP(s) {
		u, err := url.Parse(s)
		if err != nil || u.Host == "" {
			v.errorf(f.path, "url", f.at, "%s is not a valid URL", quote(s))
			return
		}
		if !checkExt(u.Path) {
			return
		}
		if p, ok := v.sameRepoPath(u); ok {
			v.repoFile(f, p, exts)
			return
		}
		v.warnf(f.path, "file", f.at, "%s cannot be verified offline; the standard requires the file to be in this repository (use a relative path)", quote(s))
		return
	}
	low := strings.ToLower(s)
	switch {
	case strings.HasPrefix(low, "file:"):
		v.errorf(f.path, "path", f.at, "file: URLs are not allowed; use a path relative to the repository root or an http(s) URL")
		return
	case strings.HasPrefix(s, "/"):
		v.errorf(f.path, "path", f.at, "absolute paths are not allowed; use a path relative to the repository root or an http(s) URL")
		return
	case strings.Contains(s, `\`):
		v.errorf(f.path, "path", f.at, `%s contains "\"; use "/" to separate directories`, quote(s))
		return
	}
	clean := path.Clean(s)
	if clean == ".." || strings.HasPrefix(clean, "../") {
		v.errorf(f.path, "path", f.at, "%s points outside the repository", quote(s))
		return
	}
	if !checkExt(s) {
		return
	}
	v.repoFile(f, clean, exts)
}

// sameRepoPath maps a blob/raw URL of the scanned repository on its default branch to a
// repository path (§10).
func (v *validator) sameRepoPath(u *url.URL) (string, bool) {
	if v.opts.RepoURL == "" || v.opts.DefaultBranch == "" {
		return "", false
	}
	repo := normRepo(v.opts.RepoURL) // host/owner/name
	host := strings.ToLower(u.Host)
	p := u.Path
	var rest string
	switch {
	case host == "raw.githubusercontent.com":
		parts := strings.SplitN(strings.TrimPrefix(p, "/"), "/", 3)
		if len(parts) < 3 || strings.ToLower("github.com/"+parts[0]+"/"+parts[1]) != repo {
			return "", false
		}
		rest = parts[2]
	default:
		full := strings.ToLower(host + p)
		if !strings.HasPrefix(full, repo+"/") {
			return "", false
		}
		rest = p[len(repo)-len(host):]
		rest = strings.TrimPrefix(rest, "/")
		var ok bool
		for _, pre := range []string{"-/raw/", "-/blob/", "blob/", "raw/"} {
			if r, found := strings.CutPrefix(rest, pre); found {
				rest, ok = r, true
				break
			}
		}
		if !ok {
			return "", false
		}
	}
	rest = strings.TrimPrefix(rest, "refs/heads/")
	br := v.opts.DefaultBranch + "/"
	if !strings.HasPrefix(rest, br) {
		return "", false
	}
	rel, err := url.PathUnescape(rest[len(br):])
	if err != nil || rel == "" {
		return "", false
	}
	clean := path.Clean(rel)
	if clean == ".." || strings.HasPrefix(clean, "../") || strings.HasPrefix(clean, "/") {
		return "", false
	}
	return clean, true
}

// repoFile checks that p exists in opts.FS as a regular file (following symlinks inside
// the repository only) and that its content fits its kind.
func (v *validator) repoFile(f *field, p string, exts []string) {
	fsys := v.opts.FS
	if fsys == nil {
		return
	}
	target := p
	var final fs.FileInfo // the link target's Lstat, when the FS can tell
	if rl, ok := fsys.(fs.ReadLinkFS); ok {
		for hops := 0; ; hops++ {
			fi, err := rl.Lstat(target)
			if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
				final = fi
				break
			}
			if hops == 8 {
				v.errorf(f.path, "path", f.at, "%s: too many levels of symbolic links", quote(p))
				return
			}
			link, err := rl.ReadLink(target)
			if err != nil {
				v.errorf(f.path, "file", f.at, "%s is a symbolic link that cannot be read", quote(p))
				return
			}
			next := link
			if !strings.HasPrefix(link, "/") {
				next = path.Join(path.Dir(target), link)
			}
			if strings.HasPrefix(link, "/") || next == ".." || strings.HasPrefix(next, "../") {
				v.errorf(f.path, "path", f.at, "%s is a symbolic link leading outside the repository", quote(p))
				return
			}
			if hops == 0 {
				v.warnf(f.path, "file", f.at, "%s is a symbolic link; a hosted raw URL may serve the link text instead of the file", quote(p))
			}
			target = next
		}
	}
	// A directory or submodule is known from Lstat without reading anything (an
	// fs.Stat through Open may read the whole file).
	if final != nil && final.IsDir() {
		v.errorf(f.path, "file", f.at, "%s is a directory or submodule, not a file", quote(p))
		return
	}
	if final != nil && final.Size() > MaxFileSize {
		v.errorf(f.path, "file", f.at, "%s is larger than the 20 MiB catalogs read", quote(p))
		return
	}
	fi, err := fs.Stat(fsys, target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		v.errorf(f.path, "file", f.at, "%s does not exist in the repository", quote(p))
		return
	case err != nil:
		return // unreadable for other reasons (e.g. over the snapshot's cap): nothing to say
	case fi.IsDir():
		v.errorf(f.path, "file", f.at, "%s is a directory or submodule, not a file", quote(p))
		return
	case fi.Size() > MaxFileSize:
		v.errorf(f.path, "file", f.at, "%s is larger than the 20 MiB catalogs read", quote(p))
		return
	}
	if exts == nil {
		return
	}
	b, err := fs.ReadFile(fsys, target)
	if err != nil {
		return
	}
	switch e := ext(target); {
	case e == ".png" && sameSlice(exts, logoExts):
		if cfg, format, err := image.DecodeConfig(bytes.NewReader(b)); err != nil || format != "png" || cfg.Width == 0 {
			v.errorf(f.path, "image", f.at, "%s is not a readable PNG image", quote(p))
		}
	case e == ".svg":
		if !svgRe.Match(head(b, 4096)) {
			v.warnf(f.path, "image", f.at, "%s does not look like an SVG image", quote(p))
		}
	case e == ".svgz":
		if !bytes.HasPrefix(b, []byte{0x1f, 0x8b}) {
			v.warnf(f.path, "image", f.at, "%s is not gzip-compressed SVG", quote(p))
		}
	case e == ".png" || e == ".jpg":
		if !bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")) && !bytes.HasPrefix(b, []byte{0xff, 0xd8, 0xff}) {
			v.warnf(f.path, "image", f.at, "%s does not look like a PNG or JPEG image", quote(p))
		}
	}
}

var svgRe = regexp.MustCompile(`(?i)<svg[\s>]`)

func head(b []byte, n int) []byte { return b[:min(n, len(b))] }

func sameSlice(a, b []string) bool { return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0]) }

// video: an http(s) URL matching an oEmbed provider scheme (§10, D9).
func (v *validator) video(f *field, s string) {
	if !v.httpURL(f, s) {
		return
	}
	for _, sch := range loadOEmbed() {
		if matchScheme(sch, s) {
			return
		}
	}
	v.errorf(f.path, "video", f.at, "%s does not match any known oEmbed video provider URL (e.g. https://www.youtube.com/watch?v=…, https://vimeo.com/…)", quote(s))
}

var ipaRe = regexp.MustCompile(`^[A-Za-z0-9_]+$`)

// ipa checks an iPA code; false when it is an error.
func (v *validator) ipa(f *field, code string) bool {
	if !ipaRe.MatchString(code) {
		v.errorf(f.path, "ipa", f.at, "%s is not an iPA code", quote(code))
		return false
	}
	// D11: the embedded list is IndicePA's complete one, so an unknown code is an error.
	if !knownIPA(code) {
		v.errorf(f.path, "ipa", f.at, "%s is not a known iPA code (IndicePA list of %s)", quote(code), ipaSnapshot)
		return false
	}
	return true
}
