# handbook in a container: a static binary on a distroless base (no shell,
# no package manager, no git; last-updated dates need git and are left out).
#
#   docker build -t handbook .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/site" handbook build
#
# The binary is cross-compiled on the build machine's platform, so images
# for other platforms (docker buildx --platform linux/arm64) need no emulator.
FROM --platform=$BUILDPLATFORM golang:1.26 AS build
ARG TARGETOS TARGETARCH
ARG VERSION=dev COMMIT="" DATE=""
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 GOOS=$TARGETOS GOARCH=$TARGETARCH go build -trimpath -buildvcs=false \
      -ldflags "-s -w -X handbook/internal/buildinfo.Version=$VERSION -X handbook/internal/buildinfo.Commit=$COMMIT -X handbook/internal/buildinfo.Date=$DATE" \
      -o /out/handbook ./cmd/handbook

FROM gcr.io/distroless/static-debian12
COPY --from=build /out/handbook /usr/local/bin/handbook
WORKDIR /site
ENTRYPOINT ["/usr/local/bin/handbook"]
CMD ["build"]
