// Package spdx holds the facts repogov needs about SPDX licence identifiers, in one
// place: which ids exist (active, deprecated, exceptions: github.com/github/go-spdx/v2),
// what a deprecated GNU id became, and whether a licence is OSI-approved or FSF-libre
// (list_gen.go, generated from the pinned SPDX licence list data in data/).
package spdx

//go:generate go run gen.go

import (
	"strings"
	"sync"

	"github.com/github/go-spdx/v2/spdxexp/spdxlicenses"
)

// Flags are the SPDX licence list's yes/no facts about a licence.
type Flags uint8

const (
	OSIApproved Flags = 1 << iota // "isOsiApproved"
	FSFLibre                      // "isFsfLibre"
)

var (
	once       sync.Once
	active     map[string]string // lower-case id → canonical id
	deprecated map[string]string
	exceptions map[string]string
)

func load() {
	once.Do(func() {
		index := func(ids []string) map[string]string {
			m := make(map[string]string, len(ids))
			for _, id := range ids {
				m[strings.ToLower(id)] = id
			}
			return m
		}
		active = index(spdxlicenses.GetLicenses())
		deprecated = index(spdxlicenses.GetDeprecated())
		exceptions = index(spdxlicenses.GetExceptions())
	})
}

// Canonical returns id with the SPDX list's capitalisation ("mit" → "MIT") and whether
// it is a licence id on the list at all (active or deprecated). Anything else, a
// "LicenseRef-" id included, is returned unchanged with false.
func Canonical(id string) (string, bool) {
	load()
	l := strings.ToLower(strings.TrimSpace(id))
	if c, ok := active[l]; ok {
		return c, true
	}
	if c, ok := deprecated[l]; ok {
		return c, true
	}
	return id, false
}

// IsLicense reports whether id is on the SPDX licence list (active or deprecated).
func IsLicense(id string) bool { _, ok := Canonical(id); return ok }

// IsDeprecated reports whether id is a deprecated SPDX licence id ("GPL-3.0",
// "LGPL-2.1+", "wxWindows").
func IsDeprecated(id string) bool {
	load()
	l := strings.ToLower(strings.TrimSpace(id))
	_, dep := deprecated[l]
	_, act := active[l]
	return dep && !act
}

// IsException reports whether id is an SPDX licence exception (the part after WITH).
func IsException(id string) bool {
	load()
	_, ok := exceptions[strings.ToLower(strings.TrimSpace(id))]
	return ok
}

// Current returns the active id a deprecated GNU id stands for: "GPL-3.0" →
// "GPL-3.0-only", "GPL-3.0+" → "GPL-3.0-or-later" (what the SPDX list says the bare and
// "+" forms meant). Other ids come back canonical and unchanged; ok is false when id is
// not an SPDX licence id.
func Current(id string) (string, bool) {
	c, ok := Canonical(id)
	if !ok || !IsDeprecated(c) {
		return c, ok
	}
	if base, plus := strings.CutSuffix(c, "+"); plus {
		if r, ok := active[strings.ToLower(base+"-or-later")]; ok {
			return r, true
		}
	} else if r, ok := active[strings.ToLower(c+"-only")]; ok {
		return r, true
	}
	return c, true
}

// Lookup returns the list's flags for id (any case; a deprecated id has its own flags).
func Lookup(id string) Flags {
	c, ok := Canonical(id)
	if !ok {
		return 0
	}
	return flagTable[c]
}

// Name returns the licence's full name on the SPDX list ("MIT License"), "" if unknown.
func Name(id string) string {
	c, _ := Canonical(id)
	return nameTable[c]
}

// IsOSIApproved reports whether the Open Source Initiative approved the licence.
func IsOSIApproved(id string) bool { return Lookup(id)&OSIApproved != 0 }

// IsFSFLibre reports whether the Free Software Foundation lists the licence as free.
func IsFSFLibre(id string) bool { return Lookup(id)&FSFLibre != 0 }

// Base returns the part of id that names a licence text: lower case, without a
// "LicenseRef-" prefix and without the GNU "-only", "-or-later" and "+" suffixes, which
// are statements about versions made outside the text.
func Base(id string) string {
	id = strings.ToLower(strings.TrimSpace(id))
	id = strings.TrimPrefix(id, "licenseref-")
	for _, s := range []string{"-or-later", "-only", "+"} {
		id = strings.TrimSuffix(id, s)
	}
	return id
}

// Same reports whether two ids name the same licence text (see Base).
func Same(a, b string) bool { return Base(a) == Base(b) }

// companions maps a licence to the licence whose full text it requires beside it (by
// Base): the LGPL-3.0 is a set of additional permissions on top of the GPL-3.0 ("This
// version of the GNU Lesser General Public License incorporates the terms and
// conditions of version 3 of the GNU General Public License"), so its text is
// incomplete without the GPL's, which the LGPL-3.0 tells distributors to convey too.
var companions = map[string]string{"lgpl-3.0": "gpl-3.0"}

// Companion returns the Base id of the licence whose text id needs beside it
// ("LGPL-3.0-only" → "gpl-3.0"), "" when it needs none.
func Companion(id string) string { return companions[Base(id)] }
