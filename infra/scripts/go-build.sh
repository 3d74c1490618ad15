# Sourced by the scripts that build pinned Go programs into an ignored folder once per machine
# (build-temporal.sh, build-deploy-tools.sh): a build is keyed by a hash of what it is built from,
# so a version bump rebuilds and anything else reuses it; Go's module and build caches stay on
# the machine, so a rebuild is quick.

# key_of FILE...: the build key of these inputs.
key_of() { cat "$@" | sha256sum | cut -d' ' -f1; }

# built STAMP KEY: whether the stamp file records this key (the build it guards is current).
built() { [[ -f "$1" && "$(cat "$1")" == "$2" ]]; }

# go_build_env WHAT: checks for Go, then a reproducible, static build with the local toolchain
# (a Go version mismatch fails loudly instead of fetching a toolchain).
go_build_env() {
  command -v go >/dev/null || { echo "$1: Go is required to build it" >&2; exit 1; }
  export GOTOOLCHAIN=local GOFLAGS="-trimpath -mod=readonly" CGO_ENABLED=0
}
