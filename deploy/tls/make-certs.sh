#!/usr/bin/env bash
# A private CA and the certificates of Temporal's mTLS in the production shapes, with openssl:
#   <out>/server/    server.pem, server.key   temporal-server: frontend and internode (server and
#                                             client use: its own roles connect to each other with it)
#   <out>/platform/  platform.pem, .key       every platform service and worker (client)
#   <out>/ui/        ui.pem, ui.key           the Temporal Web UI's server (client)
#   <out>/operator/  operator.pem, .key       an operator's `temporal` CLI (client)
# Each folder also holds ca.pem, so a process mounts one folder; <out>/ca/ca.key signs (keep it
# off the machines that run the platform). Only holders of a certificate from this CA reach the
# frontend. Names the frontend certificate is valid for: TEMPORAL_TLS_DNS_NAMES (comma-separated,
# default temporal,localhost) and TEMPORAL_TLS_IPS (default 127.0.0.1). Existing files are kept;
# delete a folder to reissue it (then restart what mounts it).
#
#   bash deploy/tls/make-certs.sh [out-dir]     # default: deploy/tls/certs (git ignores it)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OUT="${1:-$ROOT/deploy/tls/certs}"
DNS_NAMES="${TEMPORAL_TLS_DNS_NAMES:-temporal,localhost}"
IPS="${TEMPORAL_TLS_IPS:-127.0.0.1}"
DAYS="${TEMPORAL_TLS_DAYS:-825}"
command -v openssl >/dev/null || { echo "make-certs: openssl is required" >&2; exit 1; }

umask 077
mkdir -p "$OUT/ca"
if [[ ! -f "$OUT/ca/ca.pem" ]]; then
  openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$OUT/ca/ca.key" -out "$OUT/ca/ca.pem" -days 3650 -subj "/CN=helpdesk Temporal CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    2>/dev/null
  echo "make-certs: new CA in $OUT/ca"
fi

# issue <folder> <file stem> <common name> <extendedKeyUsage> [subjectAltName]
issue() {
  local dir="$OUT/$1" stem="$2" cn="$3" usage="$4" san="${5:-}"
  [[ -f "$dir/$stem.pem" ]] && return 0
  mkdir -p "$dir"
  local ext
  ext="$(mktemp)"
  {
    echo "basicConstraints=critical,CA:FALSE"
    echo "keyUsage=critical,digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$usage"
    [[ -n "$san" ]] && echo "subjectAltName=$san"
  } >"$ext"
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$dir/$stem.key" -out "$dir/$stem.csr" -subj "/CN=$cn" 2>/dev/null
  openssl x509 -req -in "$dir/$stem.csr" -CA "$OUT/ca/ca.pem" -CAkey "$OUT/ca/ca.key" \
    -CAcreateserial -days "$DAYS" -extfile "$ext" -out "$dir/$stem.pem" 2>/dev/null
  rm -f "$dir/$stem.csr" "$ext"
  cp "$OUT/ca/ca.pem" "$dir/ca.pem"
  # Containers run as their own users (node, temporal): readable by them, isolated by the mount.
  chmod 0644 "$dir/$stem.pem" "$dir/$stem.key" "$dir/ca.pem"
  chmod 0755 "$dir"
  echo "make-certs: $1/$stem.pem ($cn)"
}

san="$(echo "$DNS_NAMES" | tr ',' '\n' | sed 's/^/DNS:/' | paste -sd,)"
[[ -n "$IPS" ]] && san="$san,$(echo "$IPS" | tr ',' '\n' | sed 's/^/IP:/' | paste -sd,)"
issue server server "${DNS_NAMES%%,*}" serverAuth,clientAuth "$san"
issue platform platform helpdesk-platform clientAuth
issue ui ui temporal-ui clientAuth
issue operator operator operator clientAuth
