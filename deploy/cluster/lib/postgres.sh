# PostgreSQL from Debian's packages on its own port and data folder, PgBouncer in front of it on
# request, and Temporal's two schemas (set up once, updated on every run).

PG_DIR="$CONVEYOR_CLUSTER_DIR/postgres"
PG_DATA="$PG_DIR/data"
PG_SOCKET_DIR="$PG_DIR/socket"
PG_LOG="$PG_DIR/postgres.log"
PGBOUNCER_INI="$PG_DIR/pgbouncer.ini"
PGBOUNCER_PID="$PG_DIR/pgbouncer.pid"
PGBOUNCER_LOG="$PG_DIR/pgbouncer.log"

find_pg_bin() {
  if [ -n "$CONVEYOR_CLUSTER_PG_BIN" ]; then
    echo "$CONVEYOR_CLUSTER_PG_BIN"
  elif [ -x /usr/lib/postgresql/15/bin/initdb ]; then
    echo /usr/lib/postgresql/15/bin
  else
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
  fi
}

# apt_install <package> <what it is for>: installs a Debian package when root; else says how.
apt_install() {
  if [ "$(id -u)" != 0 ]; then
    fail "$2 needs the Debian package $1, which is not installed: sudo apt-get install -y $1 (or run cluster:up as root, which installs it)"
  fi
  say "installing $1 (apt-get)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1" >/dev/null ||
    fail "apt-get install $1 failed"
}

ensure_postgres_installed() {
  PG_BIN=$(find_pg_bin)
  if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
    apt_install postgresql "the cluster's database (PostgreSQL)"
    PG_BIN=$(find_pg_bin)
    [ -x "$PG_BIN/initdb" ] || fail "PostgreSQL's initdb not found after installing it; set CONVEYOR_CLUSTER_PG_BIN to its bin folder"
  fi
}

postgres_running() { as_db_user "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; }

# psql as the database superuser (the OS user who ran initdb), over the private socket.
# pg_sql <database> <statement>
pg_sql() { as_db_user "$PG_BIN/psql" -h "$PG_SOCKET_DIR" -p "$CONVEYOR_CLUSTER_PG_PORT" -d "$1" -v ON_ERROR_STOP=1 -qtA -c "$2"; }

start_postgres() {
  ensure_postgres_installed
  db_user_dir "$PG_DIR"
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    say "creating the PostgreSQL data folder $PG_DATA"
    # Local socket: trust (the socket folder is the database user's alone); TCP: passwords.
    as_db_user "$PG_BIN/initdb" -D "$PG_DATA" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 ||
      fail "initdb failed: see $PG_DIR/initdb.log"
  fi
  if postgres_running; then
    say "PostgreSQL already running (PID $(head -n 1 "$PG_DATA/postmaster.pid"), port $CONVEYOR_CLUSTER_PG_PORT)"
  else
    as_db_user mkdir -p "$PG_SOCKET_DIR"
    chmod 700 "$PG_SOCKET_DIR"
    # Settings on the command line, not in postgresql.conf: a changed setting applies at the next start.
    as_db_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t "$CONVEYOR_CLUSTER_READY_TIMEOUT" start -o \
      "-p $CONVEYOR_CLUSTER_PG_PORT -c listen_addresses=$CONVEYOR_CLUSTER_PG_HOST -c unix_socket_directories=$PG_SOCKET_DIR -c max_connections=$CONVEYOR_CLUSTER_PG_MAX_CONNECTIONS" \
      >/dev/null || {
      tail -n 20 "$PG_LOG" >&2
      fail "PostgreSQL did not start (log: $PG_LOG)"
    }
    say "started PostgreSQL (PID $(head -n 1 "$PG_DATA/postmaster.pid"), port $CONVEYOR_CLUSTER_PG_PORT, data $PG_DATA)"
  fi
  ensure_databases
}

ensure_databases() {
  local user=$CONVEYOR_CLUSTER_DB_USER password=${CONVEYOR_CLUSTER_DB_PASSWORD//\'/\'\'}
  if [ -z "$(pg_sql postgres "SELECT 1 FROM pg_roles WHERE rolname = '$user'")" ]; then
    pg_sql postgres "CREATE ROLE \"$user\" LOGIN PASSWORD '$password'"
  else
    pg_sql postgres "ALTER ROLE \"$user\" LOGIN PASSWORD '$password'"
  fi
  for db in "$CONVEYOR_CLUSTER_DB_NAME" "$CONVEYOR_CLUSTER_VISIBILITY_DB_NAME"; do
    if [ -z "$(pg_sql postgres "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
      pg_sql postgres "CREATE DATABASE \"$db\" OWNER \"$user\""
      say "created database $db"
    fi
  done
}

# Both schemas, by the same script the Temporal server image runs (deploy/cluster/schema.sh).
ensure_schemas() {
  local log="$CONVEYOR_CLUSTER_DIR/logs/schema.log"
  CONVEYOR_CLUSTER_SCHEMA_TOOL="$SCHEMA_TOOL_BIN" CONVEYOR_CLUSTER_PG_HOST="$CONVEYOR_CLUSTER_PG_HOST" \
    CONVEYOR_CLUSTER_PG_PORT="$CONVEYOR_CLUSTER_PG_PORT" CONVEYOR_CLUSTER_DB_USER="$CONVEYOR_CLUSTER_DB_USER" \
    CONVEYOR_CLUSTER_DB_PASSWORD="$CONVEYOR_CLUSTER_DB_PASSWORD" CONVEYOR_CLUSTER_DB_NAME="$CONVEYOR_CLUSTER_DB_NAME" \
    CONVEYOR_CLUSTER_VISIBILITY_DB_NAME="$CONVEYOR_CLUSTER_VISIBILITY_DB_NAME" \
    bash "$SCRIPT_DIR/schema.sh" >>"$log" 2>&1 ||
    fail "$(tail -n 1 "$log"): see $log"
  say "schemas up to date: $CONVEYOR_CLUSTER_DB_NAME $(schema_version "$CONVEYOR_CLUSTER_DB_NAME"), $CONVEYOR_CLUSTER_VISIBILITY_DB_NAME $(schema_version "$CONVEYOR_CLUSTER_VISIBILITY_DB_NAME")"
}

schema_version() { pg_sql "$1" "SELECT curr_version FROM schema_version" 2>/dev/null || echo "none"; }

# The shard count is part of how the data is laid out: another value on an existing database
# would break it, so the first one is recorded and any other refused.
ensure_shards_unchanged() {
  local recorded="$CONVEYOR_CLUSTER_DIR/history-shards"
  if [ -f "$recorded" ]; then
    [ "$(cat "$recorded")" = "$CONVEYOR_CLUSTER_SHARDS" ] ||
      fail "CONVEYOR_CLUSTER_SHARDS=$CONVEYOR_CLUSTER_SHARDS, but this cluster's database was set up with $(cat "$recorded") shards, which cannot change; use $(cat "$recorded"), or start over with cluster:down -- --delete-data"
  else
    echo "$CONVEYOR_CLUSTER_SHARDS" >"$recorded"
  fi
}

pgbouncer_running() { pid_alive "$PGBOUNCER_PID"; }

start_pgbouncer() {
  command -v pgbouncer >/dev/null || [ -x /usr/sbin/pgbouncer ] || apt_install pgbouncer "cluster:up --pgbouncer"
  local bin
  bin=$(command -v pgbouncer || echo /usr/sbin/pgbouncer)
  if pgbouncer_running; then
    say "PgBouncer already running (PID $(pid_of "$PGBOUNCER_PID"), port $CONVEYOR_CLUSTER_PGBOUNCER_PORT)"
    return 0
  fi
  local target="host=$CONVEYOR_CLUSTER_PG_HOST port=$CONVEYOR_CLUSTER_PG_PORT"
  as_db_user tee "$PGBOUNCER_INI" >/dev/null <<EOF
; Written by deploy/cluster/lib/postgres.sh at each start.
[databases]
$CONVEYOR_CLUSTER_DB_NAME = $target dbname=$CONVEYOR_CLUSTER_DB_NAME
$CONVEYOR_CLUSTER_VISIBILITY_DB_NAME = $target dbname=$CONVEYOR_CLUSTER_VISIBILITY_DB_NAME

[pgbouncer]
listen_addr = $CONVEYOR_CLUSTER_PG_HOST
listen_port = $CONVEYOR_CLUSTER_PGBOUNCER_PORT
unix_socket_dir =
; A server connection goes back to the pool after each transaction: the services' many client
; connections share a few PostgreSQL ones.
pool_mode = transaction
default_pool_size = $CONVEYOR_CLUSTER_PGBOUNCER_POOL_SIZE
max_client_conn = 1000
auth_type = scram-sha-256
auth_file = $PG_DIR/pgbouncer-users.txt
pidfile = $PGBOUNCER_PID
logfile = $PGBOUNCER_LOG
EOF
  printf '"%s" "%s"\n' "$CONVEYOR_CLUSTER_DB_USER" "$CONVEYOR_CLUSTER_DB_PASSWORD" | as_db_user tee "$PG_DIR/pgbouncer-users.txt" >/dev/null
  as_db_user chmod 600 "$PG_DIR/pgbouncer-users.txt"
  # Not running: a PID file left by a killed PgBouncer would pass for this start's.
  rm -f "$PGBOUNCER_PID"
  # Where this start's lines begin in the log, which earlier starts appended to.
  local log_start
  log_start=$(stat -c %s "$PGBOUNCER_LOG" 2>/dev/null || echo 0)
  as_db_user "$bin" -d -q "$PGBOUNCER_INI" || {
    tail -n 20 "$PGBOUNCER_LOG" >&2
    fail "PgBouncer did not start (log: $PGBOUNCER_LOG)"
  }
  # -d returns once PgBouncer has forked; the daemon writes its PID file a moment later (under
  # load, after wait_for_port's first look, which would take the missing file for an exit).
  wait_for_pid_file PgBouncer "$PGBOUNCER_PID" "$PGBOUNCER_LOG" FATAL "$log_start"
  wait_for_port PgBouncer "$CONVEYOR_CLUSTER_PG_HOST" "$CONVEYOR_CLUSTER_PGBOUNCER_PORT" "$PGBOUNCER_PID" "$PGBOUNCER_LOG"
  say "started PgBouncer (PID $(pid_of "$PGBOUNCER_PID"), port $CONVEYOR_CLUSTER_PGBOUNCER_PORT, transaction pooling, $CONVEYOR_CLUSTER_PGBOUNCER_POOL_SIZE server connections per database)"
}

stop_pgbouncer() { [ -f "$PGBOUNCER_PID" ] && stop_pid PgBouncer "$PGBOUNCER_PID" || true; }

stop_postgres() {
  PG_BIN=$(find_pg_bin)
  if [ -n "$PG_BIN" ] && [ -f "$PG_DATA/postmaster.pid" ] && postgres_running; then
    local pid
    pid=$(head -n 1 "$PG_DATA/postmaster.pid")
    as_db_user "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
    say "stopped PostgreSQL (PID $pid)"
  fi
}
