# Elasticsearch for visibility (cluster:up -- --elasticsearch): one node on loopback, on its own
# ports and data folder, and its index set up by elasticsearch-schema.sh.
#
# The node is Maven Central's integ-test-zip (fetched with mvn, so a mirror in ~/.m2/settings.xml
# applies): Elasticsearch with only the modules its own tests need. Temporal's index template also
# needs mapper-extras (scaled_float, for the Double search attributes), which that zip leaves out;
# Maven Central serves that module's jar up to 7.17.29, which is why this is the 7.17 line. Both
# files are checked against the SHA-512 sums pinned in settings.sh.

ES_DIR="$CONVEYOR_CLUSTER_DIR/elasticsearch"
ES_DATA="$ES_DIR/data"
ES_PID="$ES_DIR/elasticsearch.pid"
# Startup errors that come before its own log (a bad setting, no Java); its log is in logs/.
ES_OUT="$ES_DIR/elasticsearch.out"
ES_LOG="$ES_DIR/logs/conveyor-cluster.log"

es_running() { pid_alive "$ES_PID"; }

# mvn_fetch <group:artifact:version:type> <folder>: one artifact, from the user's Maven repositories.
mvn_fetch() {
  mvn -B -q -Dstyle.color=never org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact="$1" -DoutputDirectory="$2" ||
    fail "mvn could not fetch $1 (above)"
}

# check_sha512 <file> <expected>
check_sha512() {
  [ "$(sha512sum "$1" | cut -d ' ' -f 1)" = "$2" ] ||
    fail "$1 does not have the SHA-512 pinned in settings.sh: not using it"
}

ensure_elasticsearch_installed() {
  ES_HOME=$(mkdir -p "$(dirname "$CONVEYOR_CLUSTER_ES_HOME")" && cd "$(dirname "$CONVEYOR_CLUSTER_ES_HOME")" && pwd)/$(basename "$CONVEYOR_CLUSTER_ES_HOME")
  [ -f "$ES_HOME/modules/mapper-extras/plugin-descriptor.properties" ] && return 0
  command -v mvn >/dev/null || apt_install maven "cluster:up --elasticsearch (to fetch Elasticsearch)"
  command -v unzip >/dev/null || apt_install unzip "cluster:up --elasticsearch (to unpack Elasticsearch)"
  say "fetching Elasticsearch $ELASTICSEARCH_VERSION and its mapper-extras module into $ES_HOME (once)"
  local download="$ES_HOME.download"
  rm -rf "$download" "$ES_HOME"
  mkdir -p "$download"
  mvn_fetch "org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ELASTICSEARCH_VERSION:zip" "$download"
  mvn_fetch "org.elasticsearch.plugin:mapper-extras-client:$ELASTICSEARCH_VERSION:jar" "$download"
  check_sha512 "$download/elasticsearch-$ELASTICSEARCH_VERSION.zip" "$ELASTICSEARCH_ZIP_SHA512"
  check_sha512 "$download/mapper-extras-client-$ELASTICSEARCH_VERSION.jar" "$ELASTICSEARCH_MAPPER_EXTRAS_SHA512"
  unzip -q "$download/elasticsearch-$ELASTICSEARCH_VERSION.zip" -d "$download"
  local module="$download/elasticsearch-$ELASTICSEARCH_VERSION/modules/mapper-extras"
  mkdir -p "$module"
  cp "$download/mapper-extras-client-$ELASTICSEARCH_VERSION.jar" "$module/"
  # The descriptor the full distribution's module has (modules/mapper-extras/build.gradle).
  cat >"$module/plugin-descriptor.properties" <<EOF
description=Adds advanced field mappers
version=$ELASTICSEARCH_VERSION
name=mapper-extras
classname=org.elasticsearch.index.mapper.MapperExtrasPlugin
java.version=1.8
elasticsearch.version=$ELASTICSEARCH_VERSION
extended.plugins=
has.native.controller=false
type=isolated
EOF
  # The zip's config files are for its own group only: readable by all here, the node's user included.
  chmod -R go+rX,go-w "$download/elasticsearch-$ELASTICSEARCH_VERSION"
  mv "$download/elasticsearch-$ELASTICSEARCH_VERSION" "$ES_HOME"
  rm -rf "$download"
  say "installed Elasticsearch $ELASTICSEARCH_VERSION in $ES_HOME"
}

# The JDK Elasticsearch runs on: CONVEYOR_CLUSTER_ES_JAVA_HOME, else the one `java` on PATH belongs to.
es_java_home() {
  if [ -n "$CONVEYOR_CLUSTER_ES_JAVA_HOME" ]; then
    echo "$CONVEYOR_CLUSTER_ES_JAVA_HOME"
  elif command -v java >/dev/null; then
    dirname "$(dirname "$(readlink -f "$(command -v java)")")"
  else
    fail "Elasticsearch needs Java 11 or newer: apt-get install openjdk-17-jre-headless, or set CONVEYOR_CLUSTER_ES_JAVA_HOME"
  fi
}

ensure_es_os_user() {
  [ "$(id -u)" = 0 ] || return 0
  id "$CONVEYOR_CLUSTER_ES_OS_USER" >/dev/null 2>&1 && return 0
  say "creating the system user $CONVEYOR_CLUSTER_ES_OS_USER to run Elasticsearch (it refuses root)"
  useradd --system --no-create-home --shell /usr/sbin/nologin "$CONVEYOR_CLUSTER_ES_OS_USER" ||
    fail "could not create the user $CONVEYOR_CLUSTER_ES_OS_USER; create one, or set CONVEYOR_CLUSTER_ES_OS_USER"
}

as_es_user() { as_os_user "$CONVEYOR_CLUSTER_ES_OS_USER" "$@"; }

start_elasticsearch() {
  ensure_elasticsearch_installed
  ensure_es_os_user
  if es_running; then
    say "Elasticsearch already running (PID $(pid_of "$ES_PID"), port $CONVEYOR_CLUSTER_ES_PORT)"
    return 0
  fi
  port_open "$CONVEYOR_CLUSTER_ES_HOST" "$CONVEYOR_CLUSTER_ES_PORT" &&
    fail "cannot start Elasticsearch: $CONVEYOR_CLUSTER_ES_HOST:$CONVEYOR_CLUSTER_ES_PORT is taken by another process; set CONVEYOR_CLUSTER_ES_PORT"
  os_user_dir CONVEYOR_CLUSTER_ES_OS_USER Elasticsearch "$ES_DIR"
  as_es_user test -r "$ES_HOME/bin/elasticsearch" ||
    fail "user $CONVEYOR_CLUSTER_ES_OS_USER cannot read $ES_HOME (a parent folder closed to other users?): set CONVEYOR_CLUSTER_ES_HOME to a folder it can reach"
  # Its own config folder, written by the node (its keystore), beside its data. jvm.options names
  # the GC log, heap dumps and crash files relative to the folder the launcher runs in, which is
  # the installation's (read-only here): they go to the node's own folder instead.
  if [ ! -f "$ES_DIR/config/jvm.options" ]; then
    as_es_user cp -r "$ES_HOME/config/." "$ES_DIR/config"
    as_es_user sed -i -e "s#file=logs/gc.log#file=$ES_DIR/logs/gc.log#" -e "s#HeapDumpPath=data#HeapDumpPath=$ES_DIR/data#" \
      -e "s#ErrorFile=logs/#ErrorFile=$ES_DIR/logs/#" "$ES_DIR/config/jvm.options"
  fi
  as_es_user mkdir -p "$ES_DATA" "$ES_DIR/logs" "$ES_DIR/tmp"
  rm -f "$ES_PID"
  local java_home
  java_home=$(es_java_home)
  # Settings on the command line, not in elasticsearch.yml: a changed setting applies at the next
  # start. One node on loopback, so no discovery and no security (nothing but this machine reaches
  # it; Elasticsearch's bootstrap checks apply only off loopback). Disk watermarks in bytes: the
  # default percentages would turn the index read-only on a large, mostly full disk.
  (cd "$ES_DIR" && as_es_user env ES_JAVA_HOME="$java_home" ES_PATH_CONF="$ES_DIR/config" ES_TMPDIR="$ES_DIR/tmp" \
    ES_JAVA_OPTS="-Xms$CONVEYOR_CLUSTER_ES_HEAP -Xmx$CONVEYOR_CLUSTER_ES_HEAP" \
    setsid -w "$ES_HOME/bin/elasticsearch" -d -p "$ES_PID" \
    -E cluster.name=conveyor-cluster -E node.name=conveyor -E discovery.type=single-node \
    -E network.host="$CONVEYOR_CLUSTER_ES_HOST" -E http.port="$CONVEYOR_CLUSTER_ES_PORT" \
    -E transport.port="$CONVEYOR_CLUSTER_ES_TRANSPORT_PORT" \
    -E path.data="$ES_DATA" -E path.logs="$ES_DIR/logs" -E xpack.security.enabled=false \
    -E cluster.routing.allocation.disk.watermark.low=1gb -E cluster.routing.allocation.disk.watermark.high=512mb \
    -E cluster.routing.allocation.disk.watermark.flood_stage=256mb \
    >"$ES_OUT" 2>&1) || {
    tail -n 20 "$ES_OUT" >&2
    fail "Elasticsearch did not start (output: $ES_OUT)"
  }
  # The node writes its PID file early in its start, then opens its HTTP port. Before the PID
  # file, a failure (a bad setting or JVM option) shows only in the launcher's output.
  wait_for_pid_file Elasticsearch "$ES_PID" "$ES_OUT" '^(ERROR|Exception)|Error: '
  wait_for_port Elasticsearch "$CONVEYOR_CLUSTER_ES_HOST" "$CONVEYOR_CLUSTER_ES_PORT" "$ES_PID" "$ES_LOG"
  say "started Elasticsearch $ELASTICSEARCH_VERSION (PID $(pid_of "$ES_PID"), port $CONVEYOR_CLUSTER_ES_PORT, data $ES_DATA, heap $CONVEYOR_CLUSTER_ES_HEAP)"
}

# The index, by the same script the Temporal server image runs (deploy/cluster/elasticsearch-schema.sh).
ensure_es_index() {
  local log="$CONVEYOR_CLUSTER_DIR/logs/elasticsearch-schema.log"
  CONVEYOR_CLUSTER_ES_TOOL="$ES_TOOL_BIN" CONVEYOR_CLUSTER_ES_URL="$CONVEYOR_CLUSTER_ES_URL" \
    CONVEYOR_CLUSTER_ES_INDEX="$CONVEYOR_CLUSTER_ES_INDEX" CONVEYOR_CLUSTER_ES_USER="$CONVEYOR_CLUSTER_ES_USER" \
    CONVEYOR_CLUSTER_ES_PASSWORD="$CONVEYOR_CLUSTER_ES_PASSWORD" CONVEYOR_CLUSTER_READY_TIMEOUT="$CONVEYOR_CLUSTER_READY_TIMEOUT" \
    bash "$SCRIPT_DIR/elasticsearch-schema.sh" >>"$log" 2>&1 ||
    fail "$(tail -n 1 "$log"): see $log"
  say "$(tail -n 1 "$log" | sed 's/^elasticsearch-schema: //')"
}

stop_elasticsearch() { [ -f "$ES_PID" ] && stop_pid Elasticsearch "$ES_PID" || true; }

# The visibility documents in the index (one per workflow execution), or ? when it does not answer.
es_document_count() {
  local credentials=''
  [ -n "$CONVEYOR_CLUSTER_ES_USER" ] && credentials=$(printf 'user = "%s:%s"' "$CONVEYOR_CLUSTER_ES_USER" "$CONVEYOR_CLUSTER_ES_PASSWORD")
  # The credentials reach curl on its standard input, never its command line.
  echo "$credentials" | curl -sf --max-time 5 -K - "$CONVEYOR_CLUSTER_ES_URL/_cat/count/$CONVEYOR_CLUSTER_ES_INDEX?h=count" 2>/dev/null | tr -d '[:space:]' ||
    echo '?'
}
