#!/usr/bin/env bash
# PostgreSQL 15 as a local process on 127.0.0.1:PORT, data under the instance's state folder.
#   postgres.sh start|stop|status|wipe INSTANCE PORT
#   postgres.sh createdb INSTANCE PORT DBNAME
#   postgres.sh retire-old-store INSTANCE PORT DBNAME SCHEMA   (drops a schema that still holds the pre-Marten store)
# State: <state base>/<INSTANCE>/postgres/{data,postgres.log} (see state_base_for in lib.sh).
# PostgreSQL refuses to run as root, so server commands run as the postgres user.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { die "usage: $0 {start|stop|status|wipe} INSTANCE PORT | createdb INSTANCE PORT DBNAME"; }
[ $# -ge 3 ] || usage
cmd="$1" instance="$2" port="$3"
valid_instance "$instance"
valid_port "$port"

ensure_postgres_installed
dir="$(instance_dir postgres "$instance" postgres)"
data="$dir/data"
logfile="$dir/postgres.log"
# Unix socket paths are limited to 107 bytes; fall back to /tmp for deep checkouts.
sockdir="$dir"
if [ $(( ${#sockdir} + 20 )) -gt 100 ]; then
  sockdir="/tmp/brokerage-pg-$(printf '%s' "$dir" | sha256sum | cut -c1-10)"
  mkdir -p "$sockdir" && chown postgres: "$sockdir" && chmod 700 "$sockdir"
fi

as_pg() { (cd / && runuser -u postgres -- "$@"); }
pg_running() { [ -f "$data/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" status -D "$data" >/dev/null 2>&1; }
psql_() { "$PG_BIN/psql" -h 127.0.0.1 -p "$port" -U postgres -X -v ON_ERROR_STOP=1 "$@"; }

write_config() {
  local durability=""
  if [ "$instance" = test ]; then
    # Throwaway test data: trade crash safety for speed.
    durability=$'fsync = off\nsynchronous_commit = off\nfull_page_writes = off'
  fi
  as_pg tee "$data/brokerage.conf" >/dev/null <<CONF
# Written by deploy/local/postgres.sh on every start; edit the script, not this file.
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$sockdir'
max_connections = 300
shared_buffers = 128MB
logging_collector = off
$durability
CONF
  grep -q "include_if_exists = 'brokerage.conf'" "$data/postgresql.conf" ||
    echo "include_if_exists = 'brokerage.conf'" | as_pg tee -a "$data/postgresql.conf" >/dev/null
}

start() {
  if pg_running; then
    log "postgres[$instance] already running on 127.0.0.1:$port ($data)"
    return 0
  fi
  if [ ! -f "$data/PG_VERSION" ]; then
    log "postgres[$instance] initdb $data"
    rm -rf "$data"
    as_pg "$PG_BIN/initdb" -D "$data" --auth=trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  fi
  if port_open "$port"; then
    die "port $port is already in use by another process; postgres[$instance] not started"
  fi
  write_config
  log "postgres[$instance] starting on 127.0.0.1:$port"
  if ! as_pg "$PG_BIN/pg_ctl" start -D "$data" -l "$logfile" -w -t 60 >/dev/null; then
    tail -n 30 "$logfile" >&2 || true
    die "postgres[$instance] failed to start (log: $logfile)"
  fi
  local deadline=$((SECONDS + 60))
  until "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port"; do
    [ $SECONDS -lt $deadline ] || { tail -n 30 "$logfile" >&2; die "postgres[$instance] not ready after 60 s"; }
    sleep 0.5
  done
  log "postgres[$instance] ready on 127.0.0.1:$port"
}

stop() {
  if pg_running; then
    log "postgres[$instance] stopping"
    as_pg "$PG_BIN/pg_ctl" stop -D "$data" -m fast -w -t 60 >/dev/null
    log "postgres[$instance] stopped"
  else
    log "postgres[$instance] not running"
  fi
}

status() {
  if pg_running && "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port"; then
    echo "postgres[$instance] running on 127.0.0.1:$port ($data)"
  elif pg_running; then
    echo "postgres[$instance] running but not accepting connections on 127.0.0.1:$port"
    return 1
  else
    echo "postgres[$instance] not running"
    return 3
  fi
}

createdb() {
  local db="$1"
  [[ "$db" =~ ^[a-z_][a-z0-9_]*$ ]] || die "bad database name '$db'"
  if [ "$(psql_ -d postgres -tAc "select 1 from pg_database where datname = '$db'")" = 1 ]; then
    log "database $db exists"
  else
    psql_ -d postgres -qc "create database \"$db\"" && log "database $db created"
  fi
}

# Before Marten (docs/decisions/0016) each service's schema held our own event store's tables (streams, events,
# snapshots). No production data exists: a schema that still has them is dropped whole, so the service starts clean.
retire_old_store() {
  local db="$1" schema="$2"
  [[ "$db" =~ ^[a-z_][a-z0-9_]*$ && "$schema" =~ ^[a-z_][a-z0-9_]*$ ]] || die "bad database or schema name"
  if [ "$(psql_ -d "$db" -tAc "select to_regclass('$schema.streams') is not null and to_regclass('$schema.mt_streams') is null")" = t ]; then
    psql_ -d "$db" -qc "drop schema \"$schema\" cascade" && log "database $db: the old event store's schema $schema was dropped"
  fi
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  wipe) stop; rm -rf "$data"; log "postgres[$instance] data wiped" ;;
  createdb) [ $# -ge 4 ] || usage; createdb "$4" ;;
  retire-old-store) [ $# -ge 5 ] || usage; retire_old_store "$4" "$5" ;;
  *) usage ;;
esac
