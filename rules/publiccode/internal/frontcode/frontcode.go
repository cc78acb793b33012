// Package frontcode stores a large sorted list of short strings compactly: each line is
// the length of the prefix it shares with the previous string (one byte, '0' + n) and
// the rest of the string; the whole is gzip-compressed. The iPA code list shrinks from
// 234 KB to about 42 KB this way (plain gzip: 78 KB).
package frontcode

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"slices"
)

// maxShared keeps the prefix length one printable byte.
const maxShared = 'z' - '0'

// Encode sorts and de-duplicates ss and encodes them. Strings may not hold a line break.
func Encode(ss []string) ([]byte, error) {
	ss = slices.Clone(ss)
	slices.Sort(ss)
	ss = slices.Compact(ss)
	var raw bytes.Buffer
	prev := ""
	for _, s := range ss {
		if s == "" || bytes.ContainsAny([]byte(s), "\r\n") {
			return nil, fmt.Errorf("frontcode: unsupported string %q", s)
		}
		n := 0
		for n < len(prev) && n < len(s) && n < maxShared && prev[n] == s[n] {
			n++
		}
		raw.WriteByte(byte('0' + n))
		raw.WriteString(s[n:])
		raw.WriteByte('\n')
		prev = s
	}
	var out bytes.Buffer
	zw, err := gzip.NewWriterLevel(&out, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := zw.Write(raw.Bytes()); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// Decode returns the sorted strings encoded in b.
func Decode(b []byte) ([]string, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("frontcode: %w", err)
	}
	var out []string
	prev := ""
	sc := bufio.NewScanner(io.LimitReader(zr, 64<<20))
	for sc.Scan() {
		l := sc.Text()
		if l == "" {
			continue
		}
		n := int(l[0] - '0')
		if n < 0 || n > len(prev) || n > maxShared {
			return nil, fmt.Errorf("frontcode: corrupt line %q after %q", l, prev)
		}
		s := prev[:n] + l[1:]
		out = append(out, s)
		prev = s
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("frontcode: %w", err)
	}
	return out, nil
}
