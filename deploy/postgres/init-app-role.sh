#!/bin/sh
# Run once by the postgres image when it initializes an empty data directory (mounted into
# /docker-entrypoint-initdb.d by compose.yaml): creates the runtime login role with its password. The
# migrations, run by the service as the owner, find the role and grant it what it needs; it stays without
# superuser, BYPASSRLS or ownership of anything.
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    --set app_user="$DATABASE_APP_USER" --set app_password="$DATABASE_APP_PASSWORD" <<'SQL'
create role :"app_user" login nosuperuser nocreatedb nocreaterole nobypassrls noreplication password :'app_password';
SQL
