package publiccode

import (
	"sort"
	"strings"

	"github.com/rivo/uniseg"
	"gopkg.in/yaml.v3"
)

var (
	topKeys = set("publiccodeYmlVersion", "name", "applicationSuite", "url", "landingURL", "isBasedOn",
		"softwareVersion", "releaseDate", "logo", "monochromeLogo", "organisation", "inputTypes", "outputTypes",
		"platforms", "categories", "usedBy", "fundedBy", "roadmap", "developmentStatus", "softwareType",
		"supports", "intendedAudience", "description", "legal", "maintenance", "localisation", "dependsOn", "IT", "it")
	descKeys = set("localisedName", "genericName", "shortDescription", "longDescription", "documentation",
		"apiDocumentation", "features", "screenshots", "videos", "awards")
	legalKeys        = set("license", "mainCopyrightOwner", "repoOwner", "authorsFile")
	maintenanceKeys  = set("type", "contractors", "contacts")
	localisationKeys = set("localisationReady", "availableLanguages")
	audienceKeys     = set("countries", "unsupportedCountries", "scope")
	contactKeys      = set("name", "email", "phone", "affiliation")
	contractorKeys   = set("name", "until", "email", "website")
	dependencyKeys   = set("name", "versionMin", "versionMax", "version", "optional")
	dependsOnKeys    = set("open", "proprietary", "hardware")
	orgKeys          = set("uri", "name")
	supportKeys      = set("id")

	currentVersions = set("0", "0.7", "0.7.0")
	olderVersions   = set("0.2", "0.2.0", "0.2.1", "0.2.2", "0.3", "0.3.0", "0.4", "0.4.0", "0.5", "0.5.0")

	developmentStatuses = []string{"concept", "development", "beta", "stable", "obsolete"}
	softwareTypes       = []string{"standalone/mobile", "standalone/iot", "standalone/desktop", "standalone/web",
		"standalone/backend", "standalone/other", "addon", "library", "configurationFiles"}
	maintenanceTypes = []string{"internal", "contract", "community", "none"}
	platformNames    = []string{"web", "windows", "mac", "linux", "ios", "android"}
)

func (v *validator) top(root *yaml.Node, first pos) {
	o := v.mappingNode("", first, root, topKeys)
	v.version(o)
	v.requiredStr(o, "name")
	v.optStr(o, "applicationSuite")
	v.optStr(o, "softwareVersion")
	if f, s, ok := v.requiredStr(o, "url"); ok {
		v.repoURL(f, s)
	}
	if f, s, ok := v.optStr(o, "landingURL"); ok {
		v.httpURL(f, s)
	}
	if f := o.get("isBasedOn"); f != nil && f.val != nil {
		if f.val.Kind == yaml.SequenceNode {
			for _, it := range v.items(f) {
				if s, ok := v.str(it); ok {
					v.anyURL(it, s)
				}
			}
		} else if s, ok := v.str(f); ok {
			v.anyURL(f, s)
		}
	}
	if f, s, ok := v.optStr(o, "releaseDate"); ok {
		v.date(f, s)
	}
	if f, s, ok := v.optStr(o, "logo"); ok {
		v.asset(f, s, logoExts)
	}
	if f := o.get("monochromeLogo"); f != nil {
		v.warnf(f.path, "deprecated", f.at, "is deprecated since 0.3; use logo")
		if s, ok := v.str(f); ok {
			v.asset(f, s, logoExts)
		}
	}
	if f, _, ok := v.optStr(o, "roadmap"); ok {
		s, _ := v.strQuiet(f)
		v.httpURL(f, s)
	}
	for _, k := range []string{"inputTypes", "outputTypes"} {
		if f := o.get(k); f != nil {
			v.warnf(f.path, "deprecated", f.at, "is deprecated since 0.3; remove it")
			for _, it := range v.items(f) {
				if s, ok := v.str(it); ok {
					v.mime(it, s)
				}
			}
		}
	}
	if f := v.required(o, "platforms"); f != nil {
		its := v.items(f)
		if f.val.Kind == yaml.SequenceNode && len(its) == 0 {
			v.errorf(f.path, "required", f.at, "must list at least one platform")
		}
		for _, it := range its {
			if s, ok := v.str(it); ok {
				for _, p := range platformNames {
					if s != p && strings.EqualFold(s, p) {
						v.warnf(it.path, "style", it.at, "%s differs from the predefined platform %q only by case", quote(s), p)
					}
				}
			}
		}
	}
	for _, it := range v.items(o.get("categories")) {
		if s, ok := v.str(it); ok && !categories[s] {
			v.errorf(it.path, "vocabulary", it.at, "%s is not a category of the publiccode.yml list%s", quote(s), suggest(s, categories))
		}
	}
	for _, it := range v.items(o.get("usedBy")) {
		v.str(it)
	}
	for _, it := range v.items(o.get("fundedBy")) {
		v.organisation(it, true)
	}
	if f, s, ok := v.requiredStr(o, "developmentStatus"); ok {
		v.enum(f, s, developmentStatuses)
	}
	if f, s, ok := v.requiredStr(o, "softwareType"); ok {
		v.enum(f, s, softwareTypes)
	}
	if f := o.get("organisation"); f != nil {
		v.organisation(f, false)
	}
	for _, it := range v.items(o.get("supports")) {
		v.support(it)
	}
	v.audience(v.mapping(o.get("intendedAudience"), audienceKeys))
	v.descriptions(o)
	v.legal(o)
	v.maintenance(o)
	v.localisation(o)
	if d := v.mapping(o.get("dependsOn"), dependsOnKeys); d != nil {
		for _, k := range []string{"open", "proprietary", "hardware"} {
			for _, it := range v.items(d.get(k)) {
				v.dependency(it)
			}
		}
	}
	v.countrySections(o)
}

// strQuiet reads a scalar without reporting; for values already reported by str.
func (v *validator) strQuiet(f *field) (string, bool) {
	if f == nil || f.val == nil || f.val.Kind != yaml.ScalarNode {
		return "", false
	}
	return f.val.Value, true
}

func (v *validator) version(o *obj) {
	f := v.required(o, "publiccodeYmlVersion")
	if f == nil {
		return
	}
	// A plain date is a string in YAML 1.2 (yaml.v3 tags it !!timestamp).
	if t := f.val.ShortTag(); f.val.Kind != yaml.ScalarNode || (t != "!!str" && t != "!!timestamp") {
		v.errorf(f.path, "type", f.at, "expected a string, got %s; quote it, e.g. \"0\"", kindName(f.val))
		return
	}
	s := f.val.Value
	switch {
	case currentVersions[s]:
	case olderVersions[s]:
		v.warnf(f.path, "version", f.at, "%s is an older version of the standard; write \"0\" (the file is validated with the 0.7 rules)", quote(s))
	default:
		v.errorf(f.path, "version", f.at, "%s is not a supported version; use \"0\" (accepted: %s)", quote(s), strings.Join(sortedKeys(currentVersions, olderVersions), ", "))
	}
}

func sortedKeys(ms ...map[string]bool) []string {
	var out []string
	for _, m := range ms {
		for k := range m {
			out = append(out, `"`+k+`"`)
		}
	}
	sort.Strings(out)
	return out
}

func (v *validator) enum(f *field, s string, allowed []string) bool {
	for _, a := range allowed {
		if s == a {
			return true
		}
	}
	v.errorf(f.path, "enum", f.at, "must be one of: %s (got %s)", strings.Join(allowed, ", "), quote(s))
	return false
}

func graphemes(s string) int { return uniseg.GraphemeClusterCount(s) }

func (v *validator) length(f *field, s string, lo, hi int) {
	n := graphemes(s)
	switch {
	case n > hi:
		v.errorf(f.path, "length", f.at, "is %d characters long, at most %d are allowed", n, hi)
	case n < lo:
		v.errorf(f.path, "length", f.at, "is %d characters long, at least %d are required", n, lo)
	}
}

func (v *validator) descriptions(o *obj) {
	f := v.required(o, "description")
	d := v.mapping(f, nil)
	if d == nil {
		return
	}
	if len(d.order) == 0 {
		v.errorf(f.path, "required", f.at, "must describe the software in at least one language")
		return
	}
	seen := map[string]*field{}
	for _, lf := range d.order {
		if msg := checkBCP47(lf.key); msg != "" {
			v.errorf(lf.path, "bcp47", lf.at, "%s", msg)
		}
		low := strings.ToLower(lf.key)
		if prev := seen[low]; prev != nil {
			v.warnf(lf.path, "style", lf.at, "the language %s is also described as %s; merge them", quote(lf.key), quote(prev.key))
		} else {
			seen[low] = lf
		}
		v.description(lf)
	}
}

func (v *validator) description(f *field) {
	if f.val == nil {
		v.errorf(f.path, "type", f.at, "expected a mapping, got null")
		return
	}
	d := v.mapping(f, descKeys)
	if d == nil {
		return
	}
	v.optStr(d, "localisedName")
	if g := d.get("genericName"); g != nil {
		v.warnf(g.path, "deprecated", g.at, "is deprecated since 0.3; remove it")
		if s, ok := v.str(g); ok {
			v.length(g, s, 0, 35)
		}
	}
	if sf, s, ok := v.requiredStr(d, "shortDescription"); ok {
		v.length(sf, s, 0, 150)
		if strings.ContainsAny(strings.TrimRight(s, "\r\n"), "\r\n") {
			v.warnf(sf.path, "style", sf.at, "should be a single line")
		}
	}
	if lf, s, ok := v.requiredStr(d, "longDescription"); ok {
		v.length(lf, s, 150, 10000)
	}
	for _, k := range []string{"documentation", "apiDocumentation"} {
		if uf, s, ok := v.optStr(d, k); ok {
			v.httpURL(uf, s)
		}
	}
	if ff := v.required(d, "features"); ff != nil {
		its := v.items(ff)
		if ff.val.Kind == yaml.SequenceNode && len(its) == 0 {
			v.errorf(ff.path, "required", ff.at, "must list at least one feature")
		}
		for _, it := range its {
			v.str(it)
		}
	}
	for _, it := range v.items(d.get("screenshots")) {
		if s, ok := v.str(it); ok {
			v.asset(it, s, screenshotExts)
		}
	}
	for _, it := range v.items(d.get("videos")) {
		if s, ok := v.str(it); ok {
			v.video(it, s)
		}
	}
	for _, it := range v.items(d.get("awards")) {
		v.str(it)
	}
}

func (v *validator) legal(o *obj) {
	l := v.mapping(v.required(o, "legal"), legalKeys)
	if l == nil {
		return
	}
	if f, s, ok := v.requiredStr(l, "license"); ok {
		v.spdx(f, s)
	}
	v.optStr(l, "mainCopyrightOwner")
	if f := l.get("repoOwner"); f != nil {
		v.warnf(f.path, "deprecated", f.at, "is deprecated since 0.5; use organisation.name")
		v.str(f)
	}
	if f := l.get("authorsFile"); f != nil {
		v.warnf(f.path, "deprecated", f.at, "is deprecated since 0.4; remove it")
		if s, ok := v.str(f); ok {
			v.asset(f, s, nil)
		}
	}
}

func (v *validator) maintenance(o *obj) {
	m := v.mapping(v.required(o, "maintenance"), maintenanceKeys)
	if m == nil {
		return
	}
	contractors, contacts := m.get("contractors"), m.get("contacts")
	for _, it := range v.items(contractors) {
		v.contractor(it)
	}
	for _, it := range v.items(contacts) {
		v.contact(it)
	}
	f, t, ok := v.requiredStr(m, "type")
	if !ok || !v.enum(f, t, maintenanceTypes) {
		return // §7: report only the type, no conditionals
	}
	requireList := func(lf *field, k string) {
		if lf == nil || lf.val == nil {
			v.errorf(join(m.path, k), "conditional", m.at, "required when maintenance.type is %q", t)
		} else if lf.val.Kind == yaml.SequenceNode && len(lf.val.Content) == 0 {
			v.warnf(lf.path, "conditional", lf.at, "list is empty; maintenance.type %q needs at least one entry", t)
		}
	}
	switch t {
	case "contract":
		requireList(contractors, "contractors")
	case "internal", "community":
		requireList(contacts, "contacts")
	}
	// Spec §4: a null or empty contractors list is absent, so only a non-empty one is an
	// error for the types without contractors.
	if t != "contract" && contractors != nil && contractors.val != nil &&
		(contractors.val.Kind != yaml.SequenceNode || len(contractors.val.Content) > 0) {
		v.errorf(contractors.path, "conditional", contractors.at, "must be absent when maintenance.type is %q (only \"contract\" has contractors)", t)
	}
}

func (v *validator) contact(f *field) {
	c := v.itemMapping(f, contactKeys)
	if c == nil {
		return
	}
	v.requiredStr(c, "name")
	if ef, s, ok := v.optStr(c, "email"); ok {
		v.email(ef, s)
	}
	v.optStr(c, "phone")
	v.optStr(c, "affiliation")
}

func (v *validator) contractor(f *field) {
	c := v.itemMapping(f, contractorKeys)
	if c == nil {
		return
	}
	v.requiredStr(c, "name")
	if uf, s, ok := v.requiredStr(c, "until"); ok {
		if t, good := v.date(uf, s); good && t.Before(v.now.Truncate(24*60*60*1e9)) {
			v.warnf(uf.path, "style", uf.at, "maintenance contract ended on %s", s)
		}
	}
	if ef, s, ok := v.optStr(c, "email"); ok {
		v.email(ef, s)
	}
	if wf, s, ok := v.optStr(c, "website"); ok {
		v.httpURL(wf, s)
	}
}

func (v *validator) dependency(f *field) {
	d := v.itemMapping(f, dependencyKeys)
	if d == nil {
		return
	}
	v.requiredStr(d, "name")
	for _, k := range []string{"versionMin", "versionMax", "version"} {
		v.optStr(d, k)
	}
	v.boolean(d.get("optional"))
}

// itemMapping is mapping for sequence items, where null is a type error, not absence.
func (v *validator) itemMapping(f *field, keys map[string]bool) *obj {
	if f.val == nil {
		v.errorf(f.path, "type", f.at, "expected a mapping, got null")
		return nil
	}
	return v.mapping(f, keys)
}

func (v *validator) organisation(f *field, funder bool) {
	var o *obj
	if funder {
		o = v.itemMapping(f, orgKeys)
	} else {
		o = v.mapping(f, orgKeys)
	}
	if o == nil {
		return
	}
	if uf, s, ok := v.requiredStr(o, "uri"); ok {
		v.uri(uf, s, true)
	}
	if _, _, ok := v.optStr(o, "name"); !ok && funder && !o.has("name") {
		v.warnf(join(o.path, "name"), "required", o.at, "the standard requires the funder's name")
	}
}

func (v *validator) support(f *field) {
	o := v.itemMapping(f, supportKeys)
	if o == nil {
		return
	}
	idf, s, ok := v.requiredStr(o, "id")
	if !ok {
		return
	}
	if name, isAlias := strings.CutPrefix(s, "alias:"); isAlias {
		if _, known := supportAliases[name]; !known {
			v.errorf(idf.path, "vocabulary", idf.at, "unknown alias %s (known: %s)", quote(name), strings.Join(aliasNames(), ", "))
		}
		return
	}
	v.uri(idf, s, false)
}

func (v *validator) audience(a *obj) {
	if a == nil {
		return
	}
	for _, k := range []string{"countries", "unsupportedCountries"} {
		for _, it := range v.items(a.get(k)) {
			if s, ok := v.str(it); ok {
				v.country(it, s)
			}
		}
	}
	for _, it := range v.items(a.get("scope")) {
		if s, ok := v.str(it); ok && !scopes[s] {
			v.errorf(it.path, "vocabulary", it.at, "%s is not a scope of the publiccode.yml list%s", quote(s), suggest(s, scopes))
		}
	}
}

func (v *validator) country(f *field, s string) {
	up := strings.ToUpper(s)
	switch {
	case s == up && countries[s]:
	case s == strings.ToLower(s) && countries[up]:
		v.warnf(f.path, "deprecated", f.at, "lowercase country codes are deprecated; write %q", up)
	case countries[up]:
		v.errorf(f.path, "country", f.at, "%s must be written in uppercase: %q", quote(s), up)
	default:
		v.errorf(f.path, "country", f.at, "%s is not an ISO 3166-1 alpha-2 country code", quote(s))
	}
}

func (v *validator) localisation(o *obj) {
	l := v.mapping(v.required(o, "localisation"), localisationKeys)
	if l == nil {
		return
	}
	if f := v.required(l, "localisationReady"); f != nil {
		v.boolean(f)
	}
	if f := v.required(l, "availableLanguages"); f != nil {
		its := v.items(f)
		if f.val.Kind == yaml.SequenceNode && len(its) == 0 {
			v.errorf(f.path, "required", f.at, "must list at least one language")
		}
		for _, it := range its {
			if s, ok := v.str(it); ok {
				if msg := checkBCP47(s); msg != "" {
					v.errorf(it.path, "bcp47", it.at, "%s", msg)
				}
			}
		}
	}
}

var (
	itKeys          = set("countryExtensionVersion", "conforme", "piattaforme", "riuso")
	conformeKeys    = set("lineeGuidaDesign", "modelloInteroperabilita", "misureMinimeSicurezza", "gdpr")
	piattaformeKeys = []string{"spid", "cie", "anpr", "pagopa", "io"}
	riusoKeys       = set("codiceIPA")
)

func (v *validator) countrySections(o *obj) {
	up, low := o.get("IT"), o.get("it")
	if up != nil {
		v.warnf(up.path, "deprecated", up.at, "the IT section is deprecated since 0.7; use supports and organisation")
		v.itSection(up)
	}
	if low != nil {
		if up != nil {
			v.errorf(low.path, "conditional", low.at, "duplicate country section: both IT and it are present; remove it")
			return
		}
		v.warnf(low.path, "deprecated", low.at, "lowercase it is deprecated; write IT")
		v.itSection(low)
	}
}

func (v *validator) itSection(f *field) {
	s := v.mapping(f, itKeys)
	if s == nil {
		return
	}
	if cf, ver, ok := v.optStr(s, "countryExtensionVersion"); ok {
		switch ver {
		case "1.0":
		case "0.2":
			v.warnf(cf.path, "deprecated", cf.at, "version \"0.2\" is outdated; the standard requires \"1.0\"")
		default:
			v.errorf(cf.path, "enum", cf.at, "must be \"1.0\" or \"0.2\" (got %s)", quote(ver))
		}
	} else if !s.has("countryExtensionVersion") {
		v.warnf(join(s.path, "countryExtensionVersion"), "required", s.at, "missing; the standard requires \"1.0\"")
	}
	if cf := s.get("conforme"); cf != nil {
		c := v.mapping(cf, conformeKeys)
		advice := ""
		if c != nil {
			for _, k := range []string{"lineeGuidaDesign", "modelloInteroperabilita", "misureMinimeSicurezza", "gdpr"} {
				v.boolean(c.get(k))
			}
			if g := c.get("gdpr"); g != nil && g.val != nil && g.val.ShortTag() == "!!bool" && strings.EqualFold(g.val.Value, "true") {
				advice = "; for gdpr use supports: - id: alias:gdpr"
			}
		}
		v.warnf(cf.path, "deprecated", cf.at, "is deprecated since 0.5; remove it%s", advice)
	}
	if pf := s.get("piattaforme"); pf != nil {
		allowed := set(piattaformeKeys...)
		if p := v.mapping(pf, allowed); p != nil {
			for _, k := range piattaformeKeys {
				b := p.get(k)
				v.boolean(b)
				if b != nil && b.val != nil && b.val.ShortTag() == "!!bool" && strings.EqualFold(b.val.Value, "true") {
					v.warnf(b.path, "deprecated", b.at, "is deprecated; use supports: - id: alias:%s", k)
				}
			}
		}
	}
	if r := v.mapping(s.get("riuso"), riusoKeys); r != nil {
		if cf, code, ok := v.optStr(r, "codiceIPA"); ok {
			if v.ipa(cf, code) {
				v.warnf(cf.path, "deprecated", cf.at, "is deprecated since 0.5; use organisation.uri: \"urn:x-italian-pa:%s\"", code)
			}
		}
	}
}

func aliasNames() []string {
	out := make([]string, 0, len(supportAliases))
	for k := range supportAliases {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
