#!/usr/bin/env bash
# The compose.yaml topology from Debian packages, on loopback: nginx (:8110) in front of two
# gunicorns (:8112, :8113, 2 workers each) on PostgreSQL and Redis, then bench/load.py through
# nginx with one app server killed (kill -9, master and workers) halfway through the API phase.
#
#   bash bench/cluster.sh [load.py options, e.g. --clients 16 --api 2000 --completions 200]
#
# Environment: BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/bench_i11),
# REDIS_URL (default redis://127.0.0.1:6379/11; a redis-server must be running),
# BENCH_PORT_BASE (default 8110: nginx; +2 and +3 the app servers).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
DB=${BENCH_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/bench_i11}
REDIS=${REDIS_URL:-redis://127.0.0.1:6379/11}
BASE=${BENCH_PORT_BASE:-8110}
NGINX_PORT=$BASE; APP_A=$((BASE + 2)); APP_B=$((BASE + 3))

if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
    apt-get install -y nginx-light >/dev/null || { apt-get update >/dev/null && apt-get install -y nginx-light >/dev/null; }
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

dbname=${DB##*/}
psql "${DB%/*}/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$dbname'" | grep -q 1 \
    || psql "${DB%/*}/postgres" -c "CREATE DATABASE $dbname" >/dev/null
$PY -c "import redis, sys; redis.Redis.from_url(sys.argv[1]).flushdb()" "$REDIS"  # limits start at zero

work=$(mktemp -d /tmp/survey-cluster.XXXXXX)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    sleep 1
    for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

export SECRET_KEY=${SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_hex(32))')}
export DATABASE_URL=$DB REDIS_URL=$REDIS SURVEY_TRUSTED_PROXIES=1 WEB_CONCURRENCY=2
export SURVEY_SESSION_COOKIE_SECURE=false  # plain HTTP on loopback; TLS terminates in front in production
export BENCH_DATABASE_URL=$DB
$PY -m flask --app wsgi db upgrade 2>&1 | tail -1

for port in $APP_A $APP_B; do
    GUNICORN_BIND=127.0.0.1:$port $PY -m gunicorn -c deploy/gunicorn.conf.py wsgi:app \
        >"$work/app-$port.log" 2>&1 &
    pids+=($!)
done
sed -e "s/server app:8000 max_fails=1 fail_timeout=5s;/server 127.0.0.1:$APP_A max_fails=1 fail_timeout=5s;\n    server 127.0.0.1:$APP_B max_fails=1 fail_timeout=5s;/" \
    -e "s/listen 80;/listen 127.0.0.1:$NGINX_PORT;/" \
    -e 's/proxy_set_header X-Request-ID $request_id;/proxy_set_header X-Request-ID $request_id;\n        add_header X-Upstream $upstream_addr always;/' \
    deploy/nginx.conf >"$work/site.conf"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/body; proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fcgi; uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
    include $work/site.conf;
}
CONF
$NGINX -p "$work" -c "$work/nginx.conf" -g 'daemon off;' &
pids+=($!)

for port in $APP_A $APP_B $NGINX_PORT; do
    for _ in $(seq 100); do
        curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
        sleep 0.2
    done
done
echo "cluster: nginx :$NGINX_PORT -> gunicorn :$APP_A (pid ${pids[0]}), :$APP_B (pid ${pids[1]}), 2 workers each; $(nproc) cores"
victim=(${pids[1]} $(pgrep -P "${pids[1]}" | tr '\n' ' '))
status=0
$PY -m bench.load --url "http://127.0.0.1:$NGINX_PORT" --server-pid "${pids[0]}" "${pids[1]}" \
    --kill-pid "${victim[@]}" "$@" || status=$?
echo "requests answered per app server after the run (JSON log lines):"
for port in $APP_A $APP_B; do echo "  :$port $(grep -c '"message": "request"' "$work/app-$port.log" || true)"; done
exit $status
