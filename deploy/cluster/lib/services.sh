# Temporal's four services, each its own process from the one config template (temporal.yaml).

# In start order. History comes first: on an empty database, services starting at once race to
# write the cluster's metadata and matching can die on `duplicate key ... cluster_metadata_info_pkey`.
SERVICES=(history matching frontend worker)

service_port() {
  local var="CONVEYOR_CLUSTER_${1^^}_PORT"
  echo "${!var}"
}
service_metrics_port() {
  local var="CONVEYOR_CLUSTER_${1^^}_METRICS_PORT"
  echo "${!var}"
}
service_pid_file() { echo "$CONVEYOR_CLUSTER_DIR/run/$1.pid"; }
service_log() { echo "$CONVEYOR_CLUSTER_DIR/logs/$1.log"; }

# A service is running when its PID file names a live process of this server binary (not a
# process that took the PID over since).
service_running() {
  local pid_file
  pid_file=$(service_pid_file "$1")
  pid_alive "$pid_file" && [ "$(readlink "/proc/$(pid_of "$pid_file")/exe")" = "$(readlink -f "$SERVER_BIN")" ]
}

# What the services read from the template: the settings, plus where the database is (PostgreSQL,
# or PgBouncer in front of it) and with which driver.
export_service_environment() {
  local via_pgbouncer=$1
  # Every CONVEYOR_CLUSTER_* setting, for the template's {{ env "..." }}.
  for name in $(compgen -v CONVEYOR_CLUSTER_); do export "${name?}"; done
  if [ "$via_pgbouncer" = yes ]; then
    export CONVEYOR_CLUSTER_SQL_PLUGIN=postgres12_pgx CONVEYOR_CLUSTER_DB_PORT=$CONVEYOR_CLUSTER_PGBOUNCER_PORT
  else
    export CONVEYOR_CLUSTER_SQL_PLUGIN=postgres12 CONVEYOR_CLUSTER_DB_PORT=$CONVEYOR_CLUSTER_PG_PORT
  fi
  export CONVEYOR_CLUSTER_DYNAMIC_CONFIG="$SCRIPT_DIR/dynamicconfig.yaml"
}

start_service() {
  local name=$1 pid_file log_file port
  pid_file=$(service_pid_file "$name")
  log_file=$(service_log "$name")
  port=$(service_port "$name")
  if service_running "$name"; then
    say "$name already running (PID $(pid_of "$pid_file"), port $port)"
    return 0
  fi
  port_open "$CONVEYOR_CLUSTER_HOST" "$port" &&
    fail "cannot start $name: $CONVEYOR_CLUSTER_HOST:$port is taken by another process; set CONVEYOR_CLUSTER_${name^^}_PORT"
  # setsid: its own session, so it outlives this script and a Ctrl-C on the terminal that ran it.
  CONVEYOR_CLUSTER_METRICS_PORT=$(service_metrics_port "$name") setsid \
    "$SERVER_BIN" --config-file "$SCRIPT_DIR/temporal.yaml" --allow-no-auth start --service "$name" \
    >>"$log_file" 2>&1 </dev/null &
  echo $! >"$pid_file"
  wait_for_port "$name" "$CONVEYOR_CLUSTER_HOST" "$port" "$pid_file" "$log_file"
  say "started $name (PID $(pid_of "$pid_file"), port $port, metrics $(service_metrics_port "$name"), log $log_file)"
}

stop_services() {
  local name
  # The frontend first: no new requests while the others wind down.
  for name in frontend worker matching history; do
    stop_pid "$name" "$(service_pid_file "$name")"
  done
}
