package server

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/repogov/repogov/store"
)

func TestProbe(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, "sqlite:/tmp/servebench/history.db", store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	tm := func(name string, f func() error) {
		t0 := time.Now()
		err := f()
		fmt.Printf("%-12s %8.1f ms %v\n", name, float64(time.Since(t0).Microseconds())/1000, err)
	}
	var sel, prev store.Selection
	tm("runs", func() error { _, _, err := st.Runs(ctx, store.RunFilter{}); return err })
	tm("resolve", func() error { sel, err = st.Resolve(ctx, "latest"); return err })
	tm("resolve~1", func() error { prev, err = st.Resolve(ctx, "latest~1"); return err })
	tm("load", func() error { _, err := st.Load(ctx, sel); return err })
	tm("trend", func() error { _, err := st.Trend(ctx, store.TrendOptions{}); return err })
	tm("diff", func() error { _, err := st.Diff(ctx, prev, sel); return err })
	tm("exemptions", func() error { _, err := st.Exemptions(ctx, sel, time.Now().Add(1e6*time.Hour)); return err })
	for i := range 3 {
		k := fmt.Sprintf("github.com/acme/repo-%05d", 1234+i*1000)
		tm("repository", func() error { _, _, err := st.Repository(ctx, k, sel); return err })
		tm("history", func() error { _, err := st.History(ctx, k); return err })
	}
}
