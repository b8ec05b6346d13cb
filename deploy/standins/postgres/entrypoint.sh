# The official image's first start: POSTGRES_USER (superuser), POSTGRES_PASSWORD, POSTGRES_DB.
set -e
DATA=/var/lib/postgresql/data
as_postgres() { setpriv --reuid=postgres --regid=postgres --init-groups "$@"; }
mkdir -p "$DATA" /var/run/postgresql
chown postgres "$DATA" /var/run/postgresql
chmod 700 "$DATA"
if [ ! -s "$DATA/PG_VERSION" ]; then
  printf '%s\n' "$POSTGRES_PASSWORD" > /tmp/pw
  chown postgres /tmp/pw
  as_postgres initdb -D "$DATA" -E UTF8 --locale=C.UTF-8 -U "$POSTGRES_USER" --pwfile=/tmp/pw \
    --auth-local=trust --auth-host=scram-sha-256
  rm /tmp/pw
  echo "host all all all scram-sha-256" >> "$DATA/pg_hba.conf"
  as_postgres pg_ctl -D "$DATA" -o "-c listen_addresses=''" -w start
  as_postgres psql -v ON_ERROR_STOP=1 -U "$POSTGRES_USER" -d postgres \
    -c "CREATE DATABASE \"$POSTGRES_DB\""
  as_postgres pg_ctl -D "$DATA" -m fast -w stop
fi
exec setpriv --reuid=postgres --regid=postgres --init-groups postgres -D "$DATA" -c listen_addresses='*'
