#!/usr/bin/env bash
# What the tests need besides node_modules, shared by `npm test` and .ci/run: Redis answering on
# 127.0.0.1:6379 (started, and installed from Debian's packages, when it does not), and the system tools
# the real-parts tests drive: promtool, prometheus and amtool (test/ops) and a headless Chromium (the
# console's browser test; playwright-core downloads none). A tool that cannot be installed here (no apt, no
# root or sudo) is reported and the run goes on: its tests then fail naming what is missing. Redis cannot be
# done without: that stops the run.
set -euo pipefail

if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else SUDO="unavailable"; fi
apt_updated=""
apt_install() { # packages...
  if [ "$SUDO" = "unavailable" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "cannot install $* here (needs Debian's apt-get and root or sudo): install them yourself" >&2
    return 1
  fi
  if [ -z "$apt_updated" ]; then $SUDO apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

redis_answers() {
  if command -v redis-cli >/dev/null 2>&1; then
    [ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null || true)" = "PONG" ]
  else
    # No redis-cli: speak RESP over bash's /dev/tcp, in a subshell so no redirection outlives the check.
    (
      exec 3<>/dev/tcp/127.0.0.1/6379 || exit 1
      printf 'PING\r\n' >&3
      IFS= read -r -t 2 reply <&3 || exit 1
      [[ "$reply" == +PONG* ]]
    ) 2>/dev/null
  fi
}

if ! redis_answers; then
  if ! command -v redis-server >/dev/null 2>&1; then
    echo "redis-server not installed: installing it from Debian's packages" >&2
    apt_install redis-server || { echo "no Redis at 127.0.0.1:6379 and none can be installed" >&2; exit 1; }
  fi
  mkdir -p /tmp/ci-redis
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp/ci-redis --logfile /tmp/ci-redis/redis.log
  for _ in $(seq 1 50); do redis_answers && break; sleep 0.1; done
  redis_answers || { echo "Redis did not start; see /tmp/ci-redis/redis.log" >&2; exit 1; }
fi

if ! command -v promtool >/dev/null 2>&1 || ! command -v prometheus >/dev/null 2>&1 \
  || ! command -v amtool >/dev/null 2>&1; then
  echo "installing Debian's prometheus and prometheus-alertmanager packages (test/ops)" >&2
  apt_install prometheus prometheus-alertmanager || true
fi

if [ -z "${CHROMIUM_PATH:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "installing Debian's chromium package (the console's browser test)" >&2
  apt_install chromium || true
fi
