// Command genrepos writes benchmark fixtures: a folder of bare mirrors, or one large
// working tree, so that a built repogov can be timed on them (/usr/bin/time -v).
//
//	go run ./internal/gittest/genrepos -mirrors 1000 -files 300 [-loose] /tmp/mirrors
//	go run ./internal/gittest/genrepos -tree 100000 /tmp/bigtree
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/repogov/repogov/internal/gittest"
)

func main() {
	mirrors := flag.Int("mirrors", 0, "number of bare repositories to create")
	files := flag.Int("files", 300, "files per mirror")
	tree := flag.Int("tree", 0, "create one git working tree with this many files")
	loose := flag.Bool("loose", false, "write loose objects instead of one pack per repository")
	flag.Parse()
	if flag.NArg() != 1 || (*mirrors == 0) == (*tree == 0) {
		fmt.Fprintln(os.Stderr, "usage: genrepos (-mirrors N [-files F] | -tree N) DIR")
		os.Exit(2)
	}
	var err error
	if *mirrors > 0 {
		err = gittest.Repos(flag.Arg(0), *mirrors, *files, !*loose)
	} else {
		_, err = gittest.Create(flag.Arg(0), gittest.RepoFiles("bigtree", *tree), gittest.Options{Packed: true})
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genrepos:", err)
		os.Exit(1)
	}
}
