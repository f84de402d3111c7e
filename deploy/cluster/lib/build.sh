# The Temporal server and its SQL schema tool, built once from their Go module at the pinned
# version and kept in the data folder: later runs reuse them.

SERVER_BIN="$CONVEYOR_CLUSTER_TOOLS_DIR/bin/server"
SCHEMA_TOOL_BIN="$CONVEYOR_CLUSTER_TOOLS_DIR/bin/sql"

ensure_server_built() {
  if [ -x "$SERVER_BIN" ] && [ -x "$SCHEMA_TOOL_BIN" ]; then
    return 0
  fi
  command -v go >/dev/null ||
    fail "building the Temporal server $TEMPORAL_SERVER_VERSION needs Go (apt-get install golang-go, or https://go.dev/dl/); or put its 'server' and 'sql' binaries in $CONVEYOR_CLUSTER_TOOLS_DIR/bin"
  local go_dir="$CONVEYOR_CLUSTER_TOOLS_DIR/go"
  say "building the Temporal server $TEMPORAL_SERVER_VERSION and its schema tool into $CONVEYOR_CLUSTER_TOOLS_DIR (once; about 4-5 min and 2.6 GB of memory on 2 cores)"
  mkdir -p "$go_dir"
  # Its own GOPATH and build cache, so the build neither needs nor touches the user's; both are
  # removed once the binaries exist (about 3 GB).
  if ! GOPATH="$go_dir" GOMODCACHE="$go_dir/pkg/mod" GOCACHE="$go_dir/cache" GOBIN="$CONVEYOR_CLUSTER_TOOLS_DIR/bin" \
    GOFLAGS="-buildvcs=false -p=$CONVEYOR_CLUSTER_BUILD_JOBS" CGO_ENABLED=0 \
    go install "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION"; then
    fail "the build of the Temporal server failed (above); a run again resumes from its cache in $go_dir"
  fi
  GOPATH="$go_dir" GOMODCACHE="$go_dir/pkg/mod" go clean -modcache
  rm -rf "$go_dir"
  say "built $SERVER_BIN and $SCHEMA_TOOL_BIN"
}
