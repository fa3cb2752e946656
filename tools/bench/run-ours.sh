#!/usr/bin/env bash
# Runs ../shared/bench/mistral_bench.py against this service, in either deployment shape,
# and prints each process's RSS idle and after the run.
#
#   tools/bench/run-ours.sh embedded [scenarios]   # one --server all process, SQLite, fake:/
#   tools/bench/run-ours.sh split [scenarios]      # api, engine, executor over RabbitMQ + PostgreSQL
#
# Env: PORT (8991), VENV (.venv), BENCH (../shared/bench/mistral_bench.py), OUT (results dir).
set -euo pipefail
cd "$(dirname "$0")/../.."
shape=${1:-embedded}
scenarios=${2:-api,exec,chain,fanout,dataflow}
PORT=${PORT:-8991}
VENV=${VENV:-.venv}
BENCH=${BENCH:-../shared/bench/mistral_bench.py}
OUT=${OUT:-/tmp/mistral-ours-bench}
mkdir -p "$OUT"
work=$(mktemp -d)
suffix=$(date +%s)
pids=()

cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$shape" = split ]; then
    psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS bench_$suffix WITH (FORCE)" || true
  fi
}
trap cleanup EXIT

if [ "$shape" = embedded ]; then
  cat > "$work/m.conf" <<CONF
[DEFAULT]
transport_url = fake:/
[api]
host = 127.0.0.1
port = $PORT
[pecan]
auth_enable = false
[database]
connection = sqlite:///$work/mistral.sqlite
CONF
  roles=(all)
else
  psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE bench_$suffix"
  cat > "$work/m.conf" <<CONF
[DEFAULT]
transport_url = rabbit://guest:guest@127.0.0.1:5672/
[api]
host = 127.0.0.1
port = $PORT
[pecan]
auth_enable = false
[database]
connection = postgresql+psycopg2://postgres@127.0.0.1/bench_$suffix
[engine]
topic = bench_engine_$suffix
[executor]
topic = bench_executor_$suffix
CONF
  "$VENV/bin/mistral-db-manage" --config-file "$work/m.conf" upgrade head
  "$VENV/bin/mistral-db-manage" --config-file "$work/m.conf" populate
  roles=(engine executor api)
fi

for role in "${roles[@]}"; do
  "$VENV/bin/mistral-server" --config-file "$work/m.conf" --server "$role" > "$work/$role.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$PORT/" > /dev/null && break
  sleep 0.2
done
sleep 2

rss() { for pid in "${pids[@]}"; do printf '%s=%sKB ' "$pid" "$(ps -o rss= -p "$pid" | tr -d ' ')"; done; echo; }
echo "RSS idle: $(rss)"
"$VENV/bin/python" "$BENCH" --url "http://127.0.0.1:$PORT/v2" --scenarios "$scenarios" \
  --json "$OUT/ours-$shape.json" | tail -12
echo "RSS after: $(rss)"
