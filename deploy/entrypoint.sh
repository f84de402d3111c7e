#!/bin/sh
# The Conveyor image's entrypoint: the container's command picks what it runs.
#
#   api                                     conveyor api (the Task API and the dashboard, port 8000)
#   worker [--queues a,b] [--concurrency n] conveyor worker start ... (without --queues:
#                                           CONVEYOR_WORKER_QUEUES, else every queue)
#   all                                     conveyor dev --no-watch: a worker on every queue and the
#                                           API in one container (with TEMPORAL_ADDRESS, no dev server)
#
# Anything else is a usage error (exit 2). `exec`: the conveyor process replaces this shell, so
# the container's stop signal (SIGTERM) reaches it and its workers drain.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
# /app/bin/conveyor.js in the image: it runs the compiled dist/ (the image has no src/).
conveyor="$here/../bin/conveyor.js"

usage() {
  cat <<'USAGE'
usage: <image> api | worker [--queues a,b] [--concurrency n] | all
  api      the Task API and the dashboard (CONVEYOR_API_PORT, 8000)
  worker   a worker on the given queues (worker health on CONVEYOR_WORKER_HEALTH_PORT, 8081)
  all      a worker on every queue and the API in one container
Every command needs TEMPORAL_ADDRESS: the image runs no Temporal server of its own.
USAGE
}

# A platform whose start command replaces CMD but keeps ENTRYPOINT (render.yaml's dockerCommand,
# written in full as /app/deploy/entrypoint.sh api) passes this script's own path first.
if [ "${1:-}" = "$0" ] || [ "${1:-}" = /app/deploy/entrypoint.sh ]; then shift; fi

command=${1:-}
[ $# -gt 0 ] && shift
case $command in
  -h | --help | help)
    usage
    exit 0
    ;;
  api | worker | all) ;;
  '')
    echo "conveyor image: no command given" >&2
    usage >&2
    exit 2
    ;;
  *)
    echo "conveyor image: unknown command \"$command\"" >&2
    usage >&2
    exit 2
    ;;
esac

if [ -z "${TEMPORAL_ADDRESS:-}" ]; then
  echo "conveyor image: TEMPORAL_ADDRESS is not set; the image runs no Temporal server, so point it at one (e.g. TEMPORAL_ADDRESS=temporal-frontend:7233)" >&2
  exit 2
fi

case $command in
  api) exec node "$conveyor" api "$@" ;;
  worker) exec node "$conveyor" worker start "$@" ;;
  all) exec node "$conveyor" dev --no-watch "$@" ;;
esac
