package publiccode

import (
	"bufio"
	"bytes"
	_ "embed"
	"strings"
	"sync"
)

// categories: docs/standard/categories-list.rst of the standard (106 values, §9).
var categories = set(strings.Fields(`accounting agile-project-management applicant-tracking
application-development appointment-scheduling backup billing-and-invoicing blog budgeting
business-intelligence business-process-management cad call-center-management cloud-management
collaboration communications compliance-management contact-management content-management crm
customer-service-and-support data-analytics data-collection data-visualization design
design-system digital-asset-management digital-citizenship document-management
donor-management e-commerce e-signature educational-content email-management email-marketing
employee-management enterprise-project-management enterprise-social-networking erp
event-management facility-management feedback-and-reviews-management financial-reporting
fleet-management fundraising gamification geographic-information-systems grant-management
graphic-design help-desk hr ide identity-management instant-messaging integrated-library-system
inventory-management it-asset-management it-development it-management it-security
it-service-management knowledge-management learning-management-system marketing mind-mapping
mobile-marketing mobile-payment network-management office online-booking online-community
payment-gateway payroll predictive-analysis procurement productivity-suite project-collaboration
project-management property-management real-estate-management regulations-and-directives
remote-support resource-management sales-management seo service-desk social-media-management
survey talent-management task-management taxes-management test-management time-management
time-tracking translation video-conferencing video-editing visitor-management voip
warehouse-management web-collaboration web-conferencing website-builder whistleblowing
workflow-management other`)...)

// scopes: docs/standard/scope-list.rst (24 values, §9).
var scopes = set(strings.Fields(`agriculture culture defence education emergency-services employment
energy environment finance-and-economic-development foreign-affairs government healthcare
infrastructures justice local-authorities manufacturing research science-and-technology security
society sport tourism transportation welfare`)...)

// supportAliases: docs/standard/aliases-list.rst (§9).
var supportAliases = map[string]string{
	"gdpr":   "https://eur-lex.europa.eu/eli/reg/2016/679/oj",
	"eidas":  "https://eur-lex.europa.eu/eli/reg/2014/910/oj",
	"nis2":   "https://eur-lex.europa.eu/eli/dir/2022/2555/oj",
	"cra":    "https://eur-lex.europa.eu/eli/reg/2024/2847/oj",
	"spid":   "https://www.spid.gov.it/",
	"cie":    "https://www.cartaidentita.interno.gov.it/",
	"anpr":   "https://www.anpr.interno.it/",
	"pagopa": "https://www.pagopa.gov.it/",
	"io":     "https://io.italia.it/",
}

// countries: the 249 officially assigned ISO 3166-1 alpha-2 codes, plus XK (Kosovo, a
// user-assigned code the reference accepts).
var countries = set(strings.Fields(`AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR
GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP
KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY
MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA
RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ
VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW XK`)...)

// extlangPrefix: extended language subtags of the IANA language subtag registry and the
// macrolanguage each requires as prefix (RFC 5646 §2.2.2). Sign-language extlangs
// (prefix "sgn", about 140) are not listed; for them the parser's verdict stands.
var extlangPrefix = func() map[string]string {
	m := map[string]string{}
	for prefix, list := range map[string]string{
		"ar":  "aao abh abv acm acq acw acx acy adf aeb aec afb ajp apc apd arb arq ars ary arz auz avl ayh ayl ayn ayp bbz pga shu ssh",
		"zh":  "cdo cjy cmn cnp cpx csp czh czo gan hak hsn lzh mnp nan wuu yue",
		"ms":  "bjn btj bve bvu coa dup hji jak jax kvb kvr kxd lce lcf liw max meo mfa mfb min mly mqg msi mui orn ors pel pse tmw urk vkk vkt xmm zlm zmi zsm",
		"sw":  "swc swh",
		"uz":  "uzn uzs",
		"lv":  "ltg lvs",
		"kok": "gom knn",
		"et":  "ekk vro",
		"sq":  "aae aat aln als",
	} {
		for _, e := range strings.Fields(list) {
			m[e] = prefix
		}
	}
	return m
}()

//go:embed data/oembed-schemes.txt
var oembedFile []byte

//go:embed data/ipa-codes.txt
var ipaFile []byte

var (
	oembedOnce    sync.Once
	oembedSchemes []string
	ipaOnce       sync.Once
	ipaCodes      map[string]bool
	ipaComplete   bool
)

// lines returns the non-comment, non-blank lines of an embedded table.
func lines(b []byte) []string {
	var out []string
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

func loadOEmbed() []string {
	oembedOnce.Do(func() { oembedSchemes = lines(oembedFile) })
	return oembedSchemes
}

// loadIPA reads the iPA table; "# complete: true" in its header makes unknown codes errors.
func loadIPA() (map[string]bool, bool) {
	ipaOnce.Do(func() {
		ipaCodes = map[string]bool{}
		for _, l := range lines(ipaFile) {
			ipaCodes[strings.ToLower(l)] = true
		}
		ipaComplete = bytes.Contains(ipaFile, []byte("\n# complete: true"))
	})
	return ipaCodes, ipaComplete
}

// knownIPA reports whether code is in the embedded iPA table (case-insensitive) and
// whether that table is the complete vocabulary.
func knownIPA(code string) (known, complete bool) {
	m, c := loadIPA()
	return m[strings.ToLower(code)], c
}

// matchScheme matches u against an oEmbed scheme, "*" standing for any run of
// characters; iterative, so no input can make it exponential.
func matchScheme(pattern, u string) bool {
	p, s := 0, 0
	star, mark := -1, 0
	for s < len(u) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, s
			p++
		case p < len(pattern) && pattern[p] == u[s]:
			p++
			s++
		case star >= 0:
			p = star + 1
			mark++
			s = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
