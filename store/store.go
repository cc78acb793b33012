// Package store is repogov's history: every saved run of a report, kept as changes, in an
// embedded SQLite file or a PostgreSQL database, with diffs, trends and repository
// histories read back from it. It reads and writes the report model only (package
// report); the shapes it returns for diffs and trends live in package history.
//
// Layout (migrations/*/00001_init.sql): a run references the repositories it contains
// (repogov_run_repo) and the rules it evaluated; a result row holds from the run that
// produced it until the run that replaced it, so an unchanged re-scan adds one small row
// per repository and nothing else; result contents, repository metadata and rule
// metadata are content-addressed and shared.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/repogov/repogov/internal/redact"
)

// Errors a caller may test with errors.Is. Every error the package returns is one line
// naming the store, and never contains a password.
var (
	ErrNotFound    = errors.New("not found")
	ErrNewerSchema = errors.New("written by a newer repogov")
	ErrOldSchema   = errors.New("needs migrating")
	ErrNotStore    = errors.New("not a repogov store")
	ErrReadOnly    = errors.New("read-only")
	ErrAmbiguous   = errors.New("ambiguous")
	ErrCorrupt     = errors.New("not a valid SQLite database")
	ErrUnreachable = errors.New("cannot connect")
)

// Options tunes Open.
type Options struct {
	ReadOnly    bool          // never write, never migrate (the dashboard server)
	BusyTimeout time.Duration // SQLite: how long a writer waits for another; default 30s
	Logger      *slog.Logger  // nil: discard
	Tool        string        // the repogov version recorded on saved runs
}

type dialect int

const (
	dialectSQLite dialect = iota
	dialectPostgres
)

// Store is an open history store. It is safe for concurrent use.
type Store struct {
	db       *sql.DB
	dialect  dialect
	name     string // the URL with any password redacted
	path     string // SQLite file
	readOnly bool
	tool     string
	log      *slog.Logger
}

//go:embed migrations
var migrations embed.FS

// schemaTable is goose's version table; its presence marks a database as a repogov store.
const schemaTable = "repogov_schema"

// Open opens a store: "sqlite:PATH" (embedded, pure Go) or a "postgres://…" /
// "postgresql://…" DSN. Unless opts.ReadOnly, a new store is created and an older one
// migrated; a store written by a newer repogov is refused and left untouched.
func Open(ctx context.Context, rawURL string, opts Options) (*Store, error) {
	s := &Store{readOnly: opts.ReadOnly, log: opts.Logger, tool: opts.Tool}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if opts.BusyTimeout <= 0 {
		opts.BusyTimeout = 30 * time.Second
	}
	switch {
	case strings.HasPrefix(rawURL, "sqlite:"):
		s.dialect = dialectSQLite
		s.path = strings.TrimPrefix(strings.TrimPrefix(rawURL, "sqlite:"), "//")
		s.name = "sqlite:" + s.path
		if s.path == "" {
			return nil, fmt.Errorf("store %q: no file path (want sqlite:PATH)", rawURL)
		}
		if err := s.openSQLite(opts); err != nil {
			return nil, err
		}
	case strings.HasPrefix(rawURL, "postgres://"), strings.HasPrefix(rawURL, "postgresql://"):
		s.dialect = dialectPostgres
		s.name = redactURL(rawURL)
		if err := s.openPostgres(rawURL); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("store %q: want sqlite:PATH or a postgres:// URL", redactURL(rawURL))
	}
	if err := s.prepare(ctx); err != nil {
		s.db.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) openSQLite(opts Options) error {
	q := url.Values{}
	q.Set("_busy_timeout", strconv.FormatInt(opts.BusyTimeout.Milliseconds(), 10))
	if s.readOnly {
		if _, err := os.Stat(s.path); err != nil {
			return fmt.Errorf("store %s: %w", s.name, unwrapPathError(err))
		}
		q.Set("mode", "ro")
		q.Set("_query_only", "1")
	} else {
		q.Set("_journal_mode", "WAL")
		q.Set("_synchronous", "NORMAL")
		q.Set("_txlock", "immediate") // writers queue at BEGIN, not at their first write
	}
	dsn := "file:" + strings.NewReplacer("%", "%25", "?", "%3F", "#", "%23").Replace(s.path) + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return fmt.Errorf("store %s: %w", s.name, err)
	}
	// One writer at a time anyway; a few connections let readers run beside it. A
	// read-only store (the dashboard server) gets more: WAL readers never block each other,
	// and a long Load must not queue short page queries behind it.
	if s.readOnly {
		db.SetMaxOpenConns(max(16, 4*runtime.GOMAXPROCS(0)))
	} else {
		db.SetMaxOpenConns(max(4, runtime.GOMAXPROCS(0)))
	}
	db.SetConnMaxIdleTime(time.Minute)
	s.db = db
	return nil
}

func (s *Store) openPostgres(dsn string) error {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return fmt.Errorf("store %s: invalid URL", s.name)
	}
	if cfg.ConnectTimeout == 0 {
		cfg.ConnectTimeout = 10 * time.Second
	}
	if s.readOnly {
		cfg.RuntimeParams["default_transaction_read_only"] = "on"
	}
	cfg.RuntimeParams["application_name"] = "repogov"
	s.db = stdlib.OpenDB(*cfg)
	s.db.SetMaxOpenConns(8)
	s.db.SetConnMaxIdleTime(time.Minute)
	return nil
}

// Close closes the store.
func (s *Store) Close() error { return s.db.Close() }

// Backend is "sqlite" or "postgres".
func (s *Store) Backend() string {
	if s.dialect == dialectPostgres {
		return "postgres"
	}
	return "sqlite"
}

// String is the store's URL, password redacted.
func (s *Store) String() string { return s.name }

// DefaultURL is the store --save uses: $XDG_DATA_HOME/repogov/history.db, else
// ~/.local/share/repogov/history.db; on macOS ~/Library/Application Support/repogov and on
// Windows %LocalAppData%\repogov.
func DefaultURL(getenv func(string) string) (string, error) {
	var dir string
	switch {
	case getenv("XDG_DATA_HOME") != "":
		dir = getenv("XDG_DATA_HOME")
	case runtime.GOOS == "windows" && getenv("LocalAppData") != "":
		dir = getenv("LocalAppData")
	case getenv("HOME") != "":
		if runtime.GOOS == "darwin" {
			dir = filepath.Join(getenv("HOME"), "Library", "Application Support")
		} else {
			dir = filepath.Join(getenv("HOME"), ".local", "share")
		}
	default:
		return "", errors.New("--save: no data directory (set XDG_DATA_HOME or HOME, or give --store)")
	}
	return "sqlite:" + filepath.Join(dir, "repogov", "history.db"), nil
}

// latestVersion is the newest migration this repogov knows.
func latestVersion() int64 {
	var v int64
	entries, _ := fs.ReadDir(migrations, "migrations/sqlite")
	for _, e := range entries {
		n, _, _ := strings.Cut(e.Name(), "_")
		if x, err := strconv.ParseInt(n, 10, 64); err == nil && x > v {
			v = x
		}
	}
	return v
}

// prepare checks that the database is a repogov store (or empty), refuses a newer
// schema, and migrates an older one.
func (s *Store) prepare(ctx context.Context) error {
	for attempt := 0; ; attempt++ {
		version, err := s.schemaVersion(ctx)
		if err != nil {
			return err
		}
		want := latestVersion()
		switch {
		case version > want:
			return fmt.Errorf("store %s: schema version %d was %w (this one knows up to %d); upgrade repogov, the store was not changed", s.name, version, ErrNewerSchema, want)
		case version == want:
			return nil
		case s.readOnly:
			if version == 0 {
				return fmt.Errorf("store %s: %w: empty, no runs saved yet", s.name, ErrNotFound)
			}
			return fmt.Errorf("store %s: schema version %d %w to %d; open it once with a writing command (repogov store info)", s.name, version, ErrOldSchema, want)
		}
		err = s.migrate(ctx)
		if err == nil {
			return nil
		}
		// Another process may have been migrating at the same moment (SQLite has no
		// session lock): look again before giving up.
		if attempt >= 2 {
			return s.wrap("migrating", err)
		}
		time.Sleep(time.Duration(100*(attempt+1)) * time.Millisecond)
	}
}

// schemaVersion is the applied schema version, 0 for an empty database; a database with
// other tables and no repogov marker is ErrNotStore.
func (s *Store) schemaVersion(ctx context.Context) (int64, error) {
	var tables []string
	var q string
	if s.dialect == dialectSQLite {
		q = `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`
	} else {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`
	}
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return 0, s.wrap("opening", err)
	}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return 0, s.wrap("opening", err)
		}
		tables = append(tables, t)
	}
	if err := rows.Err(); err != nil {
		return 0, s.wrap("opening", err)
	}
	rows.Close()
	marked := false
	var foreign []string
	for _, t := range tables {
		switch {
		case t == schemaTable:
			marked = true
		case !strings.HasPrefix(t, "repogov_"):
			foreign = append(foreign, t)
		}
	}
	if !marked {
		if len(tables) == 0 {
			return 0, nil
		}
		if len(foreign) > 3 {
			foreign = append(foreign[:3], "…")
		}
		hint := ""
		if s.dialect == dialectPostgres {
			hint = "; use an empty database or schema (e.g. ?search_path=repogov)"
		}
		return 0, fmt.Errorf("store %s: %w: it holds other tables (%s)%s", s.name, ErrNotStore, strings.Join(foreign, ", "), hint)
	}
	var v sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT max(version_id) FROM `+schemaTable+` WHERE is_applied`).Scan(&v); err != nil {
		return 0, s.wrap("reading the schema version", err)
	}
	return v.Int64, nil
}

func (s *Store) migrate(ctx context.Context) error {
	sub := "migrations/sqlite"
	d := goose.DialectSQLite3
	opts := []goose.ProviderOption{goose.WithTableName(schemaTable), goose.WithLogger(goose.NopLogger()), goose.WithDisableGlobalRegistry(true)}
	if s.dialect == dialectPostgres {
		sub, d = "migrations/postgres", goose.DialectPostgres
		locker, err := lock.NewPostgresSessionLocker()
		if err != nil {
			return err
		}
		opts = append(opts, goose.WithSessionLocker(locker))
	}
	fsys, err := fs.Sub(migrations, sub)
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(d, s.db, fsys, opts...)
	if err != nil {
		return err
	}
	res, err := p.Up(ctx)
	for _, r := range res {
		s.log.Info("store migrated", "store", s.name, "migration", r.Source.Path)
	}
	return err
}

// wrap turns a database error into one line naming the store: what was being done, and
// the cause in words a user can act on.
func (s *Store) wrap(doing string, err error) error {
	if err == nil {
		return nil
	}
	for _, sentinel := range []error{ErrNotFound, ErrNewerSchema, ErrOldSchema, ErrNotStore, ErrReadOnly, ErrAmbiguous, ErrCorrupt, ErrUnreachable} {
		if errors.Is(err, sentinel) {
			if strings.HasPrefix(err.Error(), "store ") {
				return err
			}
			return fmt.Errorf("store %s: %s: %w", s.name, doing, err)
		}
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_READONLY:
			return fmt.Errorf("store %s is %w (%s): cannot save", s.name, ErrReadOnly, firstLine(se.Error()))
		case sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT:
			return fmt.Errorf("store %s is %w (%s)", s.name, ErrCorrupt, firstLine(se.Error()))
		case sqlite3.SQLITE_CANTOPEN:
			return fmt.Errorf("store %s: cannot open the file (%s)", s.name, firstLine(se.Error()))
		case sqlite3.SQLITE_BUSY:
			return fmt.Errorf("store %s: %s: another process kept the database locked (%s)", s.name, doing, firstLine(se.Error()))
		}
		return fmt.Errorf("store %s: %s: %s", s.name, doing, firstLine(se.Error()))
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01", "28000":
			return fmt.Errorf("store %s: %w: %s", s.name, ErrUnreachable, pe.Message)
		case "25006":
			return fmt.Errorf("store %s is %w (%s): cannot save", s.name, ErrReadOnly, pe.Message)
		case "3D000":
			return fmt.Errorf("store %s: %w: %s", s.name, ErrUnreachable, pe.Message)
		}
		return fmt.Errorf("store %s: %s: %s (SQLSTATE %s)", s.name, doing, firstLine(pe.Message), pe.Code)
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		cause := ce.Unwrap()
		for {
			u := errors.Unwrap(cause)
			if u == nil {
				break
			}
			cause = u
		}
		return fmt.Errorf("store %s: %w: %s", s.name, ErrUnreachable, firstLine(cause.Error()))
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("store %s: %s: %w", s.name, doing, err)
	}
	return fmt.Errorf("store %s: %s: %s", s.name, doing, firstLine(redactText(err.Error())))
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimSpace(s)
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("no such file (%w)", ErrNotFound)
		}
		return pe.Err
	}
	return err
}

// redactURL hides a URL's credentials the one way repogov does (internal/redact), and a
// "password=" query parameter, which libpq-style DSNs may carry.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "<invalid URL>"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "***")
		u.RawQuery = q.Encode()
	}
	return redact.URL(u.String())
}

// redactText hides "password=…" in driver messages that echo a DSN.
func redactText(s string) string {
	i := strings.Index(s, "password=")
	if i < 0 {
		return s
	}
	j := strings.IndexAny(s[i:], " &'\"")
	if j < 0 {
		return s[:i] + "password=***"
	}
	return s[:i] + "password=***" + redactText(s[i+j:])
}

// rebind turns ? placeholders into $1… for PostgreSQL. Queries never contain a literal ?.
func (s *Store) rebind(q string) string {
	if s.dialect != dialectPostgres || !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			b.WriteString("$" + strconv.Itoa(n))
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// querier is what *sql.DB and *sql.Tx share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}
