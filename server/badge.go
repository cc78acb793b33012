package server

import (
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"strings"
)

// badge serves /badge/KEY.svg (an SVG badge) and /badge/KEY.json (a shields.io endpoint
// body: https://shields.io/badges/endpoint-badge). ?style=score shows the score instead of
// "compliant" / "N failing". A repository the store does not mark public answers 404, as an
// unknown one does, unless the operator allowed private badges: a badge URL must not
// confirm that a private repository exists.
func (s *Server) badge(w http.ResponseWriter, r *http.Request) {
	sn := s.snapshot(r.Context())
	p := r.PathValue("key")
	var kind string
	switch {
	case strings.HasSuffix(p, ".svg"):
		kind, p = "svg", strings.TrimSuffix(p, ".svg")
	case strings.HasSuffix(p, ".json"):
		kind, p = "json", strings.TrimSuffix(p, ".json")
	default:
		http.NotFound(w, r)
		return
	}
	key, ok := decodeKey(p)
	i, found := sn.byKey[key]
	if !ok || !found || !s.badgeAllowed(sn.Repos[i]) {
		http.NotFound(w, r)
		return
	}
	msg, color := badgeText(sn.Repos[i], r.URL.Query().Get("style") == "score")
	w.Header().Set("Cache-Control", "max-age=300")
	if kind == "json" {
		writeJSON(w, http.StatusOK, map[string]any{"schemaVersion": 1, "label": "repogov", "message": msg, "color": color})
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Write([]byte(badgeSVG("repogov", msg, color)))
}

func (s *Server) badgeAllowed(r repoRow) bool {
	return s.opts.PrivateBadges || strings.EqualFold(r.Meta.Visibility, "public")
}

// badgeText is the badge's message and shields.io colour name.
func badgeText(r repoRow, score bool) (msg, color string) {
	switch {
	case !r.Score.Scored:
		return "unreadable", "lightgrey"
	case score:
		msg = strconv.FormatFloat(r.Score.Score, 'f', 1, 64) + "%"
		switch {
		case r.Score.Score >= 90:
			color = "brightgreen"
		case r.Score.Score >= 70:
			color = "yellow"
		default:
			color = "red"
		}
		return msg, color
	case r.Score.Compliant:
		return "compliant", "brightgreen"
	case r.Score.Failures == 0:
		return fmt.Sprintf("%d error", r.Score.Errors), "lightgrey"
	}
	color = "red"
	if r.Worst.String() != "error" {
		color = "orange"
	}
	return fmt.Sprintf("%d failing", r.Score.Failures), color
}

var badgeColors = map[string]string{"brightgreen": "#2b7a0b", "yellow": "#8a6d00", "orange": "#b35900", "red": "#c62828", "lightgrey": "#6b6b6b"}

// badgeSVG draws a flat two-part badge. Text widths are estimated (7 px per character at
// 11 px) since the server has no font metrics; colours keep white text above 4.5:1.
func badgeSVG(label, msg, color string) string {
	lw, mw := 10+7*len(label), 10+7*len(msg)
	fill := badgeColors[color]
	l, m := template.HTMLEscapeString(label), template.HTMLEscapeString(msg)
	return fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" role="img" aria-label="%s: %s">`+
		`<title>%s: %s</title><rect width="%d" height="20" fill="#555"/><rect x="%d" width="%d" height="20" fill="%s"/>`+
		`<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">`+
		`<text x="%d" y="14">%s</text><text x="%d" y="14">%s</text></g></svg>`,
		lw+mw, l, m, l, m, lw, lw, mw, fill, lw/2, l, lw+mw/2, m)
}
