# shellcheck shell=bash
# Shared helpers for deploy/local/*.sh and ./brokerage. Source it; do not run it.

BROKERAGE_ROOT="${BROKERAGE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
export DEBIAN_FRONTEND=noninteractive

log() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# apt-get update runs at most once per process tree, and only when something is missing.
_brokerage_apt_updated="${_brokerage_apt_updated:-}"
apt_install() {
  local pkgs=("$@")
  [ "$(id -u)" = 0 ] || die "need root to install ${pkgs[*]} (apt-get)"
  if [ -z "$_brokerage_apt_updated" ]; then
    log "apt-get update"
    apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
    _brokerage_apt_updated=1
    export _brokerage_apt_updated
  fi
  log "apt-get install ${pkgs[*]}"
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${pkgs[@]}" >&2
}

PG_BIN=/usr/lib/postgresql/15/bin
ensure_postgres_installed() {
  [ -x "$PG_BIN/initdb" ] || apt_install postgresql
  [ -x "$PG_BIN/initdb" ] || die "PostgreSQL 15 not found at $PG_BIN after install"
}

# Members compares pseudonyms in Unicode compatibility form (NFKC), which .NET takes from ICU (ADR 0014).
ensure_icu_installed() {
  ldconfig -p 2>/dev/null | grep -q 'libicuuc\.so' || apt_install libicu72
}

# The Portal's browser tests drive Debian's Chromium through Playwright (never a downloaded browser).
ensure_chromium_installed() {
  [ -x /usr/bin/chromium ] || apt_install chromium
  [ -x /usr/bin/chromium ] || die "chromium not found at /usr/bin/chromium after install"
}

# The Portal's GOV.UK Frontend comes from npm, at the versions its package-lock.json pins.
ensure_portal_assets() {
  local portal="$BROKERAGE_ROOT/services/Portal/Brokerage.Portal"
  [ -f "$portal/package-lock.json" ] || return 0
  command -v npm >/dev/null 2>&1 || apt_install npm
  if [ ! -f "$portal/node_modules/govuk-frontend/package.json" ] ||
    [ "$portal/package-lock.json" -nt "$portal/node_modules/.package-lock.json" ]; then
    log "npm ci (services/Portal/Brokerage.Portal)"
    (cd "$portal" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
}

RABBITMQ_BIN=/usr/lib/rabbitmq/bin
ensure_rabbitmq_installed() {
  command -v rabbitmq-server >/dev/null 2>&1 || [ -x "$RABBITMQ_BIN/rabbitmq-server" ] || apt_install rabbitmq-server
  [ -x "$RABBITMQ_BIN/rabbitmq-server" ] || die "rabbitmq-server not found at $RABBITMQ_BIN after install"
}

# State base folder that USER can reach: $BROKERAGE_STATE_DIR, else <repo>/.local,
# else (repo not traversable by USER, e.g. under /root) /var/tmp/brokerage-<hash of repo path>.
# Each instance lives in <base>/<INSTANCE>/.
state_base_for() {
  local user="$1" base
  if [ -n "${BROKERAGE_STATE_DIR:-}" ]; then
    base="$BROKERAGE_STATE_DIR"
  else
    base="$BROKERAGE_ROOT/.local"
  fi
  mkdir -p "$base" && chmod 755 "$base" 2>/dev/null || true
  if [ -z "${BROKERAGE_STATE_DIR:-}" ] && ! runuser -u "$user" -- test -x "$base" 2>/dev/null; then
    base="/var/tmp/brokerage-$(printf '%s' "$BROKERAGE_ROOT" | sha256sum | cut -c1-10)"
    mkdir -p "$base" && chmod 755 "$base"
  fi
  runuser -u "$user" -- test -x "$base" 2>/dev/null || die "user $user cannot reach state folder $base"
  printf '%s\n' "$base"
}

# Folder <base>/<INSTANCE>/<component>, owned by USER.
instance_dir() {
  local user="$1" instance="$2" component="$3" base dir
  base="$(state_base_for "$user")"
  mkdir -p "$base/$instance"
  chmod 755 "$base/$instance"
  dir="$base/$instance/$component"
  mkdir -p "$dir"
  chown "$user:" "$dir"
  chmod 750 "$dir"
  printf '%s\n' "$dir"
}

valid_instance() { [[ "$1" =~ ^[a-z0-9][a-z0-9-]*$ ]] || die "bad instance name '$1' (use a-z, 0-9, -)"; }
valid_port() { [[ "$1" =~ ^[0-9]+$ ]] && [ "$1" -ge 1024 ] && [ "$1" -le 65535 ] || die "bad port '$1'"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
