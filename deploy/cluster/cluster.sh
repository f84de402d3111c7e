#!/usr/bin/env bash
# A multi-service Temporal cluster on PostgreSQL, on this machine: what Conveyor runs against in
# production, made repeatable. `npm run cluster:up`, `cluster:status`, `cluster:down` call this.
#
#   cluster.sh up [--pgbouncer] [--elasticsearch]
#                                 build or reuse the pinned server, start PostgreSQL (and PgBouncer),
#                                 set up or update both schemas (with --elasticsearch: start
#                                 Elasticsearch and set up its visibility index, which the services
#                                 then use for visibility), start history, matching, frontend and
#                                 worker, create the namespace and Conveyor's search attributes;
#                                 returns once the frontend answers and prints TEMPORAL_ADDRESS.
#                                 Run again, it starts only what is not running.
#   cluster.sh status             each process, its PID and port, and the database; exit 3 when
#                                 something is not running
#   cluster.sh down [--delete-data]  stops everything (frontend first, PostgreSQL last); the data
#                                 stays unless --delete-data
#
# Settings: settings.sh (every port and path; CONVEYOR_CLUSTER_* variables override them).
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
# shellcheck source=settings.sh
source "$SCRIPT_DIR/settings.sh"
# Absolute: the services and PostgreSQL run in other working folders.
mkdir -p "$CONVEYOR_CLUSTER_DIR" "$CONVEYOR_CLUSTER_TOOLS_DIR"
CONVEYOR_CLUSTER_DIR=$(cd "$CONVEYOR_CLUSTER_DIR" && pwd)
CONVEYOR_CLUSTER_TOOLS_DIR=$(cd "$CONVEYOR_CLUSTER_TOOLS_DIR" && pwd)
source "$SCRIPT_DIR/lib/processes.sh"
source "$SCRIPT_DIR/lib/build.sh"
source "$SCRIPT_DIR/lib/postgres.sh"
source "$SCRIPT_DIR/lib/elasticsearch.sh"
source "$SCRIPT_DIR/lib/services.sh"

# Which way the running services reach the database: recorded, so that `up` never mixes them.
ROUTE_FILE="$CONVEYOR_CLUSTER_DIR/run/database-route"
# Likewise the visibility store they write to and read from.
VISIBILITY_FILE="$CONVEYOR_CLUSTER_DIR/run/visibility-store"
CONNECT_HOST=$CONVEYOR_CLUSTER_HOST
[ "$CONNECT_HOST" = 0.0.0.0 ] && CONNECT_HOST=127.0.0.1
TEMPORAL_ADDRESS_OF_CLUSTER="$CONNECT_HOST:$CONVEYOR_CLUSTER_FRONTEND_PORT"

any_service_running() {
  local name
  for name in "${SERVICES[@]}"; do service_running "$name" && return 0; done
  return 1
}

check_pool_budget() {
  # Without PgBouncer every service's pools are PostgreSQL connections.
  local needed=$((4 * (CONVEYOR_CLUSTER_SQL_MAX_CONNS + CONVEYOR_CLUSTER_SQL_VIS_MAX_CONNS) + 5))
  if [ "$1" = postgresql ] && [ "$needed" -gt "$CONVEYOR_CLUSTER_PG_MAX_CONNECTIONS" ]; then
    fail "4 services x (CONVEYOR_CLUSTER_SQL_MAX_CONNS $CONVEYOR_CLUSTER_SQL_MAX_CONNS + CONVEYOR_CLUSTER_SQL_VIS_MAX_CONNS $CONVEYOR_CLUSTER_SQL_VIS_MAX_CONNS) + 5 for the tools = $needed connections, above CONVEYOR_CLUSTER_PG_MAX_CONNECTIONS=$CONVEYOR_CLUSTER_PG_MAX_CONNECTIONS: raise it, lower the pools, or use --pgbouncer"
  fi
}

# up_options <route> <visibility>: the cluster:up options that ask for them.
up_options() {
  local options=()
  [ "$1" = pgbouncer ] && options+=(--pgbouncer)
  [ "$2" = elasticsearch ] && options+=(--elasticsearch)
  [ ${#options[@]} -eq 0 ] || echo " -- ${options[*]}"
}

# refuse_mixing <file> <what> <wanted> <route> <visibility>: running services keep what they started with.
refuse_mixing() {
  if any_service_running && [ -f "$1" ] && [ "$(cat "$1")" != "$3" ]; then
    fail "the cluster's services run with the $2 \"$(cat "$1")\", not \"$3\": stop them first (npm run cluster:down), then cluster:up$(up_options "$4" "$5")"
  fi
}

up() {
  local route=postgresql visibility=$CONVEYOR_CLUSTER_VISIBILITY_STORE
  while [ $# -gt 0 ]; do
    case $1 in
      --pgbouncer) route=pgbouncer ;;
      --elasticsearch) visibility=elasticsearch ;;
      *) echo "cluster up: unknown option $1 (known: --pgbouncer, --elasticsearch)" >&2; exit 2 ;;
    esac
    shift
  done
  case $visibility in
    postgresql | elasticsearch) ;;
    *) echo "cluster up: CONVEYOR_CLUSTER_VISIBILITY_STORE=$visibility is neither postgresql nor elasticsearch" >&2; exit 2 ;;
  esac
  mkdir -p "$CONVEYOR_CLUSTER_DIR/run" "$CONVEYOR_CLUSTER_DIR/logs"
  refuse_mixing "$ROUTE_FILE" "database route" "$route" "$route" "$visibility"
  refuse_mixing "$VISIBILITY_FILE" "visibility store" "$visibility" "$route" "$visibility"
  check_pool_budget "$route"
  ensure_server_built
  [ "$visibility" = elasticsearch ] && ensure_es_tool_built
  start_postgres
  ensure_shards_unchanged
  ensure_schemas
  if [ "$visibility" = elasticsearch ]; then
    start_elasticsearch
    ensure_es_index
  fi
  CONVEYOR_CLUSTER_VISIBILITY_STORE=$visibility
  if [ "$route" = pgbouncer ]; then
    start_pgbouncer
    export_service_environment yes
  else
    export_service_environment no
  fi
  echo "$route" >"$ROUTE_FILE"
  echo "$visibility" >"$VISIBILITY_FILE"
  local name
  for name in "${SERVICES[@]}"; do start_service "$name"; done
  (cd "$REPO_ROOT" && node --require tsx/cjs "$SCRIPT_DIR/register-namespace.ts" \
    "$TEMPORAL_ADDRESS_OF_CLUSTER" "$TEMPORAL_NAMESPACE" "$CONVEYOR_CLUSTER_RETENTION" "$CONVEYOR_CLUSTER_READY_TIMEOUT") ||
    fail "the frontend did not answer (log: $(service_log frontend))"
  say "ready: namespace $TEMPORAL_NAMESPACE on the frontend at $TEMPORAL_ADDRESS_OF_CLUSTER ($route, $visibility visibility)"
  echo "TEMPORAL_ADDRESS=$TEMPORAL_ADDRESS_OF_CLUSTER"
}

# One line of the status table: process, state, PID, port, details.
row() { printf '%-13s %-8s %-8s %-6s %s\n' "$@"; }

status() {
  local all_up=0 name pid_file route=none visibility=none
  [ -f "$ROUTE_FILE" ] && route=$(cat "$ROUTE_FILE")
  [ -f "$VISIBILITY_FILE" ] && visibility=$(cat "$VISIBILITY_FILE")
  PG_BIN=$(find_pg_bin)
  row PROCESS STATE PID PORT DETAILS
  if [ -n "$PG_BIN" ] && [ -f "$PG_DATA/PG_VERSION" ] && postgres_running; then
    local connections
    connections=$(pg_sql postgres "SELECT count(*) FROM pg_stat_activity WHERE datname IN ('$CONVEYOR_CLUSTER_DB_NAME', '$CONVEYOR_CLUSTER_VISIBILITY_DB_NAME')" 2>/dev/null || echo '?')
    row postgresql running "$(head -n 1 "$PG_DATA/postmaster.pid")" "$CONVEYOR_CLUSTER_PG_PORT" \
      "data $PG_DATA; $connections connections of max_connections $(pg_sql postgres 'SHOW max_connections' 2>/dev/null || echo '?')"
    row '' '' '' '' \
      "databases $CONVEYOR_CLUSTER_DB_NAME (schema $(schema_version "$CONVEYOR_CLUSTER_DB_NAME")), $CONVEYOR_CLUSTER_VISIBILITY_DB_NAME (schema $(schema_version "$CONVEYOR_CLUSTER_VISIBILITY_DB_NAME")); $(cat "$CONVEYOR_CLUSTER_DIR/history-shards" 2>/dev/null || echo '?') history shards"
  else
    row postgresql stopped - "$CONVEYOR_CLUSTER_PG_PORT" "data $PG_DATA"
    all_up=3
  fi
  if pgbouncer_running; then
    row pgbouncer running "$(pid_of "$PGBOUNCER_PID")" "$CONVEYOR_CLUSTER_PGBOUNCER_PORT" "transaction pooling, $CONVEYOR_CLUSTER_PGBOUNCER_POOL_SIZE server connections per database"
  elif [ "$route" = pgbouncer ]; then
    row pgbouncer stopped - "$CONVEYOR_CLUSTER_PGBOUNCER_PORT" "the services' route to PostgreSQL"
    all_up=3
  fi
  if es_running; then
    row elasticsearch running "$(pid_of "$ES_PID")" "$CONVEYOR_CLUSTER_ES_PORT" \
      "data $ES_DATA; index $CONVEYOR_CLUSTER_ES_INDEX, $(es_document_count) documents"
  elif [ "$visibility" = elasticsearch ]; then
    row elasticsearch stopped - "$CONVEYOR_CLUSTER_ES_PORT" "the services' visibility store (log: $ES_LOG)"
    all_up=3
  fi
  for name in "${SERVICES[@]}"; do
    pid_file=$(service_pid_file "$name")
    if service_running "$name"; then
      row "$name" running "$(pid_of "$pid_file")" "$(service_port "$name")" "metrics $(service_metrics_port "$name"), log $(service_log "$name")"
    else
      row "$name" stopped - "$(service_port "$name")" "log $(service_log "$name")"
      all_up=3
    fi
  done
  echo "database route: $route; visibility: $visibility; TEMPORAL_ADDRESS=$TEMPORAL_ADDRESS_OF_CLUSTER (namespace $TEMPORAL_NAMESPACE)"
  return $all_up
}

down() {
  local delete=no
  while [ $# -gt 0 ]; do
    case $1 in
      --delete-data) delete=yes ;;
      *) echo "cluster down: unknown option $1 (known: --delete-data)" >&2; exit 2 ;;
    esac
    shift
  done
  stop_services
  stop_pgbouncer
  stop_elasticsearch
  stop_postgres
  if [ "$delete" = yes ]; then
    rm -rf "$CONVEYOR_CLUSTER_DIR"
    say "deleted $CONVEYOR_CLUSTER_DIR (the built server stays in $CONVEYOR_CLUSTER_TOOLS_DIR)"
  fi
}

command=${1:-}
[ $# -gt 0 ] && shift
case $command in
  up) up "$@" ;;
  status) status "$@" ;;
  down) down "$@" ;;
  *) echo "usage: cluster.sh up [--pgbouncer] [--elasticsearch] | status | down [--delete-data]" >&2; exit 2 ;;
esac
