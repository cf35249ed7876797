# Source this: starts a throwaway PostgreSQL cluster on loopback and exports DATABASE_URL.
# Installs Debian's postgresql first if the machine has none. Stops the cluster on exit.
# Usage: . scripts/pg-throwaway.sh [port]
PG_PORT=${1:-55432}
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1 || ! id postgres >/dev/null 2>&1; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGDATA=$(mktemp -d /tmp/safetynet-pg.XXXXXX)
chown postgres "$PGDATA"
su postgres -c "$PGBIN/initdb -D $PGDATA -A trust" >/dev/null
su postgres -c "$PGBIN/pg_ctl -D $PGDATA -o '-c listen_addresses=127.0.0.1 -p $PG_PORT -k /tmp' -l $PGDATA/log -w start" >/dev/null
trap 'su postgres -c "$PGBIN/pg_ctl -D $PGDATA -m fast stop" >/dev/null 2>&1 || true' EXIT
export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
