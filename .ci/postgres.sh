#!/usr/bin/env bash
# Start a throw-away PostgreSQL from Debian's packages for the tests and print its URL.
#
#   eval "$(.ci/postgres.sh)"   # exports SAMHANDLING_TEST_PG (and PG_DIR to stop it later)
#
# initdb in a temporary folder owned by a non-root user (the server refuses to run as
# root, and CI runs as root), TCP on 127.0.0.1 on a free port, trust authentication
# for that local socket only. Stop it with: eval "$PG_STOP"; rm -rf "$PG_DIR"
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2 \
            || { echo "echo '!! postgresql could not be installed: PostgreSQL tests will be skipped'"; exit 0; }
        bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    else
        echo "echo '!! no PostgreSQL binaries: PostgreSQL tests will be skipped'"
        exit 0
    fi
fi

dir=$(mktemp -d /tmp/samhandling-pg.XXXXXX)
if [ "$(id -u)" = 0 ]; then
    user=postgres
    id "$user" >/dev/null 2>&1 || user=nobody
    chown "$user" "$dir"
    run() { runuser -u "$user" -- "$@"; }
    stop="runuser -u $user -- $bin/pg_ctl -D $dir/data -m fast stop"
else
    run() { "$@"; }
    stop="$bin/pg_ctl -D $dir/data -m fast stop"
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

run "$bin/initdb" -D "$dir/data" -U samhandling --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
run "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >&2
run "$bin/createdb" -h 127.0.0.1 -p "$port" -U samhandling samhandling_test
echo "export SAMHANDLING_TEST_PG='postgresql+psycopg://samhandling@127.0.0.1:$port/samhandling_test'"
echo "export PG_DIR='$dir' PG_STOP='$stop'"
