package server

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
)

// Charts are SVG drawn on the server: they render without JavaScript, need no external
// asset, and take their colours from the stylesheet's classes (so dark mode applies).
// Only presentation attributes are used, never style="", which the Content-Security-Policy
// forbids.

// point is one value of a series; Label names it in the tooltip (<title>).
type point struct {
	Label string
	Value float64
}

// sparkline draws values in [lo, hi] as a small line, labelled for screen readers.
func sparkline(values []point, lo, hi float64, label string) template.HTML {
	const w, h, pad = 120.0, 24.0, 2.0
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="spark" viewBox="0 0 %g %g" width="%g" height="%g" role="img" aria-label="%s">`,
		w, h, w, h, template.HTMLEscapeString(label))
	fmt.Fprintf(&b, `<title>%s</title>`, template.HTMLEscapeString(label))
	if len(values) > 0 {
		xs, ys := layout(values, lo, hi, pad, pad, w-2*pad, h-2*pad)
		if len(values) == 1 {
			fmt.Fprintf(&b, `<circle class="dot" cx="%.1f" cy="%.1f" r="2"/>`, xs[0], ys[0])
		} else {
			b.WriteString(`<polyline class="line" fill="none" points="`)
			for i := range xs {
				fmt.Fprintf(&b, "%.1f,%.1f ", xs[i], ys[i])
			}
			b.WriteString(`"/>`)
			last := len(xs) - 1
			fmt.Fprintf(&b, `<circle class="dot" cx="%.1f" cy="%.1f" r="2"/>`, xs[last], ys[last])
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// lineChart draws a series with a y axis (lo, mid, hi labelled with unit) and the first and
// last x labels; every point carries a <title> with its label and value.
func lineChart(values []point, lo, hi float64, unit, label string) template.HTML {
	const w, h, left, right, top, bottom = 640.0, 200.0, 44.0, 12.0, 10.0, 28.0
	pw, ph := w-left-right, h-top-bottom
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %g %g" role="img" aria-label="%s">`, w, h, template.HTMLEscapeString(label))
	fmt.Fprintf(&b, `<title>%s</title>`, template.HTMLEscapeString(label))
	for _, f := range []float64{0, 0.5, 1} {
		y := top + ph*(1-f)
		v := lo + (hi-lo)*f
		fmt.Fprintf(&b, `<line class="grid" x1="%g" x2="%g" y1="%.1f" y2="%.1f"/>`, left, w-right, y, y)
		fmt.Fprintf(&b, `<text class="axis" x="%g" y="%.1f" text-anchor="end" dominant-baseline="middle">%s</text>`,
			left-6, y, template.HTMLEscapeString(formatValue(v, unit)))
	}
	if len(values) > 0 {
		xs, ys := layout(values, lo, hi, left, top, pw, ph)
		// The points with strconv rather than fmt: a repository's score chart has one per
		// run (52 in a year), and fmt was most of the chart's cost. Same text as "%.1f".
		var buf []byte
		if len(values) > 1 {
			buf = append(buf, `<polyline class="line" fill="none" points="`...)
			for i := range xs {
				buf = strconv.AppendFloat(buf, xs[i], 'f', 1, 64)
				buf = append(buf, ',')
				buf = strconv.AppendFloat(buf, ys[i], 'f', 1, 64)
				buf = append(buf, ' ')
			}
			buf = append(buf, `"/>`...)
		}
		for i, p := range values {
			buf = append(buf, `<circle class="dot" cx="`...)
			buf = strconv.AppendFloat(buf, xs[i], 'f', 1, 64)
			buf = append(buf, `" cy="`...)
			buf = strconv.AppendFloat(buf, ys[i], 'f', 1, 64)
			buf = append(buf, `" r="3"><title>`...)
			buf = append(buf, template.HTMLEscapeString(p.Label)...)
			buf = append(buf, ": "...)
			buf = append(buf, template.HTMLEscapeString(formatValue(p.Value, unit))...)
			buf = append(buf, `</title></circle>`...)
		}
		b.Write(buf)
		fmt.Fprintf(&b, `<text class="axis" x="%g" y="%g" text-anchor="start">%s</text>`, left, h-8, template.HTMLEscapeString(values[0].Label))
		if len(values) > 1 {
			fmt.Fprintf(&b, `<text class="axis" x="%g" y="%g" text-anchor="end">%s</text>`, w-right, h-8, template.HTMLEscapeString(values[len(values)-1].Label))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// meter draws a horizontal bar filled to ratio (0–1).
func meter(ratio float64, label string) template.HTML {
	ratio = clamp(ratio, 0, 1)
	return template.HTML(fmt.Sprintf(`<svg class="meter" viewBox="0 0 100 8" width="100" height="8" role="img" aria-label="%s"><rect class="track" width="100" height="8" rx="2"/><rect class="fill" width="%.1f" height="8" rx="2"/></svg>`,
		template.HTMLEscapeString(label), ratio*100))
}

// layout maps values to coordinates in the box (x0, y0, w, h); y grows downwards.
func layout(values []point, lo, hi, x0, y0, w, h float64) (xs, ys []float64) {
	span := hi - lo
	if span <= 0 {
		span = 1
	}
	n := len(values)
	for i, p := range values {
		x := x0 + w/2
		if n > 1 {
			x = x0 + w*float64(i)/float64(n-1)
		}
		v := p.Value
		if math.IsNaN(v) || math.IsInf(v, 0) {
			v = lo
		}
		xs = append(xs, x)
		ys = append(ys, y0+h*(1-clamp((v-lo)/span, 0, 1)))
	}
	return xs, ys
}

func clamp(v, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, v)) }

// formatValue prints a chart value: "%" values are ratios shown as percentages.
func formatValue(v float64, unit string) string {
	if unit == "%" {
		return strconv.FormatFloat(v*100, 'f', 0, 64) + " %"
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + unit
}
