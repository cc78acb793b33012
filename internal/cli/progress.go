package cli

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/repogov/repogov/internal/redact"
	"github.com/repogov/repogov/internal/textsafe"
)

// isTerminal reports whether w is a terminal (only an *os.File can be one).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progress draws one status line on stderr — done/total, the repository most recently
// started, an ETA — redrawn at most every 100 ms. It implements scanner.Progress.
type progress struct {
	w     io.Writer
	now   func() time.Time
	every time.Duration

	mu      sync.Mutex
	total   int
	done    int
	current string
	start   time.Time
	drawn   time.Time
	dirty   bool // a line is on screen
	ended   bool // Finish was called: draw no more
}

func newProgress(w io.Writer) *progress {
	return &progress{w: w, now: time.Now, every: 100 * time.Millisecond}
}

func (p *progress) Start(total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.total, p.start = total, p.now()
}

func (p *progress) Begin(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.current = textsafe.Visible(redact.String(name))
	p.draw(false)
}

func (p *progress) Done(name string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done++
	p.draw(p.done == p.total)
}

// Finish clears the line so what follows starts on a clean one.
func (p *progress) Finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.ended = true
	if p.dirty {
		fmt.Fprint(p.w, "\r\033[K")
		p.dirty = false
	}
}

// LogWriter returns a writer for log lines that keeps them off the progress line: it
// clears the line, writes, and draws the progress again.
func (p *progress) LogWriter() io.Writer { return logWriter{p} }

type logWriter struct{ p *progress }

func (w logWriter) Write(b []byte) (int, error) {
	p := w.p
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.dirty {
		fmt.Fprint(p.w, "\r\033[K")
		p.dirty = false
	}
	n, err := p.w.Write(b)
	if p.total > 0 && !p.ended {
		p.draw(true)
	}
	return n, err
}

func (p *progress) draw(force bool) {
	if p.ended {
		return
	}
	now := p.now()
	if !force && now.Sub(p.drawn) < p.every {
		return
	}
	p.drawn = now
	eta := "--"
	if p.done > 0 && p.done < p.total {
		per := now.Sub(p.start) / time.Duration(p.done)
		eta = (per * time.Duration(p.total-p.done)).Round(time.Second).String()
	} else if p.done == p.total {
		eta = "0s"
	}
	pct := 0
	if p.total > 0 {
		pct = p.done * 100 / p.total
	}
	name := p.current
	if r := []rune(name); len(r) > 50 {
		name = "…" + string(r[len(r)-49:])
	}
	fmt.Fprintf(p.w, "\r\033[K%d/%d %3d%%  ETA %s  %s", p.done, p.total, pct, eta, name)
	p.dirty = true
}
