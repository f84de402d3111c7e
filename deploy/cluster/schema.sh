#!/usr/bin/env bash
# Temporal's two schemas on PostgreSQL, set up when missing and brought up to date: the step
# `cluster:up` runs (cluster.sh) and the Temporal server image runs as a one-shot job
# (deploy/temporal-server.Dockerfile: compose's temporal-schema service, the Helm chart's Job),
# so a cluster on one machine and one in containers get the very same schema steps.
#
#   schema.sh
#
# Settings (defaults in settings.sh): CONVEYOR_CLUSTER_PG_HOST, CONVEYOR_CLUSTER_PG_PORT,
# CONVEYOR_CLUSTER_DB_USER, CONVEYOR_CLUSTER_DB_PASSWORD, CONVEYOR_CLUSTER_DB_NAME,
# CONVEYOR_CLUSTER_VISIBILITY_DB_NAME; CONVEYOR_CLUSTER_SCHEMA_TOOL, the schema tool
# (go.temporal.io/server/cmd/tools/sql; default `temporal-sql-tool` on PATH);
# CONVEYOR_CLUSTER_CREATE_DATABASES=true creates both databases first when missing (the user then
# needs CREATEDB; cluster.sh creates them itself, as PostgreSQL's superuser).
#
# Always straight to PostgreSQL, never through PgBouncer: the DDL and the version bookkeeping
# need a session of their own. Exit 1 naming the step that failed, its output above.
set -euo pipefail

# Resolved through the symlink the server image runs it by (/usr/local/bin/schema.sh).
SCRIPT_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
# shellcheck source=settings.sh
source "$SCRIPT_DIR/settings.sh"
: "${CONVEYOR_CLUSTER_SCHEMA_TOOL:=temporal-sql-tool}"
: "${CONVEYOR_CLUSTER_CREATE_DATABASES:=false}"

# The password reaches the tool through its environment, never its command line (ps would show it).
export SQL_PASSWORD="$CONVEYOR_CLUSTER_DB_PASSWORD"

# sql_tool <database> <command and options...>
sql_tool() {
  local db=$1
  shift
  "$CONVEYOR_CLUSTER_SCHEMA_TOOL" --plugin postgres12 --ep "$CONVEYOR_CLUSTER_PG_HOST" -p "$CONVEYOR_CLUSTER_PG_PORT" \
    -u "$CONVEYOR_CLUSTER_DB_USER" --db "$db" "$@"
}

for pair in "$CONVEYOR_CLUSTER_DB_NAME:postgresql/v12/temporal" "$CONVEYOR_CLUSTER_VISIBILITY_DB_NAME:postgresql/v12/visibility"; do
  db=${pair%%:*}
  schema=${pair#*:}
  if [ "$CONVEYOR_CLUSTER_CREATE_DATABASES" = true ]; then
    # The tool has no "if missing": an existing database is the one failure that is fine.
    if ! output=$(sql_tool "$db" create-database --defaultdb postgres 2>&1); then
      grep -q 'already exists' <<<"$output" || {
        echo "$output" >&2
        echo "schema: creating the database $db failed" >&2
        exit 1
      }
    fi
    echo "schema: database $db present"
  fi
  # setup-schema -v 0.0 only creates the version tables when missing; update-schema applies
  # whatever versions this server adds (on an existing database, only the new ones).
  for step in "setup-schema -v 0.0" "update-schema --schema-name $schema"; do
    # shellcheck disable=SC2086 # $step is several words on purpose
    sql_tool "$db" $step || {
      echo "schema: the schema tool failed on $db ($step)" >&2
      exit 1
    }
  done
  echo "schema: $db up to date ($schema)"
done
