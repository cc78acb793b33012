package server

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/repogov/repogov/history"
	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/store"
)

// histIndex holds every repository's timeline and score per run in memory, so that a
// repository page needs no store query. It is built in the background after a run is
// loaded, from the store's diffs of consecutive logical runs replayed backwards from the
// latest run's statuses and scores; until it is ready, pages read History from the store.
// TestHistoryIndex holds it equal to the store's History.
type histIndex struct {
	runs   []history.RunRef // oldest first (the trend's logical runs)
	events []histEvent      // every repository's events, repository row by row
	off    []uint32         // repository row i's events are events[off[i]:off[i+1]]
	strs   []string         // the events' commits and messages, each once
	scores []float32        // per repository row, per run (row*len(runs) + run); NaN: not in that run, or unscored
}

// histEvent is one status change, 16 bytes: hundreds of thousands of them for a large
// organization's year of weekly runs.
type histEvent struct {
	run      uint16 // index into runs
	rule     uint16 // index into snapshot.Rules
	from, to byte   // index into report.Statuses + 1; 0 = no result
	sev      byte   // report.Severity
	commit   uint32 // index into strs
	message  uint32 // index into strs
}

// selOf resolves a trend point's logical run: its label group, or the run.
func selOf(ctx context.Context, st Store, r history.RunRef) (store.Selection, error) {
	if r.Label != "" {
		return st.Resolve(ctx, r.Label)
	}
	return st.Resolve(ctx, strconv.FormatInt(r.ID, 10))
}

func buildHistory(ctx context.Context, st Store, sn *snapshot) (*histIndex, error) {
	points := sn.Trend.Points
	n := len(points)
	if n == 0 || n > math.MaxUint16 || len(sn.Rules) > math.MaxUint16 {
		return nil, fmt.Errorf("history index: %d runs, %d rules", n, len(sn.Rules))
	}
	hx := &histIndex{strs: []string{""}, scores: make([]float32, len(sn.Repos)*n)}
	for k := range hx.scores {
		hx.scores[k] = float32(math.NaN())
	}
	for _, p := range points {
		hx.runs = append(hx.runs, p.Run)
	}
	strIdx := map[string]uint32{"": 0}
	str := func(v string) uint32 {
		i, ok := strIdx[v]
		if !ok {
			i = uint32(len(hx.strs))
			strIdx[v] = i
			hx.strs = append(hx.strs, v)
		}
		return i
	}
	events := make([][]histEvent, len(sn.Repos)) // while building; flattened at the end
	statusIdx := map[report.Status]byte{"": 0}
	for i, s := range report.Statuses {
		statusIdx[s] = byte(i + 1)
	}
	// cur is each repository's state at run k while walking back from the latest.
	cur := make([][]byte, len(sn.Repos))
	score := make([]float32, len(sn.Repos))
	present := make([]bool, len(sn.Repos))
	for i, r := range sn.Repos {
		cur[i] = append([]byte(nil), r.statuses...)
		score[i] = float32(math.NaN())
		if r.Score.Scored {
			score[i] = float32(r.Score.Score)
		}
		present[i] = true
	}
	// A repository's first results: diffs say what changed, not the commit or message a
	// result had before (a message can change without its status), so first-seen events
	// carry neither.
	firstSeen := func(k int, i int) {
		for j, st := range cur[i] {
			if st != 0 {
				events[i] = append(events[i], histEvent{run: uint16(k), rule: uint16(j), to: st, sev: sn.Repos[i].sevs[j]})
			}
		}
		present[i] = false
	}
	var later store.Selection
	for k := n - 1; k >= 0; k-- {
		for i := range sn.Repos {
			if present[i] {
				hx.scores[i*n+k] = score[i]
			}
		}
		if k == 0 {
			break
		}
		if later.Runs == nil {
			var err error
			if later, err = selOf(ctx, st, points[k].Run); err != nil {
				return nil, err
			}
		}
		earlier, err := selOf(ctx, st, points[k-1].Run)
		if err != nil {
			return nil, err
		}
		d, err := st.Diff(ctx, earlier, later)
		if err != nil {
			return nil, err
		}
		later = earlier
		for _, list := range [][]history.Change{d.Regressions, d.Fixes, d.Other} {
			for _, c := range list {
				i, ok := sn.byKey[c.Repo.Key]
				j, ok2 := sn.ruleIdx[c.RuleID]
				if !ok || !ok2 || !present[i] {
					continue
				}
				events[i] = append(events[i], histEvent{run: uint16(k), rule: uint16(j), from: statusIdx[c.From], to: statusIdx[c.To],
					sev: byte(c.Severity), commit: str(c.Commit), message: str(c.Message)})
				cur[i][j] = statusIdx[c.From]
			}
		}
		for _, sc := range d.Scores {
			if i, ok := sn.byKey[sc.Repo.Key]; ok && present[i] {
				score[i] = float32(sc.From)
			}
		}
		for _, a := range d.Added {
			if i, ok := sn.byKey[a.Key]; ok && present[i] {
				firstSeen(k, i)
			}
		}
	}
	for i := range sn.Repos {
		if present[i] {
			firstSeen(0, i)
		}
	}
	total := 0
	for _, e := range events {
		total += len(e)
	}
	if total > math.MaxUint32 {
		return nil, fmt.Errorf("history index: %d events", total)
	}
	hx.events, hx.off = make([]histEvent, 0, total), make([]uint32, 0, len(events)+1)
	for i, e := range events {
		hx.off = append(hx.off, uint32(len(hx.events)))
		hx.events = append(hx.events, e...)
		events[i] = nil
	}
	hx.off = append(hx.off, uint32(len(hx.events)))
	return hx, nil
}

// repo renders one repository's history in the store's shape (oldest first).
func (hx *histIndex) repo(sn *snapshot, key string) (*history.RepoHistory, bool) {
	i, ok := sn.byKey[key]
	if !ok {
		return nil, false
	}
	r := sn.Repos[i]
	h := &history.RepoHistory{Repo: history.Repo{Key: key, FullName: r.Meta.FullName, URL: r.Meta.URL}}
	if m := hx.off[i+1] - hx.off[i]; m > 0 {
		h.Changes = make([]history.StatusChange, 0, m)
	}
	for _, x := range hx.events[hx.off[i]:hx.off[i+1]] {
		h.Changes = append(h.Changes, history.StatusChange{Run: hx.runs[x.run], Commit: hx.strs[x.commit], RuleID: sn.Rules[x.rule].ID,
			To: statusOf(x.to), From: statusOf(x.from), Severity: report.Severity(x.sev), Message: hx.strs[x.message]})
	}
	// The store's order: by run, then rule id.
	slices.SortStableFunc(h.Changes, func(a, b history.StatusChange) int {
		return cmp.Or(cmp.Compare(a.Run.ID, b.Run.ID), cmp.Compare(a.RuleID, b.RuleID))
	})
	n := len(hx.runs)
	if n > 0 {
		h.Scores = make([]history.ScorePoint, 0, n)
	}
	for k, v := range hx.scores[i*n : (i+1)*n] {
		if !math.IsNaN(float64(v)) {
			h.Scores = append(h.Scores, history.ScorePoint{Run: hx.runs[k], Score: math.Round(float64(v)*10) / 10, Scored: true})
		}
	}
	return h, true
}

func statusOf(b byte) report.Status {
	if b == 0 {
		return ""
	}
	return report.Statuses[b-1]
}

// indexHistory builds sn's history index and logs how long it took.
func (s *Server) indexHistory(ctx context.Context, sn *snapshot) {
	if sn.Empty {
		return
	}
	start := time.Now()
	hx, err := buildHistory(ctx, s.store, sn)
	if err != nil {
		s.log.Error("building the history index; repository pages read history from the store", "err", err)
		return
	}
	sn.hist.Store(hx)
	s.log.Info("history index ready", "runs", len(hx.runs), "repositories", len(sn.Repos), "seconds", time.Since(start).Seconds())
}
