# Shared set-up for scripts/serve and scripts/test (sourced, not run). Each function installs or
# starts what is missing and does nothing when it is already there, so the scripts work on a fresh
# Debian machine with only Rust installed, and quickly on a machine that has everything.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# True when something listens on 127.0.0.1:$1.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The first free port from $1 up.
free_port_from() {
  local port="$1"
  while port_in_use "$port"; do port=$((port + 1)); done
  echo "$port"
}

say() { printf '==> %s\n' "$*" >&2; }

# Lints inside the build of the tests: with clippy-driver as the workspace wrapper, cargo has
# clippy-driver compile this crate's targets (it lints them, then generates the very code rustc
# would) and rustc the dependencies, as `cargo clippy` itself does for a check. One compile
# instead of `cargo clippy` plus `cargo test`, whose dependency builds (metadata for the one, code
# for the other) could not be shared: about 8 of CI's minutes on 2 cores. Every cargo command
# after it must run with the same wrapper, or cargo rebuilds the crate without it.
lint_while_building() {
  local driver
  driver="$(rustc --print sysroot)/bin/clippy-driver"
  [ -x "$driver" ] || { echo "clippy-driver not found in the toolchain: rustup component add clippy" >&2; exit 1; }
  export RUSTC_WORKSPACE_WRAPPER="$driver"
  # How cargo-clippy hands lint flags to clippy-driver: -D warnings, the same as
  # `cargo clippy --all-targets -- -D warnings` (rustc's warnings included).
  export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
}

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install() {
  say "installing Debian packages: $*"
  if [ -z "${APT_UPDATED:-}" ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# The directory holding initdb/pg_ctl/postgres, newest version first; installs PostgreSQL if absent.
pg_bindir() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

# Sets DATABASE_URL. When the caller set it, that server is used as it is (the application creates
# its database if missing). Otherwise a private cluster is started from the machine's PostgreSQL
# binaries, with its data under var/postgres so it survives restarts.
ensure_database() {
  if [ -n "${DATABASE_URL:-}" ]; then
    say "using the PostgreSQL server in DATABASE_URL"
    return 0
  fi
  start_private_cluster "$(cluster_dir var/postgres)"
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/labminds"
}

# Sets PG_BINDIR (installing PostgreSQL if absent) and PG_RUN_AS: PostgreSQL refuses to run as
# root, so as root the cluster belongs to the postgres system user.
pg_prepare() {
  if ! PG_BINDIR="$(pg_bindir)"; then
    apt_install postgresql
    PG_BINDIR="$(pg_bindir)" || { echo "PostgreSQL binaries not found after installing" >&2; exit 1; }
  fi
  PG_RUN_AS=()
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || as_root useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
    PG_RUN_AS=(runuser -u postgres --)
  fi
}

# The directory of the private cluster named $1 (relative to the checkout, e.g. var/postgres).
# When the checkout is not reachable by the postgres user (e.g. under /root), the data goes to a
# directory of its own instead, one per checkout and name.
cluster_dir() {
  local rel="$1"
  pg_prepare
  if [ ${#PG_RUN_AS[@]} -eq 0 ] || "${PG_RUN_AS[@]}" test -x "$ROOT"; then
    echo "$ROOT/$rel"
  else
    # var/postgres keeps the key it always had, so an existing development cluster is found.
    local key="$ROOT"
    [ "$rel" = var/postgres ] || key="$ROOT/$rel"
    echo "/var/lib/labminds-dev/$(printf '%s' "$key" | sha256sum | cut -c1-12)"
  fi
}

# Starts the private cluster under $1 (data/, run/, postgres.log, port), creating it first if
# needed, and sets PG_PORT. Does nothing but set PG_PORT when it already runs.
start_private_cluster() {
  local base="$1"
  pg_prepare
  local data="$base/data" sockets="$base/run" log="$base/postgres.log"
  mkdir -p "$base" "$sockets"
  if [ ${#PG_RUN_AS[@]} -gt 0 ]; then chown postgres: "$base" "$sockets"; fi

  if [ ! -f "$data/PG_VERSION" ]; then
    say "creating a private PostgreSQL cluster in $data"
    "${PG_RUN_AS[@]}" "$PG_BINDIR/initdb" -D "$data" -U postgres --auth=trust --encoding=UTF8 --no-locale >/dev/null
    cat <<CONF | "${PG_RUN_AS[@]}" tee -a "$data/postgresql.conf" >/dev/null
# Added by scripts/lib/setup.sh: a private development and test server.
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sockets'
max_connections = 300
shared_buffers = 128MB
CONF
  fi
  # The port is remembered in $base/port, so another checkout's cluster (or any other server) on
  # the usual port never blocks this one: a taken port is replaced.
  local port_file="$base/port" port
  port="$(cat "$port_file" 2>/dev/null || echo "${LABMINDS_PG_PORT:-54329}")"
  if ! "${PG_RUN_AS[@]}" "$PG_BINDIR/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    if port_in_use "$port"; then port="$(free_port_from "$((port + 1))")"; fi
    echo "$port" > "$port_file"
    say "starting the private PostgreSQL cluster on 127.0.0.1:$port"
    "${PG_RUN_AS[@]}" "$PG_BINDIR/pg_ctl" -D "$data" -l "$log" -o "-p $port" -w -t 60 start >/dev/null
  fi
  PG_PORT="$port"
}

# Stops the private cluster under $1 (fast shutdown: clients are disconnected, data is kept).
stop_private_cluster() {
  local base="$1"
  pg_prepare
  "${PG_RUN_AS[@]}" "$PG_BINDIR/pg_ctl" -D "$base/data" -m fast -w stop >/dev/null 2>&1 || true
}

# Headless Chromium and its WebDriver, for the browser tests.
ensure_browser() {
  if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    apt_install chromium chromium-driver
  fi
}

# axe-core (the accessibility checker the browser tests inject) and vnu-jar (the Nu HTML Checker
# the HTML-validity test runs), both pinned by tests/browser/package-lock.json. --ignore-scripts:
# vnu-jar's install script would download a Java runtime; Debian's (ensure_java) runs it instead.
ensure_axe() {
  if ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  if [ ! -f "$ROOT/tests/browser/node_modules/axe-core/axe.min.js" ] ||
     [ ! -f "$ROOT/tests/browser/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
    say "installing axe-core and vnu-jar from the npm registry"
    (cd "$ROOT/tests/browser" && npm ci --ignore-scripts --no-audit --no-fund --silent)
  fi
}

# A Java runtime for the Nu HTML Checker (vnu.jar).
ensure_java() {
  if ! command -v java >/dev/null 2>&1; then
    apt_install default-jre-headless
  fi
}
