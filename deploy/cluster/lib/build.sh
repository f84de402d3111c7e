# The Temporal server and its schema tools, built once from their Go module at the pinned
# version and kept in the data folder: later runs reuse them.

SERVER_BIN="$CONVEYOR_CLUSTER_TOOLS_DIR/bin/server"
SCHEMA_TOOL_BIN="$CONVEYOR_CLUSTER_TOOLS_DIR/bin/sql"
# Built only for Elasticsearch visibility (cluster:up -- --elasticsearch); `go install` names it
# after its package folder, `elasticsearch`, which would read as Elasticsearch itself.
ES_TOOL_BIN="$CONVEYOR_CLUSTER_TOOLS_DIR/bin/temporal-elasticsearch-tool"

ensure_server_built() {
  if [ -x "$SERVER_BIN" ] && [ -x "$SCHEMA_TOOL_BIN" ]; then
    return 0
  fi
  say "building the Temporal server $TEMPORAL_SERVER_VERSION and its schema tool into $CONVEYOR_CLUSTER_TOOLS_DIR (once; about 4-5 min and 2.6 GB of memory on 2 cores)"
  go_install_tools "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION"
  say "built $SERVER_BIN and $SCHEMA_TOOL_BIN"
}

ensure_es_tool_built() {
  [ -x "$ES_TOOL_BIN" ] && return 0
  say "building Temporal's Elasticsearch schema tool $TEMPORAL_SERVER_VERSION into $CONVEYOR_CLUSTER_TOOLS_DIR (once)"
  go_install_tools "go.temporal.io/server/cmd/tools/elasticsearch@$TEMPORAL_SERVER_VERSION"
  mv "$CONVEYOR_CLUSTER_TOOLS_DIR/bin/elasticsearch" "$ES_TOOL_BIN"
  say "built $ES_TOOL_BIN"
}

# go_install_tools <package@version...>: into $CONVEYOR_CLUSTER_TOOLS_DIR/bin.
go_install_tools() {
  command -v go >/dev/null ||
    fail "building Temporal's $TEMPORAL_SERVER_VERSION tools needs Go (apt-get install golang-go, or https://go.dev/dl/); or put the binaries in $CONVEYOR_CLUSTER_TOOLS_DIR/bin"
  local go_dir="$CONVEYOR_CLUSTER_TOOLS_DIR/go"
  mkdir -p "$go_dir"
  # Its own GOPATH and build cache, so the build neither needs nor touches the user's; both are
  # removed once the binaries exist (about 3 GB).
  if ! GOPATH="$go_dir" GOMODCACHE="$go_dir/pkg/mod" GOCACHE="$go_dir/cache" GOBIN="$CONVEYOR_CLUSTER_TOOLS_DIR/bin" \
    GOFLAGS="-buildvcs=false -p=$CONVEYOR_CLUSTER_BUILD_JOBS" CGO_ENABLED=0 go install "$@"; then
    fail "the build of $* failed (above); a run again resumes from its cache in $go_dir"
  fi
  GOPATH="$go_dir" GOMODCACHE="$go_dir/pkg/mod" go clean -modcache
  rm -rf "$go_dir"
}
