#!/usr/bin/env bash
# Runs once in the postgres:15 container (docker-entrypoint-initdb.d): one database per service,
# the same set ./brokerage up creates.
set -euo pipefail
for db in members pooledfunds provideroffers commissioning portal; do
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    -c "create database \"$db\""
done
