// Command genrepos writes benchmark fixtures: a folder of bare mirrors, or one large
// working tree, so that a built repogov can be timed on them (/usr/bin/time -v).
//
//	go run ./internal/gittest/genrepos -mirrors 1000 -files 300 [-loose] /tmp/mirrors
//	go run ./internal/gittest/genrepos -tree 100000 /tmp/bigtree
//	go run ./internal/gittest/genrepos -licences 66 /tmp/lic66   (from the module root)
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
	licences := flag.Int("licences", 0, "create this many git working trees with typical licence files")
	texts := flag.String("texts", "rules/license/testdata/canonical", "directory of canonical licence texts (<SPDX id>.txt), for -licences")
	flag.Parse()
	modes := 0
	for _, n := range []int{*mirrors, *tree, *licences} {
		if n > 0 {
			modes++
		}
	}
	if flag.NArg() != 1 || modes != 1 {
		fmt.Fprintln(os.Stderr, "usage: genrepos (-mirrors N [-files F] | -tree N | -licences N [-texts DIR]) DIR")
		os.Exit(2)
	}
	var err error
	switch {
	case *licences > 0:
		err = gittest.LicenceTrees(flag.Arg(0), *licences, *texts)
	case *mirrors > 0:
		err = gittest.Repos(flag.Arg(0), *mirrors, *files, !*loose)
	default:
		_, err = gittest.Create(flag.Arg(0), gittest.RepoFiles("bigtree", *tree), gittest.Options{Packed: true})
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "genrepos:", err)
		os.Exit(1)
	}
}
