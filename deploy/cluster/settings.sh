# Every setting of the local cluster, with its default. Sourced by cluster.sh; each one can be
# overridden from the environment (CONVEYOR_CLUSTER_FRONTEND_PORT=17233 npm run cluster:up).
# Everything listens on loopback unless CONVEYOR_CLUSTER_HOST says otherwise.

# The pinned server: v1.32.2 needs a newer Go than Debian 12's toolchain offers.
TEMPORAL_SERVER_VERSION=v1.32.1

CONVEYOR_DATA_DIR=${CONVEYOR_DATA_DIR:-./.conveyor}
# The built server and schema tool, reused by every later run.
: "${CONVEYOR_CLUSTER_TOOLS_DIR:=$CONVEYOR_DATA_DIR/tools/temporal-server-${TEMPORAL_SERVER_VERSION#v}}"
# Databases, logs, PID files: kept between runs (cluster:down -- --delete-data removes them).
: "${CONVEYOR_CLUSTER_DIR:=$CONVEYOR_DATA_DIR/cluster}"
# Parallel compile jobs of the one-time build (1 halves its peak memory, about 2.6 GB with 2).
: "${CONVEYOR_CLUSTER_BUILD_JOBS:=2}"

: "${CONVEYOR_CLUSTER_HOST:=127.0.0.1}"
: "${CONVEYOR_CLUSTER_FRONTEND_PORT:=7233}"
: "${CONVEYOR_CLUSTER_FRONTEND_HTTP_PORT:=7243}"
: "${CONVEYOR_CLUSTER_HISTORY_PORT:=7234}"
: "${CONVEYOR_CLUSTER_MATCHING_PORT:=7235}"
: "${CONVEYOR_CLUSTER_WORKER_PORT:=7239}"
# Ringpop membership: how the four services find each other.
: "${CONVEYOR_CLUSTER_FRONTEND_MEMBERSHIP_PORT:=6933}"
: "${CONVEYOR_CLUSTER_HISTORY_MEMBERSHIP_PORT:=6934}"
: "${CONVEYOR_CLUSTER_MATCHING_MEMBERSHIP_PORT:=6935}"
: "${CONVEYOR_CLUSTER_WORKER_MEMBERSHIP_PORT:=6939}"
# Prometheus metrics, one port per process (the config holds one listen address: a template value).
: "${CONVEYOR_CLUSTER_FRONTEND_METRICS_PORT:=9091}"
: "${CONVEYOR_CLUSTER_HISTORY_METRICS_PORT:=9092}"
: "${CONVEYOR_CLUSTER_MATCHING_METRICS_PORT:=9093}"
: "${CONVEYOR_CLUSTER_WORKER_METRICS_PORT:=9094}"
: "${CONVEYOR_CLUSTER_LOG_LEVEL:=info}"
# Where the other services and Temporal's own worker reach the frontend. One host here; where each
# service has a host of its own (containers, pods) it is the frontend's service name, and
# CONVEYOR_CLUSTER_HOST is each process's own address (deploy/compose.yaml, the Helm chart).
: "${CONVEYOR_CLUSTER_FRONTEND_ADDRESS:=$CONVEYOR_CLUSTER_HOST:$CONVEYOR_CLUSTER_FRONTEND_PORT}"
: "${CONVEYOR_CLUSTER_FRONTEND_HTTP_ADDRESS:=$CONVEYOR_CLUSTER_HOST:$CONVEYOR_CLUSTER_FRONTEND_HTTP_PORT}"

# History shards: fixed once the database is set up (cluster.sh refuses another value later).
: "${CONVEYOR_CLUSTER_SHARDS:=4}"
: "${TEMPORAL_NAMESPACE:=default}"
: "${CONVEYOR_CLUSTER_RETENTION:=72h}"

# PostgreSQL from Debian's packages, on its own port and data folder.
: "${CONVEYOR_CLUSTER_PG_BIN:=}"
: "${CONVEYOR_CLUSTER_PG_HOST:=127.0.0.1}"
: "${CONVEYOR_CLUSTER_PG_PORT:=5433}"
# PostgreSQL (and PgBouncer) refuse to run as root: when started by root they run as this user.
: "${CONVEYOR_CLUSTER_PG_OS_USER:=postgres}"
# Each service opens up to SQL_MAX_CONNS + SQL_VIS_MAX_CONNS connections: 4 x (20 + 5) = 100,
# which is PostgreSQL's default max_connections with nothing left for anyone else.
: "${CONVEYOR_CLUSTER_PG_MAX_CONNECTIONS:=150}"
: "${CONVEYOR_CLUSTER_SQL_MAX_CONNS:=20}"
: "${CONVEYOR_CLUSTER_SQL_VIS_MAX_CONNS:=5}"
: "${CONVEYOR_CLUSTER_DB_USER:=temporal}"
: "${CONVEYOR_CLUSTER_DB_PASSWORD:=temporal}"
: "${CONVEYOR_CLUSTER_DB_NAME:=temporal}"
: "${CONVEYOR_CLUSTER_VISIBILITY_DB_NAME:=temporal_visibility}"

# PgBouncer (cluster:up -- --pgbouncer), transaction pooling.
: "${CONVEYOR_CLUSTER_PGBOUNCER_PORT:=6433}"
# Server connections per database: what PostgreSQL sees, however many clients PgBouncer holds.
: "${CONVEYOR_CLUSTER_PGBOUNCER_POOL_SIZE:=20}"

# Visibility (what lists, filters, counts and search attributes read): postgresql, the visibility
# database beside the main one; or elasticsearch (cluster:up -- --elasticsearch sets it), an index
# in Elasticsearch. The config template renders PostgreSQL's unless this says elasticsearch.
: "${CONVEYOR_CLUSTER_VISIBILITY_STORE:=postgresql}"
# Where the services and the index step reach Elasticsearch, the index, and the user and password
# (none on cluster:up's loopback node, which runs without security).
: "${CONVEYOR_CLUSTER_ES_HOST:=127.0.0.1}"
: "${CONVEYOR_CLUSTER_ES_PORT:=9201}"
: "${CONVEYOR_CLUSTER_ES_URL:=http://$CONVEYOR_CLUSTER_ES_HOST:$CONVEYOR_CLUSTER_ES_PORT}"
: "${CONVEYOR_CLUSTER_ES_INDEX:=temporal_visibility_v1}"
: "${CONVEYOR_CLUSTER_ES_USER:=}"
: "${CONVEYOR_CLUSTER_ES_PASSWORD:=}"
# cluster:up's own Elasticsearch node (lib/elasticsearch.sh): Maven Central's integ-test-zip of this
# version (7.17.x: the newest line whose mapper-extras module, which Temporal's index template
# needs for scaled_float, Maven Central also serves), on its own ports and data folder, as a user
# that is not root (Elasticsearch refuses root), on a small heap, with Java from
# CONVEYOR_CLUSTER_ES_JAVA_HOME (default: the `java` on PATH; it needs 11 or newer).
ELASTICSEARCH_VERSION=7.17.29
ELASTICSEARCH_ZIP_SHA512=24abc37b17b5709c41fba542d0cfb052bc41622326fed2183a67707db3cbd46e8469885ecb48c67265d48427be41f9389efff7db99d367b3b6151c65cd64aa43
ELASTICSEARCH_MAPPER_EXTRAS_SHA512=6d7e0086629097a8ef4a592d64428976c8fc846a64dea367bbd390758f394433a4e6c3ce2e45d18e30388cb904b381b2e6d2996287d1f278b18aead28f18c777
: "${CONVEYOR_CLUSTER_ES_HOME:=$CONVEYOR_DATA_DIR/tools/elasticsearch-$ELASTICSEARCH_VERSION}"
: "${CONVEYOR_CLUSTER_ES_TRANSPORT_PORT:=9301}"
: "${CONVEYOR_CLUSTER_ES_HEAP:=512m}"
: "${CONVEYOR_CLUSTER_ES_JAVA_HOME:=}"
: "${CONVEYOR_CLUSTER_ES_OS_USER:=elasticsearch}"

# How long cluster:up waits for each service and for the frontend's first answer, in seconds.
: "${CONVEYOR_CLUSTER_READY_TIMEOUT:=90}"
