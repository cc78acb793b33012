package spdx

import (
	"testing"

	"github.com/github/go-spdx/v2/spdxexp/spdxlicenses"
)

// Every id of the generated table must be one go-spdx knows: the table is keyed by
// go-spdx's canonical ids, and an id it does not know would never be looked up.
func TestFlagTableIDsExistInGoSPDX(t *testing.T) {
	known := map[string]bool{}
	for _, id := range append(spdxlicenses.GetLicenses(), spdxlicenses.GetDeprecated()...) {
		known[id] = true
	}
	if len(flagTable) < 150 {
		t.Fatalf("flag table has %d ids; the SPDX list has about 200 OSI-approved or FSF-libre licences", len(flagTable))
	}
	for id, f := range flagTable {
		if !known[id] {
			t.Errorf("%s: not an SPDX licence id in go-spdx", id)
		}
		if f == 0 {
			t.Errorf("%s: listed without a flag", id)
		}
	}
}

func TestFacts(t *testing.T) {
	tests := []struct {
		id                    string
		canonical             string
		known, dep, osi, free bool
		current               string
	}{
		{"mit", "MIT", true, false, true, true, "MIT"},
		{"Apache-2.0", "Apache-2.0", true, false, true, true, "Apache-2.0"},
		{"CC0-1.0", "CC0-1.0", true, false, false, true, "CC0-1.0"}, // the OSI does not review it
		{"CC-BY-4.0", "CC-BY-4.0", true, false, false, true, "CC-BY-4.0"},
		{"CC-BY-NC-SA-4.0", "CC-BY-NC-SA-4.0", true, false, false, false, "CC-BY-NC-SA-4.0"},
		{"GPL-3.0", "GPL-3.0", true, true, true, true, "GPL-3.0-only"},
		{"gpl-3.0+", "GPL-3.0+", true, true, true, true, "GPL-3.0-or-later"},
		{"LGPL-2.1", "LGPL-2.1", true, true, true, true, "LGPL-2.1-only"},
		{"AGPL-3.0", "AGPL-3.0", true, true, true, true, "AGPL-3.0-only"},
		{"GPL-3.0-or-later", "GPL-3.0-or-later", true, false, true, true, "GPL-3.0-or-later"},
		{"BlueOak-1.0.0", "BlueOak-1.0.0", true, false, true, true, "BlueOak-1.0.0"}, // approved in the newer list
		{"wxWindows", "wxWindows", true, true, true, true, "wxWindows"},              // deprecated, no -only form
		{"JSON", "JSON", true, false, false, false, "JSON"},
		{"LicenseRef-x", "LicenseRef-x", false, false, false, false, "LicenseRef-x"},
		{"Classpath-exception-2.0", "Classpath-exception-2.0", false, false, false, false, "Classpath-exception-2.0"},
	}
	for _, tt := range tests {
		c, ok := Canonical(tt.id)
		if c != tt.canonical || ok != tt.known {
			t.Errorf("Canonical(%q) = %q, %v; want %q, %v", tt.id, c, ok, tt.canonical, tt.known)
		}
		if got := IsDeprecated(tt.id); got != tt.dep {
			t.Errorf("IsDeprecated(%q) = %v", tt.id, got)
		}
		if got := IsOSIApproved(tt.id); got != tt.osi {
			t.Errorf("IsOSIApproved(%q) = %v", tt.id, got)
		}
		if got := IsOSIApproved(tt.id) || IsFSFLibre(tt.id); got != tt.free {
			t.Errorf("OSI or FSF (%q) = %v", tt.id, got)
		}
		if got, _ := Current(tt.id); got != tt.current {
			t.Errorf("Current(%q) = %q, want %q", tt.id, got, tt.current)
		}
	}
	if !IsException("classpath-exception-2.0") || IsException("MIT") {
		t.Error("IsException")
	}
}

func TestSame(t *testing.T) {
	for _, p := range [][2]string{{"GPL-3.0", "gpl-3.0-only"}, {"GPL-3.0+", "GPL-3.0-or-later"}, {"LicenseRef-Foo", "foo"}} {
		if !Same(p[0], p[1]) {
			t.Errorf("Same(%q, %q) = false", p[0], p[1])
		}
	}
	if Same("GPL-2.0", "GPL-3.0") || Same("MIT", "MIT-0") {
		t.Error("Same matched different licences")
	}
}

func TestCompanion(t *testing.T) {
	for id, want := range map[string]string{"LGPL-3.0": "gpl-3.0", "LGPL-3.0-or-later": "gpl-3.0", "lgpl-3.0-only": "gpl-3.0", "LGPL-2.1": "", "GPL-3.0": "", "MIT": ""} {
		if got := Companion(id); got != want {
			t.Errorf("Companion(%q) = %q, want %q", id, got, want)
		}
	}
}
