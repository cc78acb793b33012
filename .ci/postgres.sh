#!/usr/bin/env bash
# Starts a throw-away PostgreSQL for the store tests and prints the shell line that exports
# its DSN:   eval "$(bash .ci/postgres.sh start DIR)"   …   bash .ci/postgres.sh stop DIR
# Installs Debian's postgresql when no server binaries are found. The cluster lives in DIR,
# listens on a free loopback port, runs as a non-root user (postgres, or one made for it),
# and requires a password over TCP, so the wrong-password test meets a real refusal.
set -euo pipefail
cmd=${1:?start|stop}
dir=${2:?directory}

bindir() {
	local d
	for d in /usr/lib/postgresql/*/bin; do
		[ -x "$d/pg_ctl" ] && { echo "$d"; return; }
	done
	return 1
}

as_owner() {
	if [ "$(id -u)" = 0 ]; then runuser -u "$owner" -- "$@"; else "$@"; fi
}

if [ "$cmd" = stop ]; then
	bin=$(bindir) || exit 0
	owner=$(stat -c %U "$dir/data" 2>/dev/null || echo root)
	[ -d "$dir/data" ] && as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
	exit 0
fi

if ! bin=$(bindir); then
	echo "installing postgresql" >&2
	apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
	bin=$(bindir)
fi
owner=$(id -un)
if [ "$(id -u)" = 0 ]; then
	owner=postgres
	id -u "$owner" >/dev/null 2>&1 || useradd --system --no-create-home "$owner"
fi
mkdir -p "$dir"
chown "$owner" "$dir" 2>/dev/null || true
chmod 0755 "$dir"
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
echo "$password" > "$dir/pwfile"
chown "$owner" "$dir/pwfile" 2>/dev/null || true
as_owner "$bin/initdb" -D "$dir/data" -U repogov --pwfile="$dir/pwfile" --auth-local=trust \
	--auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
	|| { cat "$dir/initdb.log" >&2; exit 1; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 55432)
as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
	-o "-c listen_addresses=127.0.0.1 -c port=$port -k $dir -c max_connections=200" start >&2 \
	|| { cat "$dir/server.log" >&2; exit 1; }
as_owner "$bin/createdb" -h "$dir" -p "$port" -U repogov repogov_test >&2
echo "export REPOGOV_TEST_POSTGRES='postgres://repogov:$password@127.0.0.1:$port/repogov_test?sslmode=disable'"
