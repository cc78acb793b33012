# The repogov image: the static release binary on a distroless base (CA certificates for
# the GitHub API, a non-root user, no shell). goreleaser builds it from the release binary;
# go-git is pure Go, so no git is needed inside.
FROM gcr.io/distroless/static-debian12:nonroot
COPY repogov /usr/local/bin/repogov
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/repogov"]
CMD ["scan", "."]
