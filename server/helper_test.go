package server

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/repogov/repogov/report"
	"github.com/repogov/repogov/store"
)

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// storeWith writes reps, in order, to a new SQLite store and returns its URL.
func storeWith(t testing.TB, reps []*report.Report) string {
	t.Helper()
	url := "sqlite:" + filepath.Join(t.TempDir(), "history.db")
	ctx := context.Background()
	w, err := store.Open(ctx, url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for _, r := range reps {
		if _, err := w.Save(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	return url
}

// openReadOnly opens a store as `repogov serve` does.
func openReadOnly(t testing.TB, url string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), url, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// newTestServer serves reps from a real (SQLite) store opened read-only.
func newTestServer(t testing.TB, reps []*report.Report, o Options) *Server {
	t.Helper()
	s, err := New(context.Background(), openReadOnly(t, storeWith(t, reps)), o)
	if err != nil {
		t.Fatal(err)
	}
	<-s.Indexed() // before the store closes; and pages then read the index
	return s
}

// storeWithAppend saves one more report into the store at url.
func storeWithAppend(t testing.TB, url string, r *report.Report) store.Run {
	t.Helper()
	w, err := store.Open(context.Background(), url, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	run, err := w.Save(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	return run
}
