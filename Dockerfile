# The repogov image: the static release binary on a distroless base (CA certificates for
# the GitHub API, a non-root user, no shell). goreleaser (dockers_v2) builds it for
# linux/amd64 and linux/arm64 from the release binaries, which it places under
# $TARGETPLATFORM/ in the build context. go-git is pure Go: no git inside.
FROM gcr.io/distroless/static-debian12:nonroot
ARG TARGETPLATFORM
COPY $TARGETPLATFORM/repogov /usr/local/bin/repogov
WORKDIR /work
ENTRYPOINT ["/usr/local/bin/repogov"]
CMD ["scan", "."]
