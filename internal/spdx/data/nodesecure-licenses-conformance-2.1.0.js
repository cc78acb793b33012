/* eslint-disable max-lines */

export const spdx = {
  "0BSD": {
    name: "BSD Zero Clause License",
    id: "0BSD",
    deprecated: false,
    osi: true,
    fsf: false
  },
  AAL: {
    name: "Attribution Assurance License",
    id: "AAL",
    deprecated: false,
    osi: true,
    fsf: false
  },
  Abstyles: {
    name: "Abstyles License",
    id: "Abstyles",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "AdaCore-doc": {
    name: "AdaCore Doc License",
    id: "AdaCore-doc",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Adobe-2006": {
    name: "Adobe Systems Incorporated Source Code License Agreement",
    id: "Adobe-2006",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Adobe-Display-PostScript": {
    name: "Adobe Display PostScript License",
    id: "Adobe-Display-PostScript",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Adobe-Glyph": {
    name: "Adobe Glyph List License",
    id: "Adobe-Glyph",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Adobe-Utopia": {
    name: "Adobe Utopia Font License",
    id: "Adobe-Utopia",
    deprecated: false,
    osi: false,
    fsf: false
  },
  ADSL: {
    name: "Amazon Digital Services License",
    id: "ADSL",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "AFL-1.1": {
    name: "Academic Free License v1.1",
    id: "AFL-1.1",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "AFL-1.2": {
    name: "Academic Free License v1.2",
    id: "AFL-1.2",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "AFL-2.0": {
    name: "Academic Free License v2.0",
    id: "AFL-2.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "AFL-2.1": {
    name: "Academic Free License v2.1",
    id: "AFL-2.1",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "AFL-3.0": {
    name: "Academic Free License v3.0",
    id: "AFL-3.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  Afmparse: {
    name: "Afmparse License",
    id: "Afmparse",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "AGPL-1.0": {
    name: "Affero General Public License v1.0",
    id: "AGPL-1.0",
    deprecated: true,
    osi: false,
    fsf: true
  },
  "AGPL-1.0-only": {
    name: "Affero General Public License v1.0 only",
    id: "AGPL-1.0-only",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "AGPL-1.0-or-later": {
    name: "Affero General Public License v1.0 or later",
    id: "AGPL-1.0-or-later",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "AGPL-3.0": {
    name: "GNU Affero General Public License v3.0",
    id: "AGPL-3.0",
    deprecated: true,
    osi: true,
    fsf: true
  },
  "AGPL-3.0-only": {
    name: "GNU Affero General Public License v3.0 only",
    id: "AGPL-3.0-only",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "AGPL-3.0-or-later": {
    name: "GNU Affero General Public License v3.0 or later",
    id: "AGPL-3.0-or-later",
    deprecated: false,
    osi: true,
    fsf: true
  },
  Aladdin: {
    name: "Aladdin Free Public License",
    id: "Aladdin",
    deprecated: false,
    osi: false,
    fsf: false
  },
  AMDPLPA: {
    name: "AMD's plpa_map.c License",
    id: "AMDPLPA",
    deprecated: false,
    osi: false,
    fsf: false
  },
  AML: {
    name: "Apple MIT License",
    id: "AML",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "AML-glslang": {
    name: "AML glslang variant License",
    id: "AML-glslang",
    deprecated: false,
    osi: false,
    fsf: false
  },
  AMPAS: {
    name: "Academy of Motion Picture Arts and Sciences BSD",
    id: "AMPAS",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "ANTLR-PD": {
    name: "ANTLR Software Rights Notice",
    id: "ANTLR-PD",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "ANTLR-PD-fallback": {
    name: "ANTLR Software Rights Notice with license fallback",
    id: "ANTLR-PD-fallback",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Apache-1.0": {
    name: "Apache License 1.0",
    id: "Apache-1.0",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "Apache-1.1": {
    name: "Apache License 1.1",
    id: "Apache-1.1",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "Apache-2.0": {
    name: "Apache License 2.0",
    id: "Apache-2.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  APAFML: {
    name: "Adobe Postscript AFM License",
    id: "APAFML",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "APL-1.0": {
    name: "Adaptive Public License 1.0",
    id: "APL-1.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "App-s2p": {
    name: "App::s2p License",
    id: "App-s2p",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "APSL-1.0": {
    name: "Apple Public Source License 1.0",
    id: "APSL-1.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "APSL-1.1": {
    name: "Apple Public Source License 1.1",
    id: "APSL-1.1",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "APSL-1.2": {
    name: "Apple Public Source License 1.2",
    id: "APSL-1.2",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "APSL-2.0": {
    name: "Apple Public Source License 2.0",
    id: "APSL-2.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "Arphic-1999": {
    name: "Arphic Public License",
    id: "Arphic-1999",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Artistic-1.0": {
    name: "Artistic License 1.0",
    id: "Artistic-1.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "Artistic-1.0-cl8": {
    name: "Artistic License 1.0 w/clause 8",
    id: "Artistic-1.0-cl8",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "Artistic-1.0-Perl": {
    name: "Artistic License 1.0 (Perl)",
    id: "Artistic-1.0-Perl",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "Artistic-2.0": {
    name: "Artistic License 2.0",
    id: "Artistic-2.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "ASWF-Digital-Assets-1.0": {
    name: "ASWF Digital Assets License version 1.0",
    id: "ASWF-Digital-Assets-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "ASWF-Digital-Assets-1.1": {
    name: "ASWF Digital Assets License 1.1",
    id: "ASWF-Digital-Assets-1.1",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Baekmuk: {
    name: "Baekmuk License",
    id: "Baekmuk",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Bahyph: {
    name: "Bahyph License",
    id: "Bahyph",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Barr: {
    name: "Barr License",
    id: "Barr",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Beerware: {
    name: "Beerware License",
    id: "Beerware",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Bitstream-Charter": {
    name: "Bitstream Charter Font License",
    id: "Bitstream-Charter",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Bitstream-Vera": {
    name: "Bitstream Vera Font License",
    id: "Bitstream-Vera",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BitTorrent-1.0": {
    name: "BitTorrent Open Source License v1.0",
    id: "BitTorrent-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BitTorrent-1.1": {
    name: "BitTorrent Open Source License v1.1",
    id: "BitTorrent-1.1",
    deprecated: false,
    osi: false,
    fsf: true
  },
  blessing: {
    name: "SQLite Blessing",
    id: "blessing",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BlueOak-1.0.0": {
    name: "Blue Oak Model License 1.0.0",
    id: "BlueOak-1.0.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Boehm-GC": {
    name: "Boehm-Demers-Weiser GC License",
    id: "Boehm-GC",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Borceux: {
    name: "Borceux license",
    id: "Borceux",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Brian-Gladman-3-Clause": {
    name: "Brian Gladman 3-Clause License",
    id: "Brian-Gladman-3-Clause",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-1-Clause": {
    name: "BSD 1-Clause License",
    id: "BSD-1-Clause",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "BSD-2-Clause": {
    name: "BSD 2-Clause \"Simplified\" License",
    id: "BSD-2-Clause",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "BSD-2-Clause-FreeBSD": {
    name: "BSD 2-Clause FreeBSD License",
    id: "BSD-2-Clause-FreeBSD",
    deprecated: true,
    osi: false,
    fsf: true
  },
  "BSD-2-Clause-NetBSD": {
    name: "BSD 2-Clause NetBSD License",
    id: "BSD-2-Clause-NetBSD",
    deprecated: true,
    osi: false,
    fsf: true
  },
  "BSD-2-Clause-Patent": {
    name: "BSD-2-Clause Plus Patent License",
    id: "BSD-2-Clause-Patent",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "BSD-2-Clause-Views": {
    name: "BSD 2-Clause with views sentence",
    id: "BSD-2-Clause-Views",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-3-Clause": {
    name: "BSD 3-Clause \"New\" or \"Revised\" License",
    id: "BSD-3-Clause",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "BSD-3-Clause-Attribution": {
    name: "BSD with attribution",
    id: "BSD-3-Clause-Attribution",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-3-Clause-Clear": {
    name: "BSD 3-Clause Clear License",
    id: "BSD-3-Clause-Clear",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "BSD-3-Clause-flex": {
    name: "BSD 3-Clause Flex variant",
    id: "BSD-3-Clause-flex",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-3-Clause-HP": {
    name: "Hewlett-Packard BSD variant license",
    id: "BSD-3-Clause-HP",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-3-Clause-LBNL": {
    name: "Lawrence Berkeley National Labs BSD variant license",
    id: "BSD-3-Clause-LBNL",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "BSD-3-Clause-Modification": {
    name: "BSD 3-Clause Modification",
    id: "BSD-3-Clause-Modification",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-3-Clause-No-Military-License": {
    name: "BSD 3-Clause No Military License",
    id: "BSD-3-Clause-No-Military-License",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-3-Clause-No-Nuclear-License": {
    name: "BSD 3-Clause No Nuclear License",
    id: "BSD-3-Clause-No-Nuclear-License",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-3-Clause-No-Nuclear-License-2014": {
    name: "BSD 3-Clause No Nuclear License 2014",
    id: "BSD-3-Clause-No-Nuclear-License-2014",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-3-Clause-No-Nuclear-Warranty": {
    name: "BSD 3-Clause No Nuclear Warranty",
    id: "BSD-3-Clause-No-Nuclear-Warranty",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-3-Clause-Open-MPI": {
    name: "BSD 3-Clause Open MPI variant",
    id: "BSD-3-Clause-Open-MPI",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-3-Clause-Sun": {
    name: "BSD 3-Clause Sun Microsystems",
    id: "BSD-3-Clause-Sun",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-4-Clause": {
    name: "BSD 4-Clause \"Original\" or \"Old\" License",
    id: "BSD-4-Clause",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "BSD-4-Clause-Shortened": {
    name: "BSD 4 Clause Shortened",
    id: "BSD-4-Clause-Shortened",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-4-Clause-UC": {
    name: "BSD-4-Clause (University of California-Specific)",
    id: "BSD-4-Clause-UC",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-4.3RENO": {
    name: "BSD 4.3 RENO License",
    id: "BSD-4.3RENO",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-4.3TAHOE": {
    name: "BSD 4.3 TAHOE License",
    id: "BSD-4.3TAHOE",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-Advertising-Acknowledgement": {
    name: "BSD Advertising Acknowledgement License",
    id: "BSD-Advertising-Acknowledgement",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-Attribution-HPND-disclaimer": {
    name: "BSD with Attribution and HPND disclaimer",
    id: "BSD-Attribution-HPND-disclaimer",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-Inferno-Nettverk": {
    name: "BSD-Inferno-Nettverk",
    id: "BSD-Inferno-Nettverk",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-Protection": {
    name: "BSD Protection License",
    id: "BSD-Protection",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-Source-Code": {
    name: "BSD Source Code Attribution",
    id: "BSD-Source-Code",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSD-Systemics": {
    name: "Systemics BSD variant license",
    id: "BSD-Systemics",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "BSL-1.0": {
    name: "Boost Software License 1.0",
    id: "BSL-1.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "BUSL-1.1": {
    name: "Business Source License 1.1",
    id: "BUSL-1.1",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "bzip2-1.0.5": {
    name: "bzip2 and libbzip2 License v1.0.5",
    id: "bzip2-1.0.5",
    deprecated: true,
    osi: false,
    fsf: false
  },
  "bzip2-1.0.6": {
    name: "bzip2 and libbzip2 License v1.0.6",
    id: "bzip2-1.0.6",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "C-UDA-1.0": {
    name: "Computational Use of Data Agreement v1.0",
    id: "C-UDA-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CAL-1.0": {
    name: "Cryptographic Autonomy License 1.0",
    id: "CAL-1.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "CAL-1.0-Combined-Work-Exception": {
    name: "Cryptographic Autonomy License 1.0 (Combined Work Exception)",
    id: "CAL-1.0-Combined-Work-Exception",
    deprecated: false,
    osi: true,
    fsf: false
  },
  Caldera: {
    name: "Caldera License",
    id: "Caldera",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CATOSL-1.1": {
    name: "Computer Associates Trusted Open Source License 1.1",
    id: "CATOSL-1.1",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "CC-BY-1.0": {
    name: "Creative Commons Attribution 1.0 Generic",
    id: "CC-BY-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-2.0": {
    name: "Creative Commons Attribution 2.0 Generic",
    id: "CC-BY-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-2.5": {
    name: "Creative Commons Attribution 2.5 Generic",
    id: "CC-BY-2.5",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-2.5-AU": {
    name: "Creative Commons Attribution 2.5 Australia",
    id: "CC-BY-2.5-AU",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-3.0": {
    name: "Creative Commons Attribution 3.0 Unported",
    id: "CC-BY-3.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-3.0-AT": {
    name: "Creative Commons Attribution 3.0 Austria",
    id: "CC-BY-3.0-AT",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-3.0-DE": {
    name: "Creative Commons Attribution 3.0 Germany",
    id: "CC-BY-3.0-DE",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-3.0-IGO": {
    name: "Creative Commons Attribution 3.0 IGO",
    id: "CC-BY-3.0-IGO",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-3.0-NL": {
    name: "Creative Commons Attribution 3.0 Netherlands",
    id: "CC-BY-3.0-NL",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-3.0-US": {
    name: "Creative Commons Attribution 3.0 United States",
    id: "CC-BY-3.0-US",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-4.0": {
    name: "Creative Commons Attribution 4.0 International",
    id: "CC-BY-4.0",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "CC-BY-NC-1.0": {
    name: "Creative Commons Attribution Non Commercial 1.0 Generic",
    id: "CC-BY-NC-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-2.0": {
    name: "Creative Commons Attribution Non Commercial 2.0 Generic",
    id: "CC-BY-NC-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-2.5": {
    name: "Creative Commons Attribution Non Commercial 2.5 Generic",
    id: "CC-BY-NC-2.5",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-3.0": {
    name: "Creative Commons Attribution Non Commercial 3.0 Unported",
    id: "CC-BY-NC-3.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-3.0-DE": {
    name: "Creative Commons Attribution Non Commercial 3.0 Germany",
    id: "CC-BY-NC-3.0-DE",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-4.0": {
    name: "Creative Commons Attribution Non Commercial 4.0 International",
    id: "CC-BY-NC-4.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-ND-1.0": {
    name: "Creative Commons Attribution Non Commercial No Derivatives 1.0 Generic",
    id: "CC-BY-NC-ND-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-ND-2.0": {
    name: "Creative Commons Attribution Non Commercial No Derivatives 2.0 Generic",
    id: "CC-BY-NC-ND-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-ND-2.5": {
    name: "Creative Commons Attribution Non Commercial No Derivatives 2.5 Generic",
    id: "CC-BY-NC-ND-2.5",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-ND-3.0": {
    name: "Creative Commons Attribution Non Commercial No Derivatives 3.0 Unported",
    id: "CC-BY-NC-ND-3.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-ND-3.0-DE": {
    name: "Creative Commons Attribution Non Commercial No Derivatives 3.0 Germany",
    id: "CC-BY-NC-ND-3.0-DE",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-ND-3.0-IGO": {
    name: "Creative Commons Attribution Non Commercial No Derivatives 3.0 IGO",
    id: "CC-BY-NC-ND-3.0-IGO",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-ND-4.0": {
    name: "Creative Commons Attribution Non Commercial No Derivatives 4.0 International",
    id: "CC-BY-NC-ND-4.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-SA-1.0": {
    name: "Creative Commons Attribution Non Commercial Share Alike 1.0 Generic",
    id: "CC-BY-NC-SA-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-SA-2.0": {
    name: "Creative Commons Attribution Non Commercial Share Alike 2.0 Generic",
    id: "CC-BY-NC-SA-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-SA-2.0-DE": {
    name: "Creative Commons Attribution Non Commercial Share Alike 2.0 Germany",
    id: "CC-BY-NC-SA-2.0-DE",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-SA-2.0-FR": {
    name: "Creative Commons Attribution-NonCommercial-ShareAlike 2.0 France",
    id: "CC-BY-NC-SA-2.0-FR",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-SA-2.0-UK": {
    name: "Creative Commons Attribution Non Commercial Share Alike 2.0 England and Wales",
    id: "CC-BY-NC-SA-2.0-UK",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-SA-2.5": {
    name: "Creative Commons Attribution Non Commercial Share Alike 2.5 Generic",
    id: "CC-BY-NC-SA-2.5",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-SA-3.0": {
    name: "Creative Commons Attribution Non Commercial Share Alike 3.0 Unported",
    id: "CC-BY-NC-SA-3.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-SA-3.0-DE": {
    name: "Creative Commons Attribution Non Commercial Share Alike 3.0 Germany",
    id: "CC-BY-NC-SA-3.0-DE",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-SA-3.0-IGO": {
    name: "Creative Commons Attribution Non Commercial Share Alike 3.0 IGO",
    id: "CC-BY-NC-SA-3.0-IGO",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-NC-SA-4.0": {
    name: "Creative Commons Attribution Non Commercial Share Alike 4.0 International",
    id: "CC-BY-NC-SA-4.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-ND-1.0": {
    name: "Creative Commons Attribution No Derivatives 1.0 Generic",
    id: "CC-BY-ND-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-ND-2.0": {
    name: "Creative Commons Attribution No Derivatives 2.0 Generic",
    id: "CC-BY-ND-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-ND-2.5": {
    name: "Creative Commons Attribution No Derivatives 2.5 Generic",
    id: "CC-BY-ND-2.5",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-ND-3.0": {
    name: "Creative Commons Attribution No Derivatives 3.0 Unported",
    id: "CC-BY-ND-3.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-ND-3.0-DE": {
    name: "Creative Commons Attribution No Derivatives 3.0 Germany",
    id: "CC-BY-ND-3.0-DE",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-ND-4.0": {
    name: "Creative Commons Attribution No Derivatives 4.0 International",
    id: "CC-BY-ND-4.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-SA-1.0": {
    name: "Creative Commons Attribution Share Alike 1.0 Generic",
    id: "CC-BY-SA-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-SA-2.0": {
    name: "Creative Commons Attribution Share Alike 2.0 Generic",
    id: "CC-BY-SA-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-SA-2.0-UK": {
    name: "Creative Commons Attribution Share Alike 2.0 England and Wales",
    id: "CC-BY-SA-2.0-UK",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-SA-2.1-JP": {
    name: "Creative Commons Attribution Share Alike 2.1 Japan",
    id: "CC-BY-SA-2.1-JP",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-SA-2.5": {
    name: "Creative Commons Attribution Share Alike 2.5 Generic",
    id: "CC-BY-SA-2.5",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-SA-3.0": {
    name: "Creative Commons Attribution Share Alike 3.0 Unported",
    id: "CC-BY-SA-3.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-SA-3.0-AT": {
    name: "Creative Commons Attribution Share Alike 3.0 Austria",
    id: "CC-BY-SA-3.0-AT",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-SA-3.0-DE": {
    name: "Creative Commons Attribution Share Alike 3.0 Germany",
    id: "CC-BY-SA-3.0-DE",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-SA-3.0-IGO": {
    name: "Creative Commons Attribution-ShareAlike 3.0 IGO",
    id: "CC-BY-SA-3.0-IGO",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC-BY-SA-4.0": {
    name: "Creative Commons Attribution Share Alike 4.0 International",
    id: "CC-BY-SA-4.0",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "CC-PDDC": {
    name: "Creative Commons Public Domain Dedication and Certification",
    id: "CC-PDDC",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CC0-1.0": {
    name: "Creative Commons Zero v1.0 Universal",
    id: "CC0-1.0",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "CDDL-1.0": {
    name: "Common Development and Distribution License 1.0",
    id: "CDDL-1.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "CDDL-1.1": {
    name: "Common Development and Distribution License 1.1",
    id: "CDDL-1.1",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CDL-1.0": {
    name: "Common Documentation License 1.0",
    id: "CDL-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CDLA-Permissive-1.0": {
    name: "Community Data License Agreement Permissive 1.0",
    id: "CDLA-Permissive-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CDLA-Permissive-2.0": {
    name: "Community Data License Agreement Permissive 2.0",
    id: "CDLA-Permissive-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CDLA-Sharing-1.0": {
    name: "Community Data License Agreement Sharing 1.0",
    id: "CDLA-Sharing-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CECILL-1.0": {
    name: "CeCILL Free Software License Agreement v1.0",
    id: "CECILL-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CECILL-1.1": {
    name: "CeCILL Free Software License Agreement v1.1",
    id: "CECILL-1.1",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CECILL-2.0": {
    name: "CeCILL Free Software License Agreement v2.0",
    id: "CECILL-2.0",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "CECILL-2.1": {
    name: "CeCILL Free Software License Agreement v2.1",
    id: "CECILL-2.1",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "CECILL-B": {
    name: "CeCILL-B Free Software License Agreement",
    id: "CECILL-B",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "CECILL-C": {
    name: "CeCILL-C Free Software License Agreement",
    id: "CECILL-C",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "CERN-OHL-1.1": {
    name: "CERN Open Hardware Licence v1.1",
    id: "CERN-OHL-1.1",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CERN-OHL-1.2": {
    name: "CERN Open Hardware Licence v1.2",
    id: "CERN-OHL-1.2",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CERN-OHL-P-2.0": {
    name: "CERN Open Hardware Licence Version 2 - Permissive",
    id: "CERN-OHL-P-2.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "CERN-OHL-S-2.0": {
    name: "CERN Open Hardware Licence Version 2 - Strongly Reciprocal",
    id: "CERN-OHL-S-2.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "CERN-OHL-W-2.0": {
    name: "CERN Open Hardware Licence Version 2 - Weakly Reciprocal",
    id: "CERN-OHL-W-2.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  CFITSIO: {
    name: "CFITSIO License",
    id: "CFITSIO",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "check-cvs": {
    name: "check-cvs License",
    id: "check-cvs",
    deprecated: false,
    osi: false,
    fsf: false
  },
  checkmk: {
    name: "Checkmk License",
    id: "checkmk",
    deprecated: false,
    osi: false,
    fsf: false
  },
  ClArtistic: {
    name: "Clarified Artistic License",
    id: "ClArtistic",
    deprecated: false,
    osi: false,
    fsf: true
  },
  Clips: {
    name: "Clips License",
    id: "Clips",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CMU-Mach": {
    name: "CMU Mach License",
    id: "CMU-Mach",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CNRI-Jython": {
    name: "CNRI Jython License",
    id: "CNRI-Jython",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CNRI-Python": {
    name: "CNRI Python License",
    id: "CNRI-Python",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "CNRI-Python-GPL-Compatible": {
    name: "CNRI Python Open Source GPL Compatible License Agreement",
    id: "CNRI-Python-GPL-Compatible",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "COIL-1.0": {
    name: "Copyfree Open Innovation License",
    id: "COIL-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Community-Spec-1.0": {
    name: "Community Specification License 1.0",
    id: "Community-Spec-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Condor-1.1": {
    name: "Condor Public License v1.1",
    id: "Condor-1.1",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "copyleft-next-0.3.0": {
    name: "copyleft-next 0.3.0",
    id: "copyleft-next-0.3.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "copyleft-next-0.3.1": {
    name: "copyleft-next 0.3.1",
    id: "copyleft-next-0.3.1",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Cornell-Lossless-JPEG": {
    name: "Cornell Lossless JPEG License",
    id: "Cornell-Lossless-JPEG",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CPAL-1.0": {
    name: "Common Public Attribution License 1.0",
    id: "CPAL-1.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "CPL-1.0": {
    name: "Common Public License 1.0",
    id: "CPL-1.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "CPOL-1.02": {
    name: "Code Project Open License 1.02",
    id: "CPOL-1.02",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Cronyx: {
    name: "Cronyx License",
    id: "Cronyx",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Crossword: {
    name: "Crossword License",
    id: "Crossword",
    deprecated: false,
    osi: false,
    fsf: false
  },
  CrystalStacker: {
    name: "CrystalStacker License",
    id: "CrystalStacker",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "CUA-OPL-1.0": {
    name: "CUA Office Public License v1.0",
    id: "CUA-OPL-1.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  Cube: {
    name: "Cube License",
    id: "Cube",
    deprecated: false,
    osi: false,
    fsf: false
  },
  curl: {
    name: "curl License",
    id: "curl",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "D-FSL-1.0": {
    name: "Deutsche Freie Software Lizenz",
    id: "D-FSL-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "DEC-3-Clause": {
    name: "DEC 3-Clause License",
    id: "DEC-3-Clause",
    deprecated: false,
    osi: false,
    fsf: false
  },
  diffmark: {
    name: "diffmark license",
    id: "diffmark",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "DL-DE-BY-2.0": {
    name: "Data licence Germany – attribution – version 2.0",
    id: "DL-DE-BY-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "DL-DE-ZERO-2.0": {
    name: "Data licence Germany – zero – version 2.0",
    id: "DL-DE-ZERO-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  DOC: {
    name: "DOC License",
    id: "DOC",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Dotseqn: {
    name: "Dotseqn License",
    id: "Dotseqn",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "DRL-1.0": {
    name: "Detection Rule License 1.0",
    id: "DRL-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "DRL-1.1": {
    name: "Detection Rule License 1.1",
    id: "DRL-1.1",
    deprecated: false,
    osi: false,
    fsf: false
  },
  DSDP: {
    name: "DSDP License",
    id: "DSDP",
    deprecated: false,
    osi: false,
    fsf: false
  },
  dtoa: {
    name: "David M. Gay dtoa License",
    id: "dtoa",
    deprecated: false,
    osi: false,
    fsf: false
  },
  dvipdfm: {
    name: "dvipdfm License",
    id: "dvipdfm",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "ECL-1.0": {
    name: "Educational Community License v1.0",
    id: "ECL-1.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "ECL-2.0": {
    name: "Educational Community License v2.0",
    id: "ECL-2.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "eCos-2.0": {
    name: "eCos license version 2.0",
    id: "eCos-2.0",
    deprecated: true,
    osi: false,
    fsf: true
  },
  "EFL-1.0": {
    name: "Eiffel Forum License v1.0",
    id: "EFL-1.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "EFL-2.0": {
    name: "Eiffel Forum License v2.0",
    id: "EFL-2.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  eGenix: {
    name: "eGenix.com Public License 1.1.0",
    id: "eGenix",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Elastic-2.0": {
    name: "Elastic License 2.0",
    id: "Elastic-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Entessa: {
    name: "Entessa Public License v1.0",
    id: "Entessa",
    deprecated: false,
    osi: true,
    fsf: false
  },
  EPICS: {
    name: "EPICS Open License",
    id: "EPICS",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "EPL-1.0": {
    name: "Eclipse Public License 1.0",
    id: "EPL-1.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "EPL-2.0": {
    name: "Eclipse Public License 2.0",
    id: "EPL-2.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "ErlPL-1.1": {
    name: "Erlang Public License v1.1",
    id: "ErlPL-1.1",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "etalab-2.0": {
    name: "Etalab Open License 2.0",
    id: "etalab-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  EUDatagrid: {
    name: "EU DataGrid Software License",
    id: "EUDatagrid",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "EUPL-1.0": {
    name: "European Union Public License 1.0",
    id: "EUPL-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "EUPL-1.1": {
    name: "European Union Public License 1.1",
    id: "EUPL-1.1",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "EUPL-1.2": {
    name: "European Union Public License 1.2",
    id: "EUPL-1.2",
    deprecated: false,
    osi: true,
    fsf: true
  },
  Eurosym: {
    name: "Eurosym License",
    id: "Eurosym",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Fair: {
    name: "Fair License",
    id: "Fair",
    deprecated: false,
    osi: true,
    fsf: false
  },
  FBM: {
    name: "Fuzzy Bitmap License",
    id: "FBM",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "FDK-AAC": {
    name: "Fraunhofer FDK AAC Codec Library",
    id: "FDK-AAC",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Ferguson-Twofish": {
    name: "Ferguson Twofish License",
    id: "Ferguson-Twofish",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Frameworx-1.0": {
    name: "Frameworx Open License 1.0",
    id: "Frameworx-1.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "FreeBSD-DOC": {
    name: "FreeBSD Documentation License",
    id: "FreeBSD-DOC",
    deprecated: false,
    osi: false,
    fsf: false
  },
  FreeImage: {
    name: "FreeImage Public License v1.0",
    id: "FreeImage",
    deprecated: false,
    osi: false,
    fsf: false
  },
  FSFAP: {
    name: "FSF All Permissive License",
    id: "FSFAP",
    deprecated: false,
    osi: false,
    fsf: true
  },
  FSFUL: {
    name: "FSF Unlimited License",
    id: "FSFUL",
    deprecated: false,
    osi: false,
    fsf: false
  },
  FSFULLR: {
    name: "FSF Unlimited License (with License Retention)",
    id: "FSFULLR",
    deprecated: false,
    osi: false,
    fsf: false
  },
  FSFULLRWD: {
    name: "FSF Unlimited License (With License Retention and Warranty Disclaimer)",
    id: "FSFULLRWD",
    deprecated: false,
    osi: false,
    fsf: false
  },
  FTL: {
    name: "Freetype Project License",
    id: "FTL",
    deprecated: false,
    osi: false,
    fsf: true
  },
  Furuseth: {
    name: "Furuseth License",
    id: "Furuseth",
    deprecated: false,
    osi: false,
    fsf: false
  },
  fwlw: {
    name: "fwlw License",
    id: "fwlw",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "GCR-docs": {
    name: "Gnome GCR Documentation License",
    id: "GCR-docs",
    deprecated: false,
    osi: false,
    fsf: false
  },
  GD: {
    name: "GD License",
    id: "GD",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "GFDL-1.1": {
    name: "GNU Free Documentation License v1.1",
    id: "GFDL-1.1",
    deprecated: true,
    osi: false,
    fsf: true
  },
  "GFDL-1.1-invariants-only": {
    name: "GNU Free Documentation License v1.1 only - invariants",
    id: "GFDL-1.1-invariants-only",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "GFDL-1.1-invariants-or-later": {
    name: "GNU Free Documentation License v1.1 or later - invariants",
    id: "GFDL-1.1-invariants-or-later",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "GFDL-1.1-no-invariants-only": {
    name: "GNU Free Documentation License v1.1 only - no invariants",
    id: "GFDL-1.1-no-invariants-only",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "GFDL-1.1-no-invariants-or-later": {
    name: "GNU Free Documentation License v1.1 or later - no invariants",
    id: "GFDL-1.1-no-invariants-or-later",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "GFDL-1.1-only": {
    name: "GNU Free Documentation License v1.1 only",
    id: "GFDL-1.1-only",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "GFDL-1.1-or-later": {
    name: "GNU Free Documentation License v1.1 or later",
    id: "GFDL-1.1-or-later",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "GFDL-1.2": {
    name: "GNU Free Documentation License v1.2",
    id: "GFDL-1.2",
    deprecated: true,
    osi: false,
    fsf: true
  },
  "GFDL-1.2-invariants-only": {
    name: "GNU Free Documentation License v1.2 only - invariants",
    id: "GFDL-1.2-invariants-only",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "GFDL-1.2-invariants-or-later": {
    name: "GNU Free Documentation License v1.2 or later - invariants",
    id: "GFDL-1.2-invariants-or-later",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "GFDL-1.2-no-invariants-only": {
    name: "GNU Free Documentation License v1.2 only - no invariants",
    id: "GFDL-1.2-no-invariants-only",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "GFDL-1.2-no-invariants-or-later": {
    name: "GNU Free Documentation License v1.2 or later - no invariants",
    id: "GFDL-1.2-no-invariants-or-later",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "GFDL-1.2-only": {
    name: "GNU Free Documentation License v1.2 only",
    id: "GFDL-1.2-only",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "GFDL-1.2-or-later": {
    name: "GNU Free Documentation License v1.2 or later",
    id: "GFDL-1.2-or-later",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "GFDL-1.3": {
    name: "GNU Free Documentation License v1.3",
    id: "GFDL-1.3",
    deprecated: true,
    osi: false,
    fsf: true
  },
  "GFDL-1.3-invariants-only": {
    name: "GNU Free Documentation License v1.3 only - invariants",
    id: "GFDL-1.3-invariants-only",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "GFDL-1.3-invariants-or-later": {
    name: "GNU Free Documentation License v1.3 or later - invariants",
    id: "GFDL-1.3-invariants-or-later",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "GFDL-1.3-no-invariants-only": {
    name: "GNU Free Documentation License v1.3 only - no invariants",
    id: "GFDL-1.3-no-invariants-only",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "GFDL-1.3-no-invariants-or-later": {
    name: "GNU Free Documentation License v1.3 or later - no invariants",
    id: "GFDL-1.3-no-invariants-or-later",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "GFDL-1.3-only": {
    name: "GNU Free Documentation License v1.3 only",
    id: "GFDL-1.3-only",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "GFDL-1.3-or-later": {
    name: "GNU Free Documentation License v1.3 or later",
    id: "GFDL-1.3-or-later",
    deprecated: false,
    osi: false,
    fsf: true
  },
  Giftware: {
    name: "Giftware License",
    id: "Giftware",
    deprecated: false,
    osi: false,
    fsf: false
  },
  GL2PS: {
    name: "GL2PS License",
    id: "GL2PS",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Glide: {
    name: "3dfx Glide License",
    id: "Glide",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Glulxe: {
    name: "Glulxe License",
    id: "Glulxe",
    deprecated: false,
    osi: false,
    fsf: false
  },
  GLWTPL: {
    name: "Good Luck With That Public License",
    id: "GLWTPL",
    deprecated: false,
    osi: false,
    fsf: false
  },
  gnuplot: {
    name: "gnuplot License",
    id: "gnuplot",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "GPL-1.0": {
    name: "GNU General Public License v1.0 only",
    id: "GPL-1.0",
    deprecated: true,
    osi: false,
    fsf: false
  },
  "GPL-1.0+": {
    name: "GNU General Public License v1.0 or later",
    id: "GPL-1.0+",
    deprecated: true,
    osi: false,
    fsf: false
  },
  "GPL-1.0-only": {
    name: "GNU General Public License v1.0 only",
    id: "GPL-1.0-only",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "GPL-1.0-or-later": {
    name: "GNU General Public License v1.0 or later",
    id: "GPL-1.0-or-later",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "GPL-2.0": {
    name: "GNU General Public License v2.0 only",
    id: "GPL-2.0",
    deprecated: true,
    osi: true,
    fsf: true
  },
  "GPL-2.0+": {
    name: "GNU General Public License v2.0 or later",
    id: "GPL-2.0+",
    deprecated: true,
    osi: true,
    fsf: true
  },
  "GPL-2.0-only": {
    name: "GNU General Public License v2.0 only",
    id: "GPL-2.0-only",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "GPL-2.0-or-later": {
    name: "GNU General Public License v2.0 or later",
    id: "GPL-2.0-or-later",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "GPL-2.0-with-autoconf-exception": {
    name: "GNU General Public License v2.0 w/Autoconf exception",
    id: "GPL-2.0-with-autoconf-exception",
    deprecated: true,
    osi: false,
    fsf: false
  },
  "GPL-2.0-with-bison-exception": {
    name: "GNU General Public License v2.0 w/Bison exception",
    id: "GPL-2.0-with-bison-exception",
    deprecated: true,
    osi: false,
    fsf: false
  },
  "GPL-2.0-with-classpath-exception": {
    name: "GNU General Public License v2.0 w/Classpath exception",
    id: "GPL-2.0-with-classpath-exception",
    deprecated: true,
    osi: false,
    fsf: false
  },
  "GPL-2.0-with-font-exception": {
    name: "GNU General Public License v2.0 w/Font exception",
    id: "GPL-2.0-with-font-exception",
    deprecated: true,
    osi: false,
    fsf: false
  },
  "GPL-2.0-with-GCC-exception": {
    name: "GNU General Public License v2.0 w/GCC Runtime Library exception",
    id: "GPL-2.0-with-GCC-exception",
    deprecated: true,
    osi: false,
    fsf: false
  },
  "GPL-3.0": {
    name: "GNU General Public License v3.0 only",
    id: "GPL-3.0",
    deprecated: true,
    osi: true,
    fsf: true
  },
  "GPL-3.0+": {
    name: "GNU General Public License v3.0 or later",
    id: "GPL-3.0+",
    deprecated: true,
    osi: true,
    fsf: true
  },
  "GPL-3.0-only": {
    name: "GNU General Public License v3.0 only",
    id: "GPL-3.0-only",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "GPL-3.0-or-later": {
    name: "GNU General Public License v3.0 or later",
    id: "GPL-3.0-or-later",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "GPL-3.0-with-autoconf-exception": {
    name: "GNU General Public License v3.0 w/Autoconf exception",
    id: "GPL-3.0-with-autoconf-exception",
    deprecated: true,
    osi: false,
    fsf: false
  },
  "GPL-3.0-with-GCC-exception": {
    name: "GNU General Public License v3.0 w/GCC Runtime Library exception",
    id: "GPL-3.0-with-GCC-exception",
    deprecated: true,
    osi: true,
    fsf: false
  },
  "Graphics-Gems": {
    name: "Graphics Gems License",
    id: "Graphics-Gems",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "gSOAP-1.3b": {
    name: "gSOAP Public License v1.3b",
    id: "gSOAP-1.3b",
    deprecated: false,
    osi: false,
    fsf: false
  },
  HaskellReport: {
    name: "Haskell Language Report License",
    id: "HaskellReport",
    deprecated: false,
    osi: false,
    fsf: false
  },
  hdparm: {
    name: "hdparm License",
    id: "hdparm",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Hippocratic-2.1": {
    name: "Hippocratic License 2.1",
    id: "Hippocratic-2.1",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "HP-1986": {
    name: "Hewlett-Packard 1986 License",
    id: "HP-1986",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "HP-1989": {
    name: "Hewlett-Packard 1989 License",
    id: "HP-1989",
    deprecated: false,
    osi: false,
    fsf: false
  },
  HPND: {
    name: "Historical Permission Notice and Disclaimer",
    id: "HPND",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "HPND-DEC": {
    name: "Historical Permission Notice and Disclaimer - DEC variant",
    id: "HPND-DEC",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "HPND-doc": {
    name: "Historical Permission Notice and Disclaimer - documentation variant",
    id: "HPND-doc",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "HPND-doc-sell": {
    name: "Historical Permission Notice and Disclaimer - documentation sell variant",
    id: "HPND-doc-sell",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "HPND-export-US": {
    name: "HPND with US Government export control warning",
    id: "HPND-export-US",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "HPND-export-US-modify": {
    name: "HPND with US Government export control warning and modification rqmt",
    id: "HPND-export-US-modify",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "HPND-Markus-Kuhn": {
    name: "Historical Permission Notice and Disclaimer - Markus Kuhn variant",
    id: "HPND-Markus-Kuhn",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "HPND-Pbmplus": {
    name: "Historical Permission Notice and Disclaimer - Pbmplus variant",
    id: "HPND-Pbmplus",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "HPND-sell-MIT-disclaimer-xserver": {
    name: "Historical Permission Notice and Disclaimer - sell xserver variant with MIT disclaimer",
    id: "HPND-sell-MIT-disclaimer-xserver",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "HPND-sell-regexpr": {
    name: "Historical Permission Notice and Disclaimer - sell regexpr variant",
    id: "HPND-sell-regexpr",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "HPND-sell-variant": {
    name: "Historical Permission Notice and Disclaimer - sell variant",
    id: "HPND-sell-variant",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "HPND-sell-variant-MIT-disclaimer": {
    name: "HPND sell variant with MIT disclaimer",
    id: "HPND-sell-variant-MIT-disclaimer",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "HPND-UC": {
    name: "Historical Permission Notice and Disclaimer - University of California variant",
    id: "HPND-UC",
    deprecated: false,
    osi: false,
    fsf: false
  },
  HTMLTIDY: {
    name: "HTML Tidy License",
    id: "HTMLTIDY",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "IBM-pibs": {
    name: "IBM PowerPC Initialization and Boot Software",
    id: "IBM-pibs",
    deprecated: false,
    osi: false,
    fsf: false
  },
  ICU: {
    name: "ICU License",
    id: "ICU",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "IEC-Code-Components-EULA": {
    name: "IEC    Code Components End-user licence agreement",
    id: "IEC-Code-Components-EULA",
    deprecated: false,
    osi: false,
    fsf: false
  },
  IJG: {
    name: "Independent JPEG Group License",
    id: "IJG",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "IJG-short": {
    name: "Independent JPEG Group License - short",
    id: "IJG-short",
    deprecated: false,
    osi: false,
    fsf: false
  },
  ImageMagick: {
    name: "ImageMagick License",
    id: "ImageMagick",
    deprecated: false,
    osi: false,
    fsf: false
  },
  iMatix: {
    name: "iMatix Standard Function Library Agreement",
    id: "iMatix",
    deprecated: false,
    osi: false,
    fsf: true
  },
  Imlib2: {
    name: "Imlib2 License",
    id: "Imlib2",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "Info-ZIP": {
    name: "Info-ZIP License",
    id: "Info-ZIP",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Inner-Net-2.0": {
    name: "Inner Net License v2.0",
    id: "Inner-Net-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Intel: {
    name: "Intel Open Source License",
    id: "Intel",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "Intel-ACPI": {
    name: "Intel ACPI Software License Agreement",
    id: "Intel-ACPI",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Interbase-1.0": {
    name: "Interbase Public License v1.0",
    id: "Interbase-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  IPA: {
    name: "IPA Font License",
    id: "IPA",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "IPL-1.0": {
    name: "IBM Public License v1.0",
    id: "IPL-1.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  ISC: {
    name: "ISC License",
    id: "ISC",
    deprecated: false,
    osi: true,
    fsf: true
  },
  Jam: {
    name: "Jam License",
    id: "Jam",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "JasPer-2.0": {
    name: "JasPer License",
    id: "JasPer-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "JPL-image": {
    name: "JPL Image Use Policy",
    id: "JPL-image",
    deprecated: false,
    osi: false,
    fsf: false
  },
  JPNIC: {
    name: "Japan Network Information Center License",
    id: "JPNIC",
    deprecated: false,
    osi: false,
    fsf: false
  },
  JSON: {
    name: "JSON License",
    id: "JSON",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Kastrup: {
    name: "Kastrup License",
    id: "Kastrup",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Kazlib: {
    name: "Kazlib License",
    id: "Kazlib",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Knuth-CTAN": {
    name: "Knuth CTAN License",
    id: "Knuth-CTAN",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "LAL-1.2": {
    name: "Licence Art Libre 1.2",
    id: "LAL-1.2",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "LAL-1.3": {
    name: "Licence Art Libre 1.3",
    id: "LAL-1.3",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Latex2e: {
    name: "Latex2e License",
    id: "Latex2e",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Latex2e-translated-notice": {
    name: "Latex2e with translated notice permission",
    id: "Latex2e-translated-notice",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Leptonica: {
    name: "Leptonica License",
    id: "Leptonica",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "LGPL-2.0": {
    name: "GNU Library General Public License v2 only",
    id: "LGPL-2.0",
    deprecated: true,
    osi: true,
    fsf: false
  },
  "LGPL-2.0+": {
    name: "GNU Library General Public License v2 or later",
    id: "LGPL-2.0+",
    deprecated: true,
    osi: true,
    fsf: false
  },
  "LGPL-2.0-only": {
    name: "GNU Library General Public License v2 only",
    id: "LGPL-2.0-only",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "LGPL-2.0-or-later": {
    name: "GNU Library General Public License v2 or later",
    id: "LGPL-2.0-or-later",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "LGPL-2.1": {
    name: "GNU Lesser General Public License v2.1 only",
    id: "LGPL-2.1",
    deprecated: true,
    osi: true,
    fsf: true
  },
  "LGPL-2.1+": {
    name: "GNU Lesser General Public License v2.1 or later",
    id: "LGPL-2.1+",
    deprecated: true,
    osi: true,
    fsf: true
  },
  "LGPL-2.1-only": {
    name: "GNU Lesser General Public License v2.1 only",
    id: "LGPL-2.1-only",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "LGPL-2.1-or-later": {
    name: "GNU Lesser General Public License v2.1 or later",
    id: "LGPL-2.1-or-later",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "LGPL-3.0": {
    name: "GNU Lesser General Public License v3.0 only",
    id: "LGPL-3.0",
    deprecated: true,
    osi: true,
    fsf: true
  },
  "LGPL-3.0+": {
    name: "GNU Lesser General Public License v3.0 or later",
    id: "LGPL-3.0+",
    deprecated: true,
    osi: true,
    fsf: true
  },
  "LGPL-3.0-only": {
    name: "GNU Lesser General Public License v3.0 only",
    id: "LGPL-3.0-only",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "LGPL-3.0-or-later": {
    name: "GNU Lesser General Public License v3.0 or later",
    id: "LGPL-3.0-or-later",
    deprecated: false,
    osi: true,
    fsf: true
  },
  LGPLLR: {
    name: "Lesser General Public License For Linguistic Resources",
    id: "LGPLLR",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Libpng: {
    name: "libpng License",
    id: "Libpng",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "libpng-2.0": {
    name: "PNG Reference Library version 2",
    id: "libpng-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "libselinux-1.0": {
    name: "libselinux public domain notice",
    id: "libselinux-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  libtiff: {
    name: "libtiff License",
    id: "libtiff",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "libutil-David-Nugent": {
    name: "libutil David Nugent License",
    id: "libutil-David-Nugent",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "LiLiQ-P-1.1": {
    name: "Licence Libre du Québec – Permissive version 1.1",
    id: "LiLiQ-P-1.1",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "LiLiQ-R-1.1": {
    name: "Licence Libre du Québec – Réciprocité version 1.1",
    id: "LiLiQ-R-1.1",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "LiLiQ-Rplus-1.1": {
    name: "Licence Libre du Québec – Réciprocité forte version 1.1",
    id: "LiLiQ-Rplus-1.1",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "Linux-man-pages-1-para": {
    name: "Linux man-pages - 1 paragraph",
    id: "Linux-man-pages-1-para",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Linux-man-pages-copyleft": {
    name: "Linux man-pages Copyleft",
    id: "Linux-man-pages-copyleft",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Linux-man-pages-copyleft-2-para": {
    name: "Linux man-pages Copyleft - 2 paragraphs",
    id: "Linux-man-pages-copyleft-2-para",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Linux-man-pages-copyleft-var": {
    name: "Linux man-pages Copyleft Variant",
    id: "Linux-man-pages-copyleft-var",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Linux-OpenIB": {
    name: "Linux Kernel Variant of OpenIB.org license",
    id: "Linux-OpenIB",
    deprecated: false,
    osi: false,
    fsf: false
  },
  LOOP: {
    name: "Common Lisp LOOP License",
    id: "LOOP",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "LPL-1.0": {
    name: "Lucent Public License Version 1.0",
    id: "LPL-1.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "LPL-1.02": {
    name: "Lucent Public License v1.02",
    id: "LPL-1.02",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "LPPL-1.0": {
    name: "LaTeX Project Public License v1.0",
    id: "LPPL-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "LPPL-1.1": {
    name: "LaTeX Project Public License v1.1",
    id: "LPPL-1.1",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "LPPL-1.2": {
    name: "LaTeX Project Public License v1.2",
    id: "LPPL-1.2",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "LPPL-1.3a": {
    name: "LaTeX Project Public License v1.3a",
    id: "LPPL-1.3a",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "LPPL-1.3c": {
    name: "LaTeX Project Public License v1.3c",
    id: "LPPL-1.3c",
    deprecated: false,
    osi: true,
    fsf: false
  },
  lsof: {
    name: "lsof License",
    id: "lsof",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Lucida-Bitmap-Fonts": {
    name: "Lucida Bitmap Fonts License",
    id: "Lucida-Bitmap-Fonts",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "LZMA-SDK-9.11-to-9.20": {
    name: "LZMA SDK License (versions 9.11 to 9.20)",
    id: "LZMA-SDK-9.11-to-9.20",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "LZMA-SDK-9.22": {
    name: "LZMA SDK License (versions 9.22 and beyond)",
    id: "LZMA-SDK-9.22",
    deprecated: false,
    osi: false,
    fsf: false
  },
  magaz: {
    name: "magaz License",
    id: "magaz",
    deprecated: false,
    osi: false,
    fsf: false
  },
  MakeIndex: {
    name: "MakeIndex License",
    id: "MakeIndex",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Martin-Birgmeier": {
    name: "Martin Birgmeier License",
    id: "Martin-Birgmeier",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "McPhee-slideshow": {
    name: "McPhee Slideshow License",
    id: "McPhee-slideshow",
    deprecated: false,
    osi: false,
    fsf: false
  },
  metamail: {
    name: "metamail License",
    id: "metamail",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Minpack: {
    name: "Minpack License",
    id: "Minpack",
    deprecated: false,
    osi: false,
    fsf: false
  },
  MirOS: {
    name: "The MirOS Licence",
    id: "MirOS",
    deprecated: false,
    osi: true,
    fsf: false
  },
  MIT: {
    name: "MIT License",
    id: "MIT",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "MIT-0": {
    name: "MIT No Attribution",
    id: "MIT-0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "MIT-advertising": {
    name: "Enlightenment License (e16)",
    id: "MIT-advertising",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "MIT-CMU": {
    name: "CMU License",
    id: "MIT-CMU",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "MIT-enna": {
    name: "enna License",
    id: "MIT-enna",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "MIT-feh": {
    name: "feh License",
    id: "MIT-feh",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "MIT-Festival": {
    name: "MIT Festival Variant",
    id: "MIT-Festival",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "MIT-Modern-Variant": {
    name: "MIT License Modern Variant",
    id: "MIT-Modern-Variant",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "MIT-open-group": {
    name: "MIT Open Group variant",
    id: "MIT-open-group",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "MIT-testregex": {
    name: "MIT testregex Variant",
    id: "MIT-testregex",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "MIT-Wu": {
    name: "MIT Tom Wu Variant",
    id: "MIT-Wu",
    deprecated: false,
    osi: false,
    fsf: false
  },
  MITNFA: {
    name: "MIT +no-false-attribs license",
    id: "MITNFA",
    deprecated: false,
    osi: false,
    fsf: false
  },
  MMIXware: {
    name: "MMIXware License",
    id: "MMIXware",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Motosoto: {
    name: "Motosoto License",
    id: "Motosoto",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "MPEG-SSG": {
    name: "MPEG Software Simulation",
    id: "MPEG-SSG",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "mpi-permissive": {
    name: "mpi Permissive License",
    id: "mpi-permissive",
    deprecated: false,
    osi: false,
    fsf: false
  },
  mpich2: {
    name: "mpich2 License",
    id: "mpich2",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "MPL-1.0": {
    name: "Mozilla Public License 1.0",
    id: "MPL-1.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "MPL-1.1": {
    name: "Mozilla Public License 1.1",
    id: "MPL-1.1",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "MPL-2.0": {
    name: "Mozilla Public License 2.0",
    id: "MPL-2.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "MPL-2.0-no-copyleft-exception": {
    name: "Mozilla Public License 2.0 (no copyleft exception)",
    id: "MPL-2.0-no-copyleft-exception",
    deprecated: false,
    osi: true,
    fsf: false
  },
  mplus: {
    name: "mplus Font License",
    id: "mplus",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "MS-LPL": {
    name: "Microsoft Limited Public License",
    id: "MS-LPL",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "MS-PL": {
    name: "Microsoft Public License",
    id: "MS-PL",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "MS-RL": {
    name: "Microsoft Reciprocal License",
    id: "MS-RL",
    deprecated: false,
    osi: true,
    fsf: true
  },
  MTLL: {
    name: "Matrix Template Library License",
    id: "MTLL",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "MulanPSL-1.0": {
    name: "Mulan Permissive Software License, Version 1",
    id: "MulanPSL-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "MulanPSL-2.0": {
    name: "Mulan Permissive Software License, Version 2",
    id: "MulanPSL-2.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  Multics: {
    name: "Multics License",
    id: "Multics",
    deprecated: false,
    osi: true,
    fsf: false
  },
  Mup: {
    name: "Mup License",
    id: "Mup",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "NAIST-2003": {
    name: "Nara Institute of Science and Technology License (2003)",
    id: "NAIST-2003",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "NASA-1.3": {
    name: "NASA Open Source Agreement 1.3",
    id: "NASA-1.3",
    deprecated: false,
    osi: true,
    fsf: false
  },
  Naumen: {
    name: "Naumen Public License",
    id: "Naumen",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "NBPL-1.0": {
    name: "Net Boolean Public License v1",
    id: "NBPL-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "NCGL-UK-2.0": {
    name: "Non-Commercial Government Licence",
    id: "NCGL-UK-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  NCSA: {
    name: "University of Illinois/NCSA Open Source License",
    id: "NCSA",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "Net-SNMP": {
    name: "Net-SNMP License",
    id: "Net-SNMP",
    deprecated: false,
    osi: false,
    fsf: false
  },
  NetCDF: {
    name: "NetCDF license",
    id: "NetCDF",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Newsletr: {
    name: "Newsletr License",
    id: "Newsletr",
    deprecated: false,
    osi: false,
    fsf: false
  },
  NGPL: {
    name: "Nethack General Public License",
    id: "NGPL",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "NICTA-1.0": {
    name: "NICTA Public Software License, Version 1.0",
    id: "NICTA-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "NIST-PD": {
    name: "NIST Public Domain Notice",
    id: "NIST-PD",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "NIST-PD-fallback": {
    name: "NIST Public Domain Notice with license fallback",
    id: "NIST-PD-fallback",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "NIST-Software": {
    name: "NIST Software License",
    id: "NIST-Software",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "NLOD-1.0": {
    name: "Norwegian Licence for Open Government Data (NLOD) 1.0",
    id: "NLOD-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "NLOD-2.0": {
    name: "Norwegian Licence for Open Government Data (NLOD) 2.0",
    id: "NLOD-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  NLPL: {
    name: "No Limit Public License",
    id: "NLPL",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Nokia: {
    name: "Nokia Open Source License",
    id: "Nokia",
    deprecated: false,
    osi: true,
    fsf: true
  },
  NOSL: {
    name: "Netizen Open Source License",
    id: "NOSL",
    deprecated: false,
    osi: false,
    fsf: true
  },
  Noweb: {
    name: "Noweb License",
    id: "Noweb",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "NPL-1.0": {
    name: "Netscape Public License v1.0",
    id: "NPL-1.0",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "NPL-1.1": {
    name: "Netscape Public License v1.1",
    id: "NPL-1.1",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "NPOSL-3.0": {
    name: "Non-Profit Open Software License 3.0",
    id: "NPOSL-3.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  NRL: {
    name: "NRL License",
    id: "NRL",
    deprecated: false,
    osi: false,
    fsf: false
  },
  NTP: {
    name: "NTP License",
    id: "NTP",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "NTP-0": {
    name: "NTP No Attribution",
    id: "NTP-0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Nunit: {
    name: "Nunit License",
    id: "Nunit",
    deprecated: true,
    osi: false,
    fsf: true
  },
  "O-UDA-1.0": {
    name: "Open Use of Data Agreement v1.0",
    id: "O-UDA-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OCCT-PL": {
    name: "Open CASCADE Technology Public License",
    id: "OCCT-PL",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OCLC-2.0": {
    name: "OCLC Research Public License 2.0",
    id: "OCLC-2.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "ODbL-1.0": {
    name: "Open Data Commons Open Database License v1.0",
    id: "ODbL-1.0",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "ODC-By-1.0": {
    name: "Open Data Commons Attribution License v1.0",
    id: "ODC-By-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  OFFIS: {
    name: "OFFIS License",
    id: "OFFIS",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OFL-1.0": {
    name: "SIL Open Font License 1.0",
    id: "OFL-1.0",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "OFL-1.0-no-RFN": {
    name: "SIL Open Font License 1.0 with no Reserved Font Name",
    id: "OFL-1.0-no-RFN",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OFL-1.0-RFN": {
    name: "SIL Open Font License 1.0 with Reserved Font Name",
    id: "OFL-1.0-RFN",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OFL-1.1": {
    name: "SIL Open Font License 1.1",
    id: "OFL-1.1",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "OFL-1.1-no-RFN": {
    name: "SIL Open Font License 1.1 with no Reserved Font Name",
    id: "OFL-1.1-no-RFN",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "OFL-1.1-RFN": {
    name: "SIL Open Font License 1.1 with Reserved Font Name",
    id: "OFL-1.1-RFN",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "OGC-1.0": {
    name: "OGC Software License, Version 1.0",
    id: "OGC-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OGDL-Taiwan-1.0": {
    name: "Taiwan Open Government Data License, version 1.0",
    id: "OGDL-Taiwan-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OGL-Canada-2.0": {
    name: "Open Government Licence - Canada",
    id: "OGL-Canada-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OGL-UK-1.0": {
    name: "Open Government Licence v1.0",
    id: "OGL-UK-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OGL-UK-2.0": {
    name: "Open Government Licence v2.0",
    id: "OGL-UK-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OGL-UK-3.0": {
    name: "Open Government Licence v3.0",
    id: "OGL-UK-3.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  OGTSL: {
    name: "Open Group Test Suite License",
    id: "OGTSL",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "OLDAP-1.1": {
    name: "Open LDAP Public License v1.1",
    id: "OLDAP-1.1",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OLDAP-1.2": {
    name: "Open LDAP Public License v1.2",
    id: "OLDAP-1.2",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OLDAP-1.3": {
    name: "Open LDAP Public License v1.3",
    id: "OLDAP-1.3",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OLDAP-1.4": {
    name: "Open LDAP Public License v1.4",
    id: "OLDAP-1.4",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OLDAP-2.0": {
    name: "Open LDAP Public License v2.0 (or possibly 2.0A and 2.0B)",
    id: "OLDAP-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OLDAP-2.0.1": {
    name: "Open LDAP Public License v2.0.1",
    id: "OLDAP-2.0.1",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OLDAP-2.1": {
    name: "Open LDAP Public License v2.1",
    id: "OLDAP-2.1",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OLDAP-2.2": {
    name: "Open LDAP Public License v2.2",
    id: "OLDAP-2.2",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OLDAP-2.2.1": {
    name: "Open LDAP Public License v2.2.1",
    id: "OLDAP-2.2.1",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OLDAP-2.2.2": {
    name: "Open LDAP Public License 2.2.2",
    id: "OLDAP-2.2.2",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OLDAP-2.3": {
    name: "Open LDAP Public License v2.3",
    id: "OLDAP-2.3",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "OLDAP-2.4": {
    name: "Open LDAP Public License v2.4",
    id: "OLDAP-2.4",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OLDAP-2.5": {
    name: "Open LDAP Public License v2.5",
    id: "OLDAP-2.5",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OLDAP-2.6": {
    name: "Open LDAP Public License v2.6",
    id: "OLDAP-2.6",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OLDAP-2.7": {
    name: "Open LDAP Public License v2.7",
    id: "OLDAP-2.7",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "OLDAP-2.8": {
    name: "Open LDAP Public License v2.8",
    id: "OLDAP-2.8",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "OLFL-1.3": {
    name: "Open Logistics Foundation License Version 1.3",
    id: "OLFL-1.3",
    deprecated: false,
    osi: true,
    fsf: false
  },
  OML: {
    name: "Open Market License",
    id: "OML",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OpenPBS-2.3": {
    name: "OpenPBS v2.3 Software License",
    id: "OpenPBS-2.3",
    deprecated: false,
    osi: false,
    fsf: false
  },
  OpenSSL: {
    name: "OpenSSL License",
    id: "OpenSSL",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "OPL-1.0": {
    name: "Open Public License v1.0",
    id: "OPL-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OPL-UK-3.0": {
    name: "United    Kingdom Open Parliament Licence v3.0",
    id: "OPL-UK-3.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OPUBL-1.0": {
    name: "Open Publication License v1.0",
    id: "OPUBL-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "OSET-PL-2.1": {
    name: "OSET Public License version 2.1",
    id: "OSET-PL-2.1",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "OSL-1.0": {
    name: "Open Software License 1.0",
    id: "OSL-1.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "OSL-1.1": {
    name: "Open Software License 1.1",
    id: "OSL-1.1",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "OSL-2.0": {
    name: "Open Software License 2.0",
    id: "OSL-2.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "OSL-2.1": {
    name: "Open Software License 2.1",
    id: "OSL-2.1",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "OSL-3.0": {
    name: "Open Software License 3.0",
    id: "OSL-3.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  PADL: {
    name: "PADL License",
    id: "PADL",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Parity-6.0.0": {
    name: "The Parity Public License 6.0.0",
    id: "Parity-6.0.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Parity-7.0.0": {
    name: "The Parity Public License 7.0.0",
    id: "Parity-7.0.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "PDDL-1.0": {
    name: "Open Data Commons Public Domain Dedication & License 1.0",
    id: "PDDL-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "PHP-3.0": {
    name: "PHP License v3.0",
    id: "PHP-3.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "PHP-3.01": {
    name: "PHP License v3.01",
    id: "PHP-3.01",
    deprecated: false,
    osi: true,
    fsf: true
  },
  Pixar: {
    name: "Pixar License",
    id: "Pixar",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Plexus: {
    name: "Plexus Classworlds License",
    id: "Plexus",
    deprecated: false,
    osi: false,
    fsf: false
  },
  pnmstitch: {
    name: "pnmstitch License",
    id: "pnmstitch",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "PolyForm-Noncommercial-1.0.0": {
    name: "PolyForm Noncommercial License 1.0.0",
    id: "PolyForm-Noncommercial-1.0.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "PolyForm-Small-Business-1.0.0": {
    name: "PolyForm Small Business License 1.0.0",
    id: "PolyForm-Small-Business-1.0.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  PostgreSQL: {
    name: "PostgreSQL License",
    id: "PostgreSQL",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "PSF-2.0": {
    name: "Python Software Foundation License 2.0",
    id: "PSF-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  psfrag: {
    name: "psfrag License",
    id: "psfrag",
    deprecated: false,
    osi: false,
    fsf: false
  },
  psutils: {
    name: "psutils License",
    id: "psutils",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Python-2.0": {
    name: "Python License 2.0",
    id: "Python-2.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "Python-2.0.1": {
    name: "Python License 2.0.1",
    id: "Python-2.0.1",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "python-ldap": {
    name: "Python ldap License",
    id: "python-ldap",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Qhull: {
    name: "Qhull License",
    id: "Qhull",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "QPL-1.0": {
    name: "Q Public License 1.0",
    id: "QPL-1.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "QPL-1.0-INRIA-2004": {
    name: "Q Public License 1.0 - INRIA 2004 variant",
    id: "QPL-1.0-INRIA-2004",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Rdisc: {
    name: "Rdisc License",
    id: "Rdisc",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "RHeCos-1.1": {
    name: "Red Hat eCos Public License v1.1",
    id: "RHeCos-1.1",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "RPL-1.1": {
    name: "Reciprocal Public License 1.1",
    id: "RPL-1.1",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "RPL-1.5": {
    name: "Reciprocal Public License 1.5",
    id: "RPL-1.5",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "RPSL-1.0": {
    name: "RealNetworks Public Source License v1.0",
    id: "RPSL-1.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "RSA-MD": {
    name: "RSA Message-Digest License",
    id: "RSA-MD",
    deprecated: false,
    osi: false,
    fsf: false
  },
  RSCPL: {
    name: "Ricoh Source Code Public License",
    id: "RSCPL",
    deprecated: false,
    osi: true,
    fsf: false
  },
  Ruby: {
    name: "Ruby License",
    id: "Ruby",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "SAX-PD": {
    name: "Sax Public Domain Notice",
    id: "SAX-PD",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Saxpath: {
    name: "Saxpath License",
    id: "Saxpath",
    deprecated: false,
    osi: false,
    fsf: false
  },
  SCEA: {
    name: "SCEA Shared Source License",
    id: "SCEA",
    deprecated: false,
    osi: false,
    fsf: false
  },
  SchemeReport: {
    name: "Scheme Language Report License",
    id: "SchemeReport",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Sendmail: {
    name: "Sendmail License",
    id: "Sendmail",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Sendmail-8.23": {
    name: "Sendmail License 8.23",
    id: "Sendmail-8.23",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "SGI-B-1.0": {
    name: "SGI Free Software License B v1.0",
    id: "SGI-B-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "SGI-B-1.1": {
    name: "SGI Free Software License B v1.1",
    id: "SGI-B-1.1",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "SGI-B-2.0": {
    name: "SGI Free Software License B v2.0",
    id: "SGI-B-2.0",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "SGI-OpenGL": {
    name: "SGI OpenGL License",
    id: "SGI-OpenGL",
    deprecated: false,
    osi: false,
    fsf: false
  },
  SGP4: {
    name: "SGP4 Permission Notice",
    id: "SGP4",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "SHL-0.5": {
    name: "Solderpad Hardware License v0.5",
    id: "SHL-0.5",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "SHL-0.51": {
    name: "Solderpad Hardware License, Version 0.51",
    id: "SHL-0.51",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "SimPL-2.0": {
    name: "Simple Public License 2.0",
    id: "SimPL-2.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  SISSL: {
    name: "Sun Industry Standards Source License v1.1",
    id: "SISSL",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "SISSL-1.2": {
    name: "Sun Industry Standards Source License v1.2",
    id: "SISSL-1.2",
    deprecated: false,
    osi: false,
    fsf: false
  },
  SL: {
    name: "SL License",
    id: "SL",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Sleepycat: {
    name: "Sleepycat License",
    id: "Sleepycat",
    deprecated: false,
    osi: true,
    fsf: true
  },
  SMLNJ: {
    name: "Standard ML of New Jersey License",
    id: "SMLNJ",
    deprecated: false,
    osi: false,
    fsf: true
  },
  SMPPL: {
    name: "Secure Messaging Protocol Public License",
    id: "SMPPL",
    deprecated: false,
    osi: false,
    fsf: false
  },
  SNIA: {
    name: "SNIA Public License 1.1",
    id: "SNIA",
    deprecated: false,
    osi: false,
    fsf: false
  },
  snprintf: {
    name: "snprintf License",
    id: "snprintf",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Soundex: {
    name: "Soundex License",
    id: "Soundex",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Spencer-86": {
    name: "Spencer License 86",
    id: "Spencer-86",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Spencer-94": {
    name: "Spencer License 94",
    id: "Spencer-94",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Spencer-99": {
    name: "Spencer License 99",
    id: "Spencer-99",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "SPL-1.0": {
    name: "Sun Public License v1.0",
    id: "SPL-1.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "ssh-keyscan": {
    name: "ssh-keyscan License",
    id: "ssh-keyscan",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "SSH-OpenSSH": {
    name: "SSH OpenSSH license",
    id: "SSH-OpenSSH",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "SSH-short": {
    name: "SSH short notice",
    id: "SSH-short",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "SSPL-1.0": {
    name: "Server Side Public License, v 1",
    id: "SSPL-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "StandardML-NJ": {
    name: "Standard ML of New Jersey License",
    id: "StandardML-NJ",
    deprecated: true,
    osi: false,
    fsf: true
  },
  "SugarCRM-1.1.3": {
    name: "SugarCRM Public License v1.1.3",
    id: "SugarCRM-1.1.3",
    deprecated: false,
    osi: false,
    fsf: false
  },
  SunPro: {
    name: "SunPro License",
    id: "SunPro",
    deprecated: false,
    osi: false,
    fsf: false
  },
  SWL: {
    name: "Scheme Widget Library (SWL) Software License Agreement",
    id: "SWL",
    deprecated: false,
    osi: false,
    fsf: false
  },
  swrule: {
    name: "swrule License",
    id: "swrule",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Symlinks: {
    name: "Symlinks License",
    id: "Symlinks",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "TAPR-OHL-1.0": {
    name: "TAPR Open Hardware License v1.0",
    id: "TAPR-OHL-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  TCL: {
    name: "TCL/TK License",
    id: "TCL",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "TCP-wrappers": {
    name: "TCP Wrappers License",
    id: "TCP-wrappers",
    deprecated: false,
    osi: false,
    fsf: false
  },
  TermReadKey: {
    name: "TermReadKey License",
    id: "TermReadKey",
    deprecated: false,
    osi: false,
    fsf: false
  },
  TMate: {
    name: "TMate Open Source License",
    id: "TMate",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "TORQUE-1.1": {
    name: "TORQUE v2.5+ Software License v1.1",
    id: "TORQUE-1.1",
    deprecated: false,
    osi: false,
    fsf: false
  },
  TOSL: {
    name: "Trusster Open Source License",
    id: "TOSL",
    deprecated: false,
    osi: false,
    fsf: false
  },
  TPDL: {
    name: "Time::ParseDate License",
    id: "TPDL",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "TPL-1.0": {
    name: "THOR Public License 1.0",
    id: "TPL-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  TTWL: {
    name: "Text-Tabs+Wrap License",
    id: "TTWL",
    deprecated: false,
    osi: false,
    fsf: false
  },
  TTYP0: {
    name: "TTYP0 License",
    id: "TTYP0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "TU-Berlin-1.0": {
    name: "Technische Universitaet Berlin License 1.0",
    id: "TU-Berlin-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "TU-Berlin-2.0": {
    name: "Technische Universitaet Berlin License 2.0",
    id: "TU-Berlin-2.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  UCAR: {
    name: "UCAR License",
    id: "UCAR",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "UCL-1.0": {
    name: "Upstream Compatibility License v1.0",
    id: "UCL-1.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  ulem: {
    name: "ulem License",
    id: "ulem",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Unicode-DFS-2015": {
    name: "Unicode License Agreement - Data Files and Software (2015)",
    id: "Unicode-DFS-2015",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Unicode-DFS-2016": {
    name: "Unicode License Agreement - Data Files and Software (2016)",
    id: "Unicode-DFS-2016",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "Unicode-TOU": {
    name: "Unicode Terms of Use",
    id: "Unicode-TOU",
    deprecated: false,
    osi: false,
    fsf: false
  },
  UnixCrypt: {
    name: "UnixCrypt License",
    id: "UnixCrypt",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Unlicense: {
    name: "The Unlicense",
    id: "Unlicense",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "UPL-1.0": {
    name: "Universal Permissive License v1.0",
    id: "UPL-1.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "URT-RLE": {
    name: "Utah Raster Toolkit Run Length Encoded License",
    id: "URT-RLE",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Vim: {
    name: "Vim License",
    id: "Vim",
    deprecated: false,
    osi: false,
    fsf: true
  },
  VOSTROM: {
    name: "VOSTROM Public License for Open Source",
    id: "VOSTROM",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "VSL-1.0": {
    name: "Vovida Software License v1.0",
    id: "VSL-1.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  W3C: {
    name: "W3C Software Notice and License (2002-12-31)",
    id: "W3C",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "W3C-19980720": {
    name: "W3C Software Notice and License (1998-07-20)",
    id: "W3C-19980720",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "W3C-20150513": {
    name: "W3C Software Notice and Document License (2015-05-13)",
    id: "W3C-20150513",
    deprecated: false,
    osi: false,
    fsf: false
  },
  w3m: {
    name: "w3m License",
    id: "w3m",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Watcom-1.0": {
    name: "Sybase Open Watcom Public License 1.0",
    id: "Watcom-1.0",
    deprecated: false,
    osi: true,
    fsf: false
  },
  "Widget-Workshop": {
    name: "Widget Workshop License",
    id: "Widget-Workshop",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Wsuipa: {
    name: "Wsuipa License",
    id: "Wsuipa",
    deprecated: false,
    osi: false,
    fsf: false
  },
  WTFPL: {
    name: "Do What The F*ck You Want To Public License",
    id: "WTFPL",
    deprecated: false,
    osi: false,
    fsf: true
  },
  wxWindows: {
    name: "wxWindows Library License",
    id: "wxWindows",
    deprecated: true,
    osi: true,
    fsf: false
  },
  X11: {
    name: "X11 License",
    id: "X11",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "X11-distribute-modifications-variant": {
    name: "X11 License Distribution Modification Variant",
    id: "X11-distribute-modifications-variant",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Xdebug-1.03": {
    name: "Xdebug License v 1.03",
    id: "Xdebug-1.03",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Xerox: {
    name: "Xerox License",
    id: "Xerox",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Xfig: {
    name: "Xfig License",
    id: "Xfig",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "XFree86-1.1": {
    name: "XFree86 License 1.1",
    id: "XFree86-1.1",
    deprecated: false,
    osi: false,
    fsf: true
  },
  xinetd: {
    name: "xinetd License",
    id: "xinetd",
    deprecated: false,
    osi: false,
    fsf: true
  },
  xlock: {
    name: "xlock License",
    id: "xlock",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Xnet: {
    name: "X.Net License",
    id: "Xnet",
    deprecated: false,
    osi: true,
    fsf: false
  },
  xpp: {
    name: "XPP License",
    id: "xpp",
    deprecated: false,
    osi: false,
    fsf: false
  },
  XSkat: {
    name: "XSkat License",
    id: "XSkat",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "YPL-1.0": {
    name: "Yahoo! Public License v1.0",
    id: "YPL-1.0",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "YPL-1.1": {
    name: "Yahoo! Public License v1.1",
    id: "YPL-1.1",
    deprecated: false,
    osi: false,
    fsf: true
  },
  Zed: {
    name: "Zed License",
    id: "Zed",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Zeeff: {
    name: "Zeeff License",
    id: "Zeeff",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "Zend-2.0": {
    name: "Zend License v2.0",
    id: "Zend-2.0",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "Zimbra-1.3": {
    name: "Zimbra Public License v1.3",
    id: "Zimbra-1.3",
    deprecated: false,
    osi: false,
    fsf: true
  },
  "Zimbra-1.4": {
    name: "Zimbra Public License v1.4",
    id: "Zimbra-1.4",
    deprecated: false,
    osi: false,
    fsf: false
  },
  Zlib: {
    name: "zlib License",
    id: "Zlib",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "zlib-acknowledgement": {
    name: "zlib/libpng License with Acknowledgement",
    id: "zlib-acknowledgement",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "ZPL-1.1": {
    name: "Zope Public License 1.1",
    id: "ZPL-1.1",
    deprecated: false,
    osi: false,
    fsf: false
  },
  "ZPL-2.0": {
    name: "Zope Public License 2.0",
    id: "ZPL-2.0",
    deprecated: false,
    osi: true,
    fsf: true
  },
  "ZPL-2.1": {
    name: "Zope Public License 2.1",
    id: "ZPL-2.1",
    deprecated: false,
    osi: true,
    fsf: true
  }
};
