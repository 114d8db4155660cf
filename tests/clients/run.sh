#!/usr/bin/env bash
# Real clients and tools, none of them ours, against the real server: graphql-http's audit,
# GraphQL Code Generator and tsc --strict over the operations in operations/, a typed client
# that runs them, graphql-inspector (the operations against the schema, and the schema
# against the previous commit's), a graphql-ws subscriber, Apollo Client, and the playground
# in headless Chromium, and Prometheus's promtool over /metrics. Needs Node.js with npm, Chromium
# at $CHROMIUM (/usr/bin/chromium) and promtool (Debian's prometheus package).
#
#   bash tests/clients/run.sh [path/to/dealgraph]     (default: target/debug/dealgraph)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
binary="$(cd "$(dirname "${1:-$root/target/debug/dealgraph}")" && pwd)/$(basename "${1:-$root/target/debug/dealgraph}")"
cd "$here"

echo "== npm ci (tests/clients, playground)"
npm ci --no-audit --no-fund --loglevel=error
npm ci --no-audit --no-fund --loglevel=error --prefix "$root/playground"

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== starting $binary"
export DEALGRAPH_TOKEN="$("$binary" token create client-tests --database "$work/db.sqlite" | head -n 1)"
"$binary" serve --listen 127.0.0.1:0 --log-format json --database "$work/db.sqlite" \
  --playground-assets "$root/playground/node_modules" 2> "$work/server.log" &
server_pid=$!
addr=""
for _ in $(seq 1 300); do
  addr="$(grep -o '"addr":"[^"]*"' "$work/server.log" | head -n 1 | cut -d'"' -f4 || true)"
  if [ -n "$addr" ] && node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "http://$addr/readyz"; then
    break
  fi
  sleep 0.1
done
if [ -z "$addr" ]; then
  cat "$work/server.log"
  echo "the server did not start" >&2
  exit 1
fi
export DEALGRAPH_URL="http://$addr"
export DEALGRAPH_ARTIFACTS="$root/target/ci-artifacts"
echo "   serving at $DEALGRAPH_URL"

echo "== GraphQL Code Generator, then tsc --noEmit --strict"
npx graphql-codegen --config codegen.ts --silent
npx tsc --noEmit --strict -p .

echo "== graphql-inspector: the operations against schema.graphql"
npx graphql-inspector validate "operations/*.graphql" "$root/schema.graphql"
if git -C "$root" cat-file -e HEAD~1:schema.graphql 2> /dev/null; then
  echo "== graphql-inspector: schema.graphql against the previous commit's"
  git -C "$root" show HEAD~1:schema.graphql > "$work/previous.graphql"
  npx graphql-inspector diff "$work/previous.graphql" "$root/schema.graphql"
else
  echo "== graphql-inspector diff skipped: no previous commit with a schema.graphql"
fi

echo "== graphql-http audit"
npx tsx src/audit.ts
echo "== the typed client"
npx tsx src/client.ts
echo "== graphql-ws"
npx tsx src/live.ts
echo "== Apollo Client"
npx tsx src/apollo.ts
echo "== the playground in Chromium"
npx tsx src/browser.ts
echo "== promtool check metrics: /metrics after the clients' requests, through Prometheus's own parser and linter"
node -e 'fetch(process.argv[1]).then((r) => r.text()).then((t) => process.stdout.write(t))' \
  "$DEALGRAPH_URL/metrics" > "$work/metrics.txt"
grep -q '^dealgraph_graphql_requests_total{' "$work/metrics.txt"
grep -q '^process_resident_memory_bytes ' "$work/metrics.txt"
promtool check metrics < "$work/metrics.txt"

echo "== all client checks passed"
