#!/bin/sh
# Starts one Temporal service in a container: the config template with CONVEYOR_CLUSTER_HOST the
# container's own address (unless the platform gives it, as Kubernetes does with the pod IP), for
# platforms whose start command is one line (render.yaml's dockerCommand).
#
#   start-service.sh history|matching|frontend|worker
set -eu
case ${1:-} in
  history | matching | frontend | worker) ;;
  *)
    echo "usage: start-service.sh history|matching|frontend|worker" >&2
    exit 2
    ;;
esac
CONVEYOR_CLUSTER_HOST=${CONVEYOR_CLUSTER_HOST:-$(hostname -i | cut -d ' ' -f 1)}
export CONVEYOR_CLUSTER_HOST
exec server --config-file /etc/temporal/temporal.yaml --allow-no-auth start --service "$1"
