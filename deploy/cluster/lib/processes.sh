# Process bookkeeping shared by the cluster scripts: PID files, ports, running as the database user.

say() { echo "cluster: $*"; }
fail() {
  echo "cluster: $*" >&2
  exit 1
}

# True when the PID file names a live process (a zombie left for a parent that does not reap it
# counts as gone: kill -0 alone would call it alive).
pid_alive() {
  local pid
  # The file may go between a test and a read (Elasticsearch removes its own as it stops).
  pid=$(cat "$1" 2>/dev/null) || return 1
  process_alive "$pid"
}

process_alive() {
  local pid=$1 state
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 1
  [ "$state" != Z ]
}

pid_of() { cat "$1" 2>/dev/null || true; }

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# wait_for_pid_file <what> <pid file> <output file> <error pattern> [<from byte>]: until a daemon
# that has forked writes its PID file. Fails at once when its output (from that byte on, for a log
# earlier starts appended to) matches the pattern, a start error; or after the ready timeout.
wait_for_pid_file() {
  local what=$1 pid_file=$2 output=$3 pattern=$4 from=${5:-0}
  local deadline=$((SECONDS + CONVEYOR_CLUSTER_READY_TIMEOUT))
  until [ -s "$pid_file" ]; do
    # grep reads it all (no -q): an early exit would SIGPIPE tail and, with pipefail, fail the test.
    if tail -c +$((from + 1)) "$output" 2>/dev/null | grep -E "$pattern" >/dev/null; then
      tail -n 20 "$output" >&2
      fail "$what exited at start (output: $output)"
    fi
    [ $SECONDS -ge $deadline ] && fail "$what wrote no PID file within $CONVEYOR_CLUSTER_READY_TIMEOUT s (output: $output)"
    sleep 0.2
  done
}

# wait_for_port <what> <host> <port> <pid file> <log file>: until the port accepts connections;
# fails at once, quoting the log, when the process exits first.
wait_for_port() {
  local what=$1 host=$2 port=$3 pid_file=$4 log_file=$5
  local deadline=$((SECONDS + CONVEYOR_CLUSTER_READY_TIMEOUT))
  until port_open "$host" "$port"; do
    if ! pid_alive "$pid_file"; then
      tail -n 20 "$log_file" >&2 || true
      fail "$what exited before listening on $host:$port (log: $log_file)"
    fi
    if [ $SECONDS -ge $deadline ]; then
      tail -n 20 "$log_file" >&2 || true
      fail "$what did not listen on $host:$port within ${CONVEYOR_CLUSTER_READY_TIMEOUT} s (log: $log_file)"
    fi
    sleep 0.2
  done
}

# stop_pid <what> <pid file>: SIGTERM, then SIGKILL after 20 s.
stop_pid() {
  local what=$1 pid_file=$2 pid
  if ! pid_alive "$pid_file"; then
    rm -f "$pid_file"
    return 0
  fi
  pid=$(pid_of "$pid_file")
  kill -TERM "$pid"
  # The process, not its file: a process may remove its PID file before it has exited.
  for _ in $(seq 100); do
    process_alive "$pid" || break
    sleep 0.2
  done
  if process_alive "$pid"; then
    say "$what did not stop within 20 s: SIGKILL"
    kill -KILL "$pid"
  fi
  rm -f "$pid_file"
  say "stopped $what (PID $pid)"
}

# PostgreSQL, PgBouncer and Elasticsearch refuse to run as root: root runs them as another user.
# as_os_user <user> <command...>
as_os_user() {
  local user=$1
  shift
  if [ "$(id -u)" = 0 ]; then
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

# os_user_dir <user setting> <what needs it> <folder>: a folder the user that setting names owns
# (root creates it, then hands it over).
os_user_dir() {
  local setting=$1 what=$2 dir=$3
  local user=${!setting}
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    id "$user" >/dev/null 2>&1 ||
      fail "$what refuses to run as root and there is no user \"$user\" to run it as: create one, or set $setting"
    chown "$user" "$dir"
    # The user must be able to reach the folder through every parent.
    runuser -u "$user" -- test -w "$dir" ||
      fail "user $user cannot reach $dir (a parent folder closed to other users?): set CONVEYOR_CLUSTER_DIR to a folder it can reach"
  fi
}

as_db_user() { as_os_user "$CONVEYOR_CLUSTER_PG_OS_USER" "$@"; }
db_user_dir() { os_user_dir CONVEYOR_CLUSTER_PG_OS_USER PostgreSQL "$1"; }
