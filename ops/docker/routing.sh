#!/bin/sh
# The image's entrypoint (under tini): `routing <app>` runs one app of the platform as PID 2 with exec, so
# SIGTERM reaches Node directly and the app's own shutdown (drain, close, exit) runs.
set -eu

app="${1:-help}"
[ "$#" -gt 0 ] && shift
case "$app" in
  ingester | worker | dashboard)
    exec node --enable-source-maps "/app/${app}/dist/main.js" "$@"
    ;;
  emulator | genesys-emulator)
    exec node --enable-source-maps /app/genesys-emulator/dist/main.js "$@"
    ;;
  healthcheck)
    exec node /app/healthcheck.mjs "$@"
    ;;
  help | --help | -h)
    echo "usage: docker run IMAGE ingester | worker | dashboard | emulator" >&2
    echo "  the apps read their configuration from the environment (see README.md, Configuration)" >&2
    exit 0
    ;;
  *)
    echo "routing: unknown app '${app}' (ingester, worker, dashboard, emulator)" >&2
    exit 64
    ;;
esac
