#!/usr/bin/env bash
# Elasticsearch visibility's index, set up when missing and brought up to date: the step
# `cluster:up -- --elasticsearch` runs (cluster.sh) and the Temporal server image runs as a one-shot
# job (compose's temporal-elasticsearch-schema service), so both get the very same steps. The steps
# are those of the tool Temporal ships for it, built from the pinned server's Go module
# (go.temporal.io/server/cmd/tools/elasticsearch, named temporal-elasticsearch-tool as in Temporal's
# admin-tools image), with this server version's index template embedded in it:
#
#   1. setup-schema: the cluster setting action.auto_create_index=false and the index template;
#   2. create-index: the visibility index, when missing;
#   3. update-schema --index: the template again and its mappings onto the index, so an index made
#      by an older server gets the fields a newer one writes.
#
#   elasticsearch-schema.sh
#
# Settings (defaults in settings.sh): CONVEYOR_CLUSTER_ES_URL, CONVEYOR_CLUSTER_ES_INDEX,
# CONVEYOR_CLUSTER_ES_USER, CONVEYOR_CLUSTER_ES_PASSWORD; CONVEYOR_CLUSTER_ES_TOOL, the tool
# (default `temporal-elasticsearch-tool` on PATH); CONVEYOR_CLUSTER_READY_TIMEOUT, how long to wait
# for Elasticsearch to answer (a container may start before it). Exit 1 naming the step that
# failed, its output above.
set -euo pipefail

# Resolved through the symlink the server image runs it by (/usr/local/bin/elasticsearch-schema.sh).
SCRIPT_DIR=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
# shellcheck source=settings.sh
source "$SCRIPT_DIR/settings.sh"
: "${CONVEYOR_CLUSTER_ES_TOOL:=temporal-elasticsearch-tool}"

# The tool reads these itself: the password never on its command line (ps would show it).
export ES_SERVER="$CONVEYOR_CLUSTER_ES_URL" ES_USER="$CONVEYOR_CLUSTER_ES_USER" ES_PWD="$CONVEYOR_CLUSTER_ES_PASSWORD"

deadline=$((SECONDS + CONVEYOR_CLUSTER_READY_TIMEOUT))
until output=$("$CONVEYOR_CLUSTER_ES_TOOL" ping 2>&1); do
  if [ $SECONDS -ge $deadline ]; then
    echo "$output" >&2
    echo "elasticsearch-schema: no answer from $CONVEYOR_CLUSTER_ES_URL within $CONVEYOR_CLUSTER_READY_TIMEOUT s" >&2
    exit 1
  fi
  sleep 1
done

for step in "setup-schema" "create-index --index $CONVEYOR_CLUSTER_ES_INDEX" "update-schema --index $CONVEYOR_CLUSTER_ES_INDEX"; do
  # shellcheck disable=SC2086 # $step is several words on purpose
  "$CONVEYOR_CLUSTER_ES_TOOL" $step || {
    echo "elasticsearch-schema: the tool failed on index $CONVEYOR_CLUSTER_ES_INDEX ($step)" >&2
    exit 1
  }
done
echo "elasticsearch-schema: index $CONVEYOR_CLUSTER_ES_INDEX up to date at $CONVEYOR_CLUSTER_ES_URL"
