package server

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/repogov/repogov/store"
)

// BenchmarkPageCost measures the server's CPU and allocations per page, in process (no
// network, no load generator), over the store BenchmarkServe writes: the cost that the
// latency under 50 clients multiplies. It needs REPOGOV_BENCH_STORE (skips without):
//
//	REPOGOV_BENCH_STORE=PATH go test ./server -run '^$' -bench PageCost -benchmem
func BenchmarkPageCost(b *testing.B) {
	path := os.Getenv("REPOGOV_BENCH_STORE")
	if path == "" {
		b.Skip("REPOGOV_BENCH_STORE is not set")
	}
	st, err := store.Open(context.Background(), "sqlite:"+path, store.Options{ReadOnly: true})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	s, err := New(context.Background(), st, Options{})
	if err != nil {
		b.Fatal(err)
	}
	<-s.Indexed()
	h := s.Handler()
	rules := []string{"readme", "license-file", "security-policy", "codeowners", "contributing"}
	kinds := []struct {
		name string
		url  func(i int) string
	}{
		{"overview", func(int) string { return "/" }},
		{"repositories", func(i int) string {
			return fmt.Sprintf("/repos?q=repo-0%02d&rule=%s&status=fail&sort=%s&order=desc", i%100, rules[(i/100)%len(rules)], []string{"score", "name", "failures"}[i%3])
		}},
		{"repositories-unfiltered", func(i int) string { return fmt.Sprintf("/repos?page=%d", 1+i%200) }},
		{"repository", func(i int) string { return fmt.Sprintf("/repo/github.com/acme/repo-%05d", (i*7919)%10000) }},
	}
	for _, k := range kinds {
		b.Run(k.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := range b.N {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest("GET", k.url(i), nil))
				if w.Code != 200 {
					b.Fatalf("%s: %d", k.url(i), w.Code)
				}
			}
		})
	}
}
