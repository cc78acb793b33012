package server

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"testing"
)

// lineChartRef and formatValueRef are lineChart and formatValue as they were written with
// fmt: the strconv versions must draw the same bytes.
func lineChartRef(values []point, lo, hi float64, unit, label string) template.HTML {
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
			left-6, y, template.HTMLEscapeString(formatValueRef(v, unit)))
	}
	if len(values) > 0 {
		xs, ys := layout(values, lo, hi, left, top, pw, ph)
		if len(values) > 1 {
			b.WriteString(`<polyline class="line" fill="none" points="`)
			for i := range xs {
				fmt.Fprintf(&b, "%.1f,%.1f ", xs[i], ys[i])
			}
			b.WriteString(`"/>`)
		}
		for i, p := range values {
			fmt.Fprintf(&b, `<circle class="dot" cx="%.1f" cy="%.1f" r="3"><title>%s: %s</title></circle>`,
				xs[i], ys[i], template.HTMLEscapeString(p.Label), template.HTMLEscapeString(formatValueRef(p.Value, unit)))
		}
		fmt.Fprintf(&b, `<text class="axis" x="%g" y="%g" text-anchor="start">%s</text>`, left, h-8, template.HTMLEscapeString(values[0].Label))
		if len(values) > 1 {
			fmt.Fprintf(&b, `<text class="axis" x="%g" y="%g" text-anchor="end">%s</text>`, w-right, h-8, template.HTMLEscapeString(values[len(values)-1].Label))
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func formatValueRef(v float64, unit string) string {
	if unit == "%" {
		return fmt.Sprintf("%.0f %%", v*100)
	}
	return fmt.Sprintf("%.1f%s", v, unit)
}

func TestLineChartText(t *testing.T) {
	var pts []point
	for i, v := range []float64{0, 100, 55.55, 0.05, 99.95, -3, 1e9, math.NaN(), math.Inf(1), math.Inf(-1), 12.25, 1.0 / 3, 0.449, 0.451} {
		pts = append(pts, point{Label: fmt.Sprintf("2026-01-%02d <&>", i), Value: v})
		for _, unit := range []string{"", "%", " pts"} {
			for _, n := range []int{0, 1, len(pts)} {
				got, want := lineChart(pts[:n], 0, 100, unit, "chart <x>"), lineChartRef(pts[:n], 0, 100, unit, "chart <x>")
				if got != want {
					t.Errorf("%d points, unit %q:\n got %s\nwant %s", n, unit, got, want)
				}
				if got, want := formatValue(v, unit), formatValueRef(v, unit); got != want {
					t.Errorf("formatValue(%v, %q) = %q, want %q", v, unit, got, want)
				}
			}
		}
	}
}
