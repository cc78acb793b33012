package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
)

// Export writes the dashboard as static files under dir, with relative links, for GitHub
// or GitLab Pages: every page (the repository list paginated, without server-side
// filters), the JSON API bodies as .json files, badges, and the stylesheet and script.
// Diffs are exported for each run against the run before it. It returns the number of files.
func (s *Server) Export(ctx context.Context, dir string) (int, error) {
	select {
	case <-s.indexed:
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	e := &Server{store: s.store, opts: s.opts, log: s.log, now: s.now, teamOf: s.teamOf, cache: newLRU(16), export: true}
	e.snap.Store(s.snap.Load())
	e.opts.PrivateBadges = s.opts.PrivateBadges
	h := e.routes() // no authentication: the files are what gets published
	sn := e.snap.Load()
	n := 0
	get := func(target, file string) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !filepath.IsLocal(file) {
			return fmt.Errorf("export: refusing path %q", file)
		}
		req := httptest.NewRequestWithContext(ctx, http.MethodGet, target, nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			return fmt.Errorf("export %s: status %d", target, rec.Code)
		}
		out := filepath.Join(dir, filepath.FromSlash(file))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		if err := os.WriteFile(out, rec.Body.Bytes(), 0o644); err != nil {
			return fmt.Errorf("export: %w", err)
		}
		n++
		return nil
	}
	type job struct{ target, file string }
	jobs := []job{
		{"/", "index.html"},
		{"/runs", "runs.html"},
		{"/teams", "teams.html"},
		{"/static/style.css", "static/style.css"},
		{"/static/app.js", "static/app.js"},
		{"/api/v1/runs", "api/v1/runs.json"},
		{"/api/v1/rules", "api/v1/rules.json"},
		{"/api/v1/teams", "api/v1/teams.json"},
		{"/api/v1/trend", "api/v1/trend.json"},
	}
	pages := max(1, (len(sn.Repos)+maxPageSize-1)/maxPageSize)
	for p := 1; p <= pages; p++ {
		file := "repos.html"
		if p > 1 {
			file = "repos-" + strconv.Itoa(p) + ".html"
		}
		jobs = append(jobs, job{fmt.Sprintf("/repos?per_page=%d&page=%d", maxPageSize, p), file})
		jobs = append(jobs, job{fmt.Sprintf("/api/v1/repositories?per_page=%d&page=%d", maxPageSize, p),
			"api/v1/repositories" + map[bool]string{true: "", false: "-" + strconv.Itoa(p)}[p == 1] + ".json"})
	}
	for _, ru := range sn.Rules {
		jobs = append(jobs, job{"/rule/" + encodeSeg(ru.ID), "rule/" + encodeSeg(ru.ID) + ".html"})
	}
	for i := 0; i+1 < len(sn.Runs); i++ {
		from, to := sn.Runs[i+1].ID, sn.Runs[i].ID
		jobs = append(jobs, job{fmt.Sprintf("/diff?from=%d&to=%d", from, to), fmt.Sprintf("diff-%d-%d.html", from, to)},
			job{fmt.Sprintf("/api/v1/diff?from=%d&to=%d", from, to), fmt.Sprintf("api/v1/diff-%d-%d.json", from, to)})
	}
	for _, r := range sn.Repos {
		k := encodeKey(r.Key)
		jobs = append(jobs, job{"/repo/" + k, "repo/" + k + ".html"}, job{"/api/v1/results/" + k, "api/v1/results/" + k + ".json"},
			job{"/api/v1/history/" + k, "api/v1/history/" + k + ".json"})
		if e.badgeAllowed(r) {
			jobs = append(jobs, job{"/badge/" + k + ".svg", "badge/" + k + ".svg"}, job{"/badge/" + k + ".json", "badge/" + k + ".json"})
		}
	}
	for _, j := range jobs {
		if err := get(j.target, j.file); err != nil {
			return n, err
		}
	}
	return n, nil
}
