#!/bin/sh
# One-shot job of the compose file, run in Temporal's admin-tools image: creates or upgrades
# Temporal's history and visibility schemas in Postgres (the databases come from
# postgres-init.sql). Both steps are idempotent, so a re-run after an image upgrade applies only
# the new versions. The server image never touches the schema itself.
set -eu
for pair in "${TEMPORAL_DB:-temporal}:postgresql/v12/temporal" \
  "${TEMPORAL_VISIBILITY_DB:-temporal_visibility}:postgresql/v12/visibility"; do
  db="${pair%%:*}"
  schema="${pair#*:}"
  echo "temporal-schema: $db"
  temporal-sql-tool --pl postgres12 --ep "$POSTGRES_SEEDS" --port "${DB_PORT:-5432}" \
    --user "$POSTGRES_USER" --db "$db" setup-schema -v 0.0
  temporal-sql-tool --pl postgres12 --ep "$POSTGRES_SEEDS" --port "${DB_PORT:-5432}" \
    --user "$POSTGRES_USER" --db "$db" update-schema -s "$schema"
done
echo "temporal-schema: done"
