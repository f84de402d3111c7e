#!/usr/bin/env bash
# The namespace step for a cluster in containers: waits until the frontend answers, creates the
# namespace when missing and registers Conveyor's search attributes in it, with the `temporal`
# CLI. The Temporal server image runs it (compose's temporal-namespace service, the Helm chart's
# Job); cluster:up does the same from Node (register-namespace.ts, with Conveyor's own code).
#
#   namespace.sh
#
# Settings: TEMPORAL_ADDRESS (the frontend, host:port; required), TEMPORAL_NAMESPACE (default),
# CONVEYOR_CLUSTER_RETENTION (72h), CONVEYOR_CLUSTER_READY_TIMEOUT (seconds, 90),
# CONVEYOR_TEMPORAL_CLI (the CLI; default `temporal` on PATH).
set -euo pipefail

: "${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS must name the frontend, e.g. temporal-frontend:7233}"
: "${TEMPORAL_NAMESPACE:=default}"
: "${CONVEYOR_CLUSTER_RETENTION:=72h}"
: "${CONVEYOR_CLUSTER_READY_TIMEOUT:=90}"
: "${CONVEYOR_TEMPORAL_CLI:=temporal}"

# Conveyor's search attributes, as src/contract/search-attributes.ts lists them (a test compares).
SEARCH_ATTRIBUTES=(ConveyorTaskName:Keyword ConveyorQueue:Keyword ConveyorSubmitter:Keyword ConveyorStarted:Bool ConveyorReversedTaskId:Keyword ConveyorFairnessKey:Keyword ConveyorFailureType:Keyword)

cli() { "$CONVEYOR_TEMPORAL_CLI" "$@" --address "$TEMPORAL_ADDRESS"; }

# retry <what> <command...>: until it succeeds or the timeout passes (then its last output).
retry() {
  local what=$1 deadline=$((SECONDS + CONVEYOR_CLUSTER_READY_TIMEOUT)) output
  shift
  until output=$("$@" 2>&1); do
    if [ $SECONDS -ge $deadline ]; then
      echo "$output" >&2
      echo "namespace: $what: no success within $CONVEYOR_CLUSTER_READY_TIMEOUT s" >&2
      exit 1
    fi
    sleep 1
  done
}

retry "the frontend at $TEMPORAL_ADDRESS" cli operator cluster health
if ! cli operator namespace describe --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1; then
  # Another run may create it at the same moment: "already exists" is fine.
  output=$(cli operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention "$CONVEYOR_CLUSTER_RETENTION" 2>&1) ||
    grep -qi 'already' <<<"$output" || {
    echo "$output" >&2
    exit 1
  }
  echo "namespace: created $TEMPORAL_NAMESPACE (retention $CONVEYOR_CLUSTER_RETENTION)"
fi
# A new namespace is found only after the frontends' namespace caches refresh (every 2 s).
retry "namespace $TEMPORAL_NAMESPACE to be found" cli operator search-attribute list --namespace "$TEMPORAL_NAMESPACE"
registered=$(cli operator search-attribute list --namespace "$TEMPORAL_NAMESPACE" --output json)
added=no
for attribute in "${SEARCH_ATTRIBUTES[@]}"; do
  name=${attribute%%:*}
  grep -q "\"$name\"" <<<"$registered" && continue
  retry "search attribute $name" cli operator search-attribute create --namespace "$TEMPORAL_NAMESPACE" --name "$name" --type "${attribute#*:}"
  echo "namespace: registered search attribute $name (${attribute#*:})"
  added=yes
done
if [ "$added" = yes ]; then
  # Ready means a task can start at once, and until each service has re-read the attributes a
  # start carrying them is refused. On SQL visibility they live in the namespace, re-read every
  # 2 s; on Elasticsearch in the cluster's metadata, which each service re-reads on use once its
  # copy is 60 s old (register-namespace.ts, which cluster:up runs, waits the same way).
  # Read whole before grep: grep -q stops at the match, and the CLI's SIGPIPE would fail the pipe.
  cluster=$(cli operator cluster describe --output json)
  if grep -q '"visibilityStore": *"[^"]*elasticsearch' <<<"$cluster"; then
    echo "namespace: waiting 65 s for every service to see the new search attributes (Elasticsearch visibility: each caches them for 60 s)"
    sleep 65
  else
    sleep 3
  fi
  # A query naming every attribute: accepted once the frontend knows them all; it leaves nothing behind.
  query=''
  for attribute in "${SEARCH_ATTRIBUTES[@]}"; do
    value="'ready'"
    [ "${attribute#*:}" = Bool ] && value=true
    query="$query${query:+ AND }${attribute%%:*} = $value"
  done
  retry "the frontend to accept queries on Conveyor's search attributes" \
    cli workflow count --namespace "$TEMPORAL_NAMESPACE" --query "$query"
fi
echo "namespace: $TEMPORAL_NAMESPACE ready at $TEMPORAL_ADDRESS"
