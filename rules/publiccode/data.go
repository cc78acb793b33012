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

// freeLicenses: SPDX ids (lowercase) that are OSI-approved or FSF-free, for the "not an
// open-source licence" warning (D12). go-spdx carries no such flags, so the list is ours;
// an id missing here costs a warning, never an error.
var freeLicenses = set(strings.Fields(strings.ToLower(`0BSD AAL AFL-1.1 AFL-1.2 AFL-2.0 AFL-2.1 AFL-3.0
AGPL-3.0 AGPL-3.0-only AGPL-3.0-or-later Apache-1.0 Apache-1.1 Apache-2.0 APL-1.0 APSL-1.0 APSL-1.1
APSL-1.2 APSL-2.0 Artistic-1.0 Artistic-1.0-cl8 Artistic-1.0-Perl Artistic-2.0 BitTorrent-1.1 BSD-1-Clause
BSD-2-Clause BSD-2-Clause-Patent BSD-3-Clause BSD-3-Clause-Clear BSD-3-Clause-LBNL BSD-4-Clause BSL-1.0
CAL-1.0 CAL-1.0-Combined-Work-Exception CATOSL-1.1 CC-BY-4.0 CC-BY-SA-4.0 CC0-1.0 CDDL-1.0 CECILL-2.0
CECILL-2.1 CECILL-B CECILL-C ClArtistic CNRI-Python CPAL-1.0 CPL-1.0 CUA-OPL-1.0 ECL-1.0 ECL-2.0 EFL-1.0
EFL-2.0 Entessa EPL-1.0 EPL-2.0 EUDatagrid EUPL-1.1 EUPL-1.2 Fair Frameworx-1.0 FSFAP FTL GFDL-1.1-only
GFDL-1.1-or-later GFDL-1.2-only GFDL-1.2-or-later GFDL-1.3-only GFDL-1.3-or-later GPL-2.0 GPL-2.0-only
GPL-2.0-or-later GPL-3.0 GPL-3.0-only GPL-3.0-or-later GPL-2.0+ GPL-3.0+ HPND IJG Imlib2 Intel IPA IPL-1.0
ISC Jam LGPL-2.0 LGPL-2.0-only LGPL-2.0-or-later LGPL-2.1 LGPL-2.1-only LGPL-2.1-or-later LGPL-3.0
LGPL-3.0-only LGPL-3.0-or-later LGPL-2.1+ LGPL-3.0+ AGPL-3.0+ LiLiQ-P-1.1 LiLiQ-R-1.1 LiLiQ-Rplus-1.1 LPL-1.0 LPL-1.02 LPPL-1.2
LPPL-1.3a LPPL-1.3c MirOS MIT MIT-0 MIT-Modern-Variant Motosoto MPL-1.0 MPL-1.1 MPL-2.0
MPL-2.0-no-copyleft-exception MS-PL MS-RL MulanPSL-2.0 Multics NASA-1.3 Naumen NCSA NGPL Nokia NPL-1.0
NPL-1.1 NPOSL-3.0 NTP OCLC-2.0 ODbL-1.0 OFL-1.0 OFL-1.1 OFL-1.1-no-RFN OFL-1.1-RFN OGTSL OLDAP-2.3
OLDAP-2.7 OLDAP-2.8 OpenSSL OSET-PL-2.1 OSL-1.0 OSL-1.1 OSL-2.0 OSL-2.1 OSL-3.0 PHP-3.0 PHP-3.01 PostgreSQL
PSF-2.0 Python-2.0 Python-2.0.1 QPL-1.0 RPL-1.1 RPL-1.5 RPSL-1.0 RSCPL Ruby SGI-B-2.0 SimPL-2.0 SISSL
Sleepycat SMLNJ SPL-1.0 UCL-1.0 Unicode-DFS-2016 Unicode-3.0 Unlicense UPL-1.0 Vim VSL-1.0 W3C
W3C-20150513 Watcom-1.0 X11 XFree86-1.1 xinetd Xnet YPL-1.1 Zend-2.0 Zimbra-1.3 Zlib ZPL-2.0 ZPL-2.1
BlueOak-1.0.0 OGL-UK-3.0 EUPL-1.0 Apache-2.0 OSL-3.0 CERN-OHL-P-2.0 CERN-OHL-S-2.0 CERN-OHL-W-2.0
eCos-2.0 wxWindows`))...)

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
