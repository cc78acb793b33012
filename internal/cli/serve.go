package cli

import (
	"fmt"
	"log/slog"
	"net"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"time"

	"github.com/spf13/cobra"

	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/server"
)

type serveFlags struct {
	store         storeFlags
	addr          string
	authTokenFile string
	publicBadges  bool
	privateBadges bool
	export        string
	refresh       time.Duration
	config        string
}

func serveCmd(e *env) *cobra.Command {
	var f serveFlags
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve the dashboard, API, badges and metrics over the history store",
		Long: `Serve a web dashboard over the history store (read-only): the overview, repositories,
each repository's results and timeline, rules, runs and their diffs, teams; a JSON API
under /api/v1/ (docs/openapi.yaml); badges under /badge/; Prometheus metrics at /metrics.

The store is --store URL, else $REPOGOV_STORE, else the --save store in the user's data
directory. It binds 127.0.0.1:8080 unless --addr says otherwise; before exposing it
without a reverse proxy, set --auth-token-file. SIGINT/SIGTERM shut it down gracefully.

--export DIR writes the same pages and JSON as static files with relative links instead
of serving (for GitHub Pages or GitLab Pages).`,
		Example: `  repogov serve
  repogov serve --store sqlite:history.db --addr :8080 --auth-token-file /run/secrets/repogov-token
  repogov serve --store "$DATABASE_URL" --export site/`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			url, err := f.store.resolve(e, true)
			if err != nil {
				return exit(ExitError, err)
			}
			opts := server.Options{PublicBadges: f.publicBadges, PrivateBadges: f.privateBadges, Refresh: f.refresh, Log: serveLogger(e)}
			// Teams: the policy's topic/prefix mapping first, else the CODEOWNERS default owner.
			pol, err := loadPolicy(e, f.config)
			if err != nil {
				return err
			}
			if len(pol.Teams()) > 0 {
				opts.Teams = func(r report.Repository) string {
					if t := pol.TeamOf(r.Meta.Name, r.Meta.Topics); t != "" {
						return t
					}
					return server.CodeownersTeam(r)
				}
			}
			if f.authTokenFile != "" {
				tok, err := server.ReadTokenFile(f.authTokenFile)
				if err != nil {
					return exit(ExitError, err)
				}
				opts.AuthToken = tok
			}
			// Bind first: a taken or invalid address fails before the store is read.
			var ln net.Listener
			if f.export == "" {
				if ln, err = net.Listen("tcp", f.addr); err != nil {
					return exit(ExitError, fmt.Errorf("listen %s: %w", f.addr, err))
				}
				defer ln.Close()
			}
			st, err := openStore(ctx, e, url, true)
			if err != nil {
				return err
			}
			defer st.Close()
			srv, err := server.New(ctx, st, opts)
			if err != nil {
				return exit(ExitError, err)
			}
			if e.getenv("GOMEMLIMIT") == "" {
				debug.SetMemoryLimit(serveMemoryLimit(liveHeap()))
			}
			if f.export != "" {
				n, err := srv.Export(ctx, f.export)
				if err != nil {
					return exit(ExitError, err)
				}
				if !e.quiet {
					fmt.Fprintf(e.stderr, "wrote %d files to %s\n", n, f.export)
				}
				return nil
			}
			err = srv.Serve(ctx, ln, func(a net.Addr) {
				opts.Log.Info("serving", "url", "http://"+a.String()+"/", "store", st.String())
			})
			if err != nil {
				return exit(ExitError, err)
			}
			return nil
		},
	}
	fl := cmd.Flags()
	f.store.register(cmd)
	fl.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fl.StringVar(&f.authTokenFile, "auth-token-file", "", "require the token in this file (bearer header or the login form)")
	fl.BoolVar(&f.publicBadges, "public-badges", false, "serve badges without the token (for READMEs)")
	fl.BoolVar(&f.privateBadges, "badge-private-repos", false, "serve badges of repositories the store does not mark public")
	fl.StringVar(&f.export, "export", "", "write the dashboard as static files to this directory instead of serving")
	fl.DurationVar(&f.refresh, "refresh", 30*time.Second, "how often to look for a new run in the store")
	fl.StringVar(&f.config, "config", "", "policy file whose teams: section maps repositories to teams (default ./.repogov.yml when present)")
	return cmd
}

// serveLogger logs the access log (info) as JSON lines on stderr; -q keeps errors only.
func serveLogger(e *env) *slog.Logger {
	level := slog.LevelInfo
	if e.quiet {
		level = slog.LevelError
	} else if e.verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewJSONHandler(e.stderr, &slog.HandlerOptions{Level: level}))
}

// serveMemoryLimit is the Go memory limit of a server whose heap holds live bytes once the
// latest run is loaded. It is a safety net, not a GC trigger: 110 MiB keeps the process
// within the 200 MB RSS budget of docs/serve.md (the binary and SQLite's own memory come
// on top) while the history index is built and a new run loads beside the old, at about
// five times what a 10,000-repository run keeps; a larger store gets four times its live
// heap, so that the collector never runs back to back.
func serveMemoryLimit(live uint64) int64 {
	return int64(max(110<<20, 4*live))
}

// liveHeap is the heap the last collection found live, in bytes.
func liveHeap() uint64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
