package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// How a report reaches an output path. repogov often runs as root, where replacing
// /dev/null or a FIFO by a regular file is possible and ruinous, so only regular files
// (and paths that do not exist yet) are replaced atomically.
type sinkKind int

const (
	sinkAtomic  sinkKind = iota // write a temporary file beside target, then rename it over target
	sinkInPlace                 // open target and write into it (devices, FIFOs, /dev/stdout, …)
)

type sink struct {
	kind   sinkKind
	target string      // the file written or replaced: path with its symlinks followed
	mode   fs.FileMode // for sinkAtomic: the permissions of the file replaced (0644 for a new one)
	flags  int         // for sinkInPlace: open flags
}

// planOutput decides how to write path, and checks that it can be (its errors do not
// repeat the path): the parent exists and
// is a writable directory, the path is not a directory. It is called before the scan,
// so that a long scan never ends in "cannot write", and again when writing.
func planOutput(path string) (sink, error) {
	target, err := followLinks(path)
	if err != nil {
		return sink{}, err
	}
	if viaFDLink(path, target) {
		// /dev/stdout, /dev/fd/N, /proc/self/fd/N name an open file of this process:
		// write to it as it is; appending respects what the shell set up.
		return sink{kind: sinkInPlace, target: path, flags: os.O_WRONLY | os.O_APPEND}, nil
	}
	fi, err := os.Stat(target)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := writableDir(filepath.Dir(target)); err != nil {
			return sink{}, err
		}
		return sink{kind: sinkAtomic, target: target, mode: 0o644}, nil
	case err != nil:
		return sink{}, err
	case fi.IsDir():
		return sink{}, errors.New("is a directory; name a file in it")
	case fi.Mode()&fs.ModeSocket != 0:
		return sink{}, errors.New("is a socket; cannot write a report to it")
	case !fi.Mode().IsRegular():
		// A character device, a FIFO: written in place, never replaced.
		if err := canWrite(target); err != nil {
			return sink{}, err
		}
		return sink{kind: sinkInPlace, target: target, flags: os.O_WRONLY}, nil
	}
	if err := writableDir(filepath.Dir(target)); err != nil {
		// The directory refuses a temporary file, but the file itself may be writable:
		// then it is rewritten in place (not atomic, but what the user asked for).
		if canWrite(target) == nil {
			return sink{kind: sinkInPlace, target: target, flags: os.O_WRONLY | os.O_TRUNC}, nil
		}
		return sink{}, err
	}
	return sink{kind: sinkAtomic, target: target, mode: fi.Mode().Perm()}, nil
}

// followLinks resolves path's symlinks, also when the last link dangles (its target is
// then the file to create).
func followLinks(path string) (string, error) {
	p := path
	for range 40 {
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			// The last element does not exist; its directory may have links of its own.
			dir, err := filepath.EvalSymlinks(filepath.Dir(p))
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return "", fmt.Errorf("directory %s does not exist", filepath.Dir(p))
				}
				return "", err
			}
			return filepath.Join(dir, filepath.Base(p)), nil
		}
		if err != nil {
			return "", err
		}
		if fi.Mode()&fs.ModeSymlink == 0 {
			dir, err := filepath.EvalSymlinks(filepath.Dir(p))
			if err != nil {
				return "", err
			}
			return filepath.Join(dir, filepath.Base(p)), nil
		}
		link, err := os.Readlink(p)
		if err != nil {
			return "", err
		}
		if strings.HasPrefix(link, "pipe:[") || strings.HasPrefix(link, "socket:[") || strings.HasPrefix(link, "anon_inode:") {
			return p, nil // a /proc fd link to something without a path: written through p
		}
		if !filepath.IsAbs(link) {
			link = filepath.Join(filepath.Dir(p), link)
		}
		p = link
	}
	return "", errors.New("too many levels of symbolic links")
}

// viaFDLink reports whether path names one of this process's open files.
func viaFDLink(path, target string) bool {
	for _, p := range []string{filepath.Clean(path), target} {
		for _, prefix := range []string{"/dev/stdout", "/dev/stderr", "/dev/fd/", "/proc/self/fd/", "/proc/thread-self/fd/"} {
			if p == prefix || strings.HasPrefix(p, prefix) {
				return true
			}
		}
	}
	return false
}

// writableDir checks that dir is an existing directory where a file can be created.
func writableDir(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("directory %s does not exist", dir)
		}
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	f, err := os.CreateTemp(dir, ".repogov-check*")
	if err != nil {
		return fmt.Errorf("cannot create files in %s: %w", dir, unwrapPath(err))
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// writeOutput writes to path as planOutput says.
func writeOutput(path string, write func(io.Writer) error) error {
	s, err := planOutput(path)
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if s.kind == sinkInPlace {
		f, err := os.OpenFile(s.target, s.flags, 0)
		if err != nil {
			return fmt.Errorf("write %s: %w", path, unwrapPath(err))
		}
		if err := buffered(f, write); err != nil {
			f.Close()
			return fmt.Errorf("write %s: %w", path, err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("write %s: %w", path, unwrapPath(err))
		}
		return nil
	}
	return writeFileAtomic(s.target, s.mode, write)
}

// writeFileAtomic writes through a temporary file in the same directory and renames it
// into place, so readers never see a half-written report.
func writeFileAtomic(path string, mode fs.FileMode, write func(io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	defer os.Remove(tmp.Name()) // no-op after a successful rename
	if err := buffered(tmp, write); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, unwrapPath(err))
	}
	return nil
}

// buffered gives write a buffered writer over f (reporters write in small pieces).
func buffered(f *os.File, write func(io.Writer) error) error {
	bw := bufio.NewWriterSize(f, 64<<10)
	if err := write(bw); err != nil {
		return err
	}
	return bw.Flush()
}
