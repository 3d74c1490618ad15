#!/usr/bin/env bash
# Brings this machine to the point where the platform can run and be tested: Node dependencies,
# the compose validator, Debian's Chromium (browser tests), PostgreSQL and RabbitMQ running, the
# Temporal binaries, helm and the manifest validator (chart tests) and the web app built.
# Idempotent.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

say() { echo "[setup] $*"; }

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing Node dependencies"
  npm ci --no-audit --no-fund --loglevel=error
fi

apt_install() {
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    say "please install the Debian package(s): $*"; return 0
  fi
  say "installing Debian package(s): $*"
  if [[ ! -f /tmp/.helpdesk-apt-updated ]]; then apt-get update -qq && touch /tmp/.helpdesk-apt-updated; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
command -v docker-compose >/dev/null || apt_install docker-compose
[[ -x /usr/bin/chromium ]] || apt_install chromium
# deploy/tls/make-certs.sh (the Temporal mTLS test makes its certificates with it)
command -v openssl >/dev/null || apt_install openssl

PGHOST="${PGHOST:-127.0.0.1}"; PGPORT="${PGPORT:-5432}"
if ! pg_isready -q -h "$PGHOST" -p "$PGPORT" 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null && [[ -d /etc/postgresql ]]; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
    for _ in $(seq 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 1; done
  fi
  pg_isready -q -h "$PGHOST" -p "$PGPORT" || { echo "PostgreSQL is not reachable at $PGHOST:$PGPORT and is not installed here. Install it or set PGHOST/PGPORT." >&2; exit 1; }
fi

AMQP_HOSTPORT="$(echo "${AMQP_URL:-amqp://guest:guest@127.0.0.1:5672}" | sed -E 's#^amqps?://([^@/]*@)?([^/:]+)(:([0-9]+))?.*#\2 \4#')"
read -r AMQP_HOST AMQP_PORT <<<"$AMQP_HOSTPORT"; AMQP_PORT="${AMQP_PORT:-5672}"
amqp_up() { (exec 3<>"/dev/tcp/$AMQP_HOST/$AMQP_PORT") 2>/dev/null; }
if ! amqp_up; then
  if command -v rabbitmq-server >/dev/null; then
    say "starting RabbitMQ"
    rabbitmq-server -detached
    for _ in $(seq 60); do amqp_up && break; sleep 1; done
  fi
  amqp_up || { echo "RabbitMQ is not reachable at $AMQP_HOST:$AMQP_PORT and is not installed here. Install it or set AMQP_URL." >&2; exit 1; }
fi

bash infra/scripts/build-temporal.sh
bash infra/scripts/build-deploy-tools.sh
bash infra/scripts/build-web.sh
