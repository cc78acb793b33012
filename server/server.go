// Package server is `repogov serve`: the dashboard pages, the JSON API, badges, metrics and
// the static export, all over the history store. It only reads the store.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/store"
)

// Options configure a Server.
type Options struct {
	// AuthToken, when set, is required of every request (bearer header or login cookie).
	AuthToken string
	// PublicBadges serves badges without the token (for READMEs) when AuthToken is set.
	PublicBadges bool
	// PrivateBadges shows badges of repositories the store does not mark public.
	PrivateBadges bool
	// Teams maps a repository to its owning team; nil uses the CODEOWNERS default owner.
	Teams func(report.Repository) string
	// Refresh is how often the server looks for a new run (default 30s).
	Refresh time.Duration
	// Log receives the access log and errors (default: discard).
	Log *slog.Logger
	// Now is the clock (tests); default time.Now.
	Now func() time.Time
}

// Server serves the dashboard of one store.
type Server struct {
	store   Store
	opts    Options
	log     *slog.Logger
	auth    *auth
	now     func() time.Time
	teamOf  func(report.Repository) string
	snap    atomic.Pointer[snapshot]
	loadMu  sync.Mutex
	checked atomic.Int64 // unix nanoseconds of the last look for a new run
	cache   *lru
	export  bool          // rendering for --export: links end in .html, no server-side forms
	indexed chan struct{} // closed once the first history index is built (or failed)
	handler http.Handler
}

// New returns a server over st and loads the latest run.
func New(ctx context.Context, st Store, opts Options) (*Server, error) {
	s := &Server{store: st, opts: opts, log: opts.Log, now: opts.Now, teamOf: opts.Teams, cache: newLRU(256), indexed: make(chan struct{})}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.teamOf == nil {
		s.teamOf = CodeownersTeam
	}
	if s.opts.Refresh <= 0 {
		s.opts.Refresh = 30 * time.Second
	}
	if opts.AuthToken != "" {
		s.auth = newAuth(opts.AuthToken, opts.PublicBadges)
	}
	sn, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	s.snap.Store(sn)
	go func() {
		defer close(s.indexed)
		s.indexHistory(context.WithoutCancel(ctx), sn)
	}()
	s.checked.Store(time.Now().UnixNano())
	s.handler = s.routes()
	return s, nil
}

// snapshot returns the current data, first reloading it when the refresh interval has
// passed and the store has a new run. A failed reload keeps the old data (and logs).
func (s *Server) snapshot(ctx context.Context) *snapshot {
	sn := s.snap.Load()
	last := s.checked.Load()
	if s.export || time.Since(time.Unix(0, last)) < s.opts.Refresh || !s.checked.CompareAndSwap(last, time.Now().UnixNano()) {
		return sn
	}
	runs, total, err := s.store.Runs(ctx, store.RunFilter{Limit: 1})
	if err != nil {
		s.log.Error("looking for new runs", "err", err)
		return sn
	}
	if total == len(sn.Runs) && (len(runs) == 0 || runs[0].ID == sn.Run.ID) {
		return sn
	}
	// A new run: load it in the background and keep serving the current data meanwhile.
	if s.loadMu.TryLock() {
		go func() {
			defer s.loadMu.Unlock()
			fresh, err := s.load(context.Background())
			if err != nil {
				s.log.Error("loading the latest run", "err", err)
				return
			}
			s.snap.Store(fresh)
			s.cache.clear()
			s.indexHistory(context.Background(), fresh)
		}()
	}
	return sn
}

// Indexed is closed once the history index of the first run is built (or failed, in which
// case repository pages keep reading history from the store).
func (s *Server) Indexed() <-chan struct{} { return s.indexed }

// Handler returns the HTTP handler: security headers, access log, authentication, routes.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.overview)
	mux.HandleFunc("GET /repos", s.repositories)
	mux.HandleFunc("GET /repo/{key...}", s.repository)
	mux.HandleFunc("GET /rule/{id}", s.rule)
	mux.HandleFunc("GET /runs", s.runsPage)
	mux.HandleFunc("GET /diff", s.diffPage)
	mux.HandleFunc("GET /teams", s.teamsPage)
	mux.HandleFunc("GET /login", s.login)
	mux.HandleFunc("POST /login", s.login)
	mux.HandleFunc("POST /logout", s.logout)
	mux.HandleFunc("GET /static/{file}", s.static)
	mux.HandleFunc("GET /badge/{key...}", s.badge)
	mux.HandleFunc("GET /metrics", s.metrics)
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /api/v1/runs", s.apiRuns)
	mux.HandleFunc("GET /api/v1/repositories", s.apiRepositories)
	mux.HandleFunc("GET /api/v1/results/{key...}", s.apiResults)
	mux.HandleFunc("GET /api/v1/history/{key...}", s.apiHistory)
	mux.HandleFunc("GET /api/v1/rules", s.apiRules)
	mux.HandleFunc("GET /api/v1/diff", s.apiDiff)
	mux.HandleFunc("GET /api/v1/trend", s.apiTrend)
	mux.HandleFunc("GET /api/v1/teams", s.apiTeams)
	var h http.Handler = mux
	if s.auth != nil {
		h = s.auth.wrap(h)
	}
	return accessLog(s.log, secure(h))
}

// healthz says the server is up, which run it serves, and whether repository histories
// come from the in-memory index yet (else from the store).
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	sn := s.snap.Load()
	writeJSON(w, http.StatusOK, map[string]any{"status": "ok", "run": sn.Run.ID, "historyIndexed": sn.hist.Load() != nil})
}

// ListenAndServe serves on addr until ctx is cancelled (SIGINT/SIGTERM in the CLI), then
// shuts down gracefully: in-flight requests get up to 10 seconds to finish.
func (s *Server) ListenAndServe(ctx context.Context, addr string, ready func(net.Addr)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", addr, err)
	}
	return s.Serve(ctx, ln, ready)
}

// Serve is ListenAndServe on a listener.
func (s *Server) Serve(ctx context.Context, ln net.Listener, ready func(net.Addr)) error {
	hs := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	if ready != nil {
		ready(ln.Addr())
	}
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	s.log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
