#!/usr/bin/env bash
# RabbitMQ 3.10 (Debian package rabbitmq-server) as a local process on 127.0.0.1.
#   rabbitmq.sh start|stop|status|wipe INSTANCE PORT
# Node brokerage-INSTANCE@localhost. Ports, all derived from PORT so instances never collide with
# each other or with the package's default node (5672/25672/4369). SLOT is PORT mod 1000, so two
# instances must differ in their last three digits:
#   PORT                  AMQP
#   PORT+1000             management UI/API (instance "up" only; guest/guest)
#   20000+SLOT            Erlang distribution
#   21000+SLOT            epmd (one private epmd per instance, started first, stopped with the node)
#   22000+10*SLOT ..+9    CLI tool distribution ports (rabbitmqctl)
# The derived ports lie below Linux's ephemeral range (32768-60999). A port in that range can be held
# by any outgoing connection (and by its TIME_WAIT for a minute after), and then nothing can listen
# on it: a node started while a test suite is busy failed that way. A broker that is stopped and
# started while other things run (the outage test's) should take its AMQP port outside it too.
# State: <state base>/<INSTANCE>/rabbitmq/ (see state_base_for in lib.sh), owned by the rabbitmq user.
# The node and rabbitmqctl both run as the rabbitmq user with its HOME, so they share its Erlang cookie.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { die "usage: $0 {start|stop|status|wipe} INSTANCE PORT"; }
[ $# -ge 3 ] || usage
cmd="$1" instance="$2" port="$3"
valid_instance "$instance"
valid_port "$port"
[ "$port" -le 64535 ] || die "port must be <= 64535 (the management port is PORT+1000)"

ensure_rabbitmq_installed
dir="$(instance_dir rabbitmq "$instance" rabbitmq)"
node="brokerage-$instance@localhost"
mgmt_port=$((port + 1000))
slot=$((port % 1000))
dist_port=$((20000 + slot))
epmd_port=$((21000 + slot))
ctl_port_min=$((22000 + 10 * slot))
ctl_port_max=$((ctl_port_min + 9))
pidfile="$dir/rabbitmq.pid"
rabbit_home="$(getent passwd rabbitmq | cut -d: -f6)"
rabbit_home="${rabbit_home:-/var/lib/rabbitmq}"

management=false
[ "$instance" = up ] && management=true

# Everything the node and the CLI read comes from here, never from /etc/rabbitmq.
as_rabbit() {
  (cd "$dir" && runuser -u rabbitmq -- env \
    HOME="$rabbit_home" \
    RABBITMQ_NODENAME="$node" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$port" \
    RABBITMQ_DIST_PORT="$dist_port" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    ERL_EPMD_PORT="$epmd_port" \
    ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_CTL_DIST_PORT_MIN="$ctl_port_min" \
    RABBITMQ_CTL_DIST_PORT_MAX="$ctl_port_max" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" \
    RABBITMQ_LOG_BASE="$dir/log" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    RABBITMQ_PID_FILE="$pidfile" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
    RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config" \
    RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" \
    "$@")
}
ctl() { as_rabbit "$RABBITMQ_BIN/rabbitmqctl" -n "$node" "$@"; }

# A live (not zombie) process with this pid runs beam.
alive_beam() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  [[ "$stat" == *"(beam"* ]] && [[ "${stat##*) }" != Z* ]]
}

node_pid() {
  local pid
  [ -s "$pidfile" ] || return 1
  pid="$(tr -dc 0-9 <"$pidfile")"
  [ -n "$pid" ] && alive_beam "$pid" || return 1
  printf '%s\n' "$pid"
}

# The node and every rabbitmqctl register with this instance's epmd. Started here, before either,
# so they never race each other to start it (a CLI that finds none gives up with "nodistribution").
start_epmd() {
  as_rabbit epmd -port "$epmd_port" -address 127.0.0.1 -daemon
  local deadline=$((SECONDS + 15))
  until as_rabbit epmd -port "$epmd_port" -names >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "epmd for rabbitmq[$instance] did not start on 127.0.0.1:$epmd_port"
    sleep 0.1
  done
}

stop_epmd() {
  # Our private epmd only ever registers this instance's node.
  if port_open "$epmd_port"; then
    if ! as_rabbit epmd -port "$epmd_port" -names 2>/dev/null | grep -q '^name '; then
      as_rabbit epmd -port "$epmd_port" -kill >/dev/null 2>&1 || true
      local deadline=$((SECONDS + 10))
      while port_open "$epmd_port" && [ $SECONDS -lt $deadline ]; do sleep 0.1; done
    fi
  fi
}

write_config() {
  local f
  for f in mnesia log; do as_rabbit mkdir -p "$dir/$f"; done
  as_rabbit tee "$dir/rabbitmq.conf" >/dev/null <<CONF
# Written by deploy/local/rabbitmq.sh on every start; edit the script, not this file.
log.console = false
log.file.level = info
disk_free_limit.absolute = 50MB
$(if $management; then printf 'management.tcp.ip = 127.0.0.1\nmanagement.tcp.port = %s\n' "$mgmt_port"; fi)
CONF
  if $management; then
    echo '[rabbitmq_management].' | as_rabbit tee "$dir/enabled_plugins" >/dev/null
  else
    echo '[].' | as_rabbit tee "$dir/enabled_plugins" >/dev/null
  fi
  echo '[].' | as_rabbit tee "$dir/advanced.config" >/dev/null
  : | as_rabbit tee "$dir/rabbitmq-env.conf" >/dev/null
}

start() {
  if node_pid >/dev/null; then
    log "rabbitmq[$instance] already running ($node, 127.0.0.1:$port)"
    return 0
  fi
  local p
  for p in "$port" "$dist_port"; do
    port_open "$p" && die "port $p is already in use; rabbitmq[$instance] not started"
  done
  if $management && port_open "$mgmt_port"; then die "port $mgmt_port (management) is already in use"; fi
  rm -f "$pidfile"
  write_config
  start_epmd
  log "rabbitmq[$instance] starting $node on 127.0.0.1:$port"
  as_rabbit "$RABBITMQ_BIN/rabbitmq-server" -detached >"$dir/startup.log" 2>&1 ||
    { cat "$dir/startup.log" >&2; die "rabbitmq-server -detached failed"; }
  # A CLI that cannot start its own distribution fails at once, whatever the node is doing: try again
  # while the node is alive, so only a node that really did not come up fails the start.
  local attempt
  for attempt in 1 2 3; do
    if as_rabbit timeout 90 "$RABBITMQ_BIN/rabbitmqctl" -n "$node" -q wait --timeout 60 "$pidfile" >"$dir/wait.log" 2>&1; then
      break
    fi
    if [ "$attempt" -lt 3 ] && grep -q "Distribution failed" "$dir/wait.log" && { [ ! -s "$pidfile" ] || node_pid >/dev/null; }; then
      log "rabbitmqctl could not start its distribution (attempt $attempt); trying again"
      sleep 1
      continue
    fi
    cat "$dir/wait.log" >&2
    tail -n 40 "$dir/log/$node.log" >&2 2>/dev/null || true
    die "rabbitmq[$instance] did not start within 60 s (logs: $dir/log)"
  done
  local deadline=$((SECONDS + 30))
  until port_open "$port"; do
    [ $SECONDS -lt $deadline ] || die "rabbitmq[$instance] started but 127.0.0.1:$port is not listening"
    sleep 0.2
  done
  log "rabbitmq[$instance] ready on 127.0.0.1:$port$($management && echo ", management http://127.0.0.1:$mgmt_port/ (guest/guest)")"
}

stop() {
  local pid
  if pid="$(node_pid)"; then
    log "rabbitmq[$instance] stopping"
    if ! as_rabbit timeout 60 "$RABBITMQ_BIN/rabbitmqctl" -n "$node" -q stop "$pidfile" >"$dir/stop.log" 2>&1; then
      log "rabbitmqctl stop failed or timed out; terminating pid $pid"
      cat "$dir/stop.log" >&2 || true
      kill -TERM "$pid" 2>/dev/null || true
    fi
    local deadline=$((SECONDS + 30))
    while alive_beam "$pid"; do
      if [ $SECONDS -ge $deadline ]; then kill -KILL "$pid" 2>/dev/null || true; fi
      sleep 0.2
    done
    rm -f "$pidfile"
    log "rabbitmq[$instance] stopped"
  else
    log "rabbitmq[$instance] not running"
  fi
  stop_epmd
}

status() {
  if node_pid >/dev/null && port_open "$port"; then
    echo "rabbitmq[$instance] running ($node, amqp 127.0.0.1:$port$($management && echo ", management http://127.0.0.1:$mgmt_port/"))"
  elif node_pid >/dev/null; then
    echo "rabbitmq[$instance] running but not accepting connections on 127.0.0.1:$port"
    return 1
  else
    echo "rabbitmq[$instance] not running"
    return 3
  fi
}

case "$cmd" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  wipe) stop; rm -rf "$dir/mnesia" "$dir/log"; log "rabbitmq[$instance] data wiped" ;;
  ctl) shift 3; ctl "$@" ;;
  *) usage ;;
esac
