#!/usr/bin/env bash
# dealgraph as one service on one machine, on loopback ports: a PostgreSQL primary and a
# synchronous hot standby, N dealgraph replicas (writes to the primary, reads also from the
# standby), and HAProxy in front of them with health checks on /readyz and WebSockets.
#
#   scripts/cluster.sh up        start everything (PostgreSQL 15 and HAProxy from Debian)
#   scripts/cluster.sh status    what runs, and which PostgreSQL server is the primary
#   scripts/cluster.sh failover  kill -9 the primary and promote the standby
#   scripts/cluster.sh restart   restart the replicas one at a time (a rolling restart)
#   scripts/cluster.sh stop-standby  stop the standby (reads go to the primary; writes wait for
#                                it, since it is the synchronous one)
#   scripts/cluster.sh down      stop everything and remove the folder
#
# Settings (environment):
#   DEALGRAPH_CLUSTER_DIR    the folder everything lives in (/tmp/dealgraph-cluster)
#   DEALGRAPH_CLUSTER_PORT   the first of the ports used (15400): HAProxy on it, the primary on
#                            +1, the standby on +2, the replicas on +11, +12, …
#   DEALGRAPH_REPLICAS       how many dealgraph replicas (2)
#   DEALGRAPH_BIN            the dealgraph binary (target/release/dealgraph)
#   DEALGRAPH_CLUSTER_FSYNC  `off` to skip PostgreSQL's fsync (tests; loses data on a crash of
#                            the machine, not of a process); on by default
#   DEALGRAPH_DRAIN          seconds a stopping replica answers /readyz 503 before it closes (2)
set -euo pipefail

DIR=${DEALGRAPH_CLUSTER_DIR:-/tmp/dealgraph-cluster}
BASE=${DEALGRAPH_CLUSTER_PORT:-15400}
REPLICAS=${DEALGRAPH_REPLICAS:-2}
BIN=${DEALGRAPH_BIN:-target/release/dealgraph}
FSYNC=${DEALGRAPH_CLUSTER_FSYNC:-on}
DRAIN=${DEALGRAPH_DRAIN:-2}
HAPROXY_PORT=$BASE
PRIMARY_PORT=$((BASE + 1))
STANDBY_PORT=$((BASE + 2))
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)

# The URLs the replicas use: every PostgreSQL server, of which the one taking writes; and the
# standby for reads.
WRITE_URL="postgres://postgres@127.0.0.1:$PRIMARY_PORT,127.0.0.1:$STANDBY_PORT/dealgraph?target_session_attrs=read-write"
READ_URL="postgres://postgres@127.0.0.1:$STANDBY_PORT/dealgraph"

die() { echo "cluster: $*" >&2; exit 1; }

# PostgreSQL refuses to run as root: its commands run as the postgres user then.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# Waits until `$@` succeeds, at most $1 seconds (the rest is the command).
wait_for() {
  local seconds=$1; shift
  local until=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$until" ] || return 1
    sleep 0.2
  done
}

pg_up() { as_postgres "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$1"; }
psql_at() { local port=$1; shift; as_postgres psql -X -q -At -h 127.0.0.1 -p "$port" -U postgres "$@"; }
ready() { curl -fsS -m 2 "http://127.0.0.1:$1/readyz"; }

start_replica() {
  local n=$1 port=$((BASE + 10 + $1))
  DEALGRAPH_DATABASE="$WRITE_URL" DEALGRAPH_READ_REPLICAS="$READ_URL" \
    nohup "$BIN" serve --listen "127.0.0.1:$port" --name "replica-$n" \
      --shutdown-drain "$DRAIN" --log-format json \
      >>"$DIR/replica-$n.log" 2>&1 &
  echo $! >"$DIR/replica-$n.pid"
}

wait_replica() {
  local n=$1 port=$((BASE + 10 + $1))
  wait_for 120 ready "$port" || die "replica-$n did not become ready (see $DIR/replica-$n.log)"
}

stop_pid_file() {
  local file=$1
  [ -f "$file" ] || return 0
  local pid; pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

up() {
  [ -n "$PG_BIN" ] || die "PostgreSQL is not installed (apt-get install postgresql-15)"
  [ -x "$HAPROXY" ] || die "HAProxy is not installed (apt-get install haproxy)"
  [ -x "$BIN" ] || die "no dealgraph binary at $BIN (cargo build --release, or set DEALGRAPH_BIN)"
  [ ! -e "$DIR/primary" ] || die "$DIR holds a cluster already (scripts/cluster.sh down)"
  mkdir -p "$DIR"
  [ "$(id -u)" != 0 ] || chown postgres "$DIR"

  # The primary: replication on, commits wait for the standby (synchronous_commit = on with a
  # synchronous standby), so no write acknowledged to a client is lost when the primary dies.
  as_postgres "$PG_BIN/initdb" -D "$DIR/primary" -U postgres --auth=trust -E UTF8 \
    --locale=C.UTF-8 >"$DIR/initdb.log"
  cat >>"$DIR/primary/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = '$DIR'
wal_level = replica
max_wal_senders = 10
hot_standby = on
synchronous_commit = on
fsync = $FSYNC
EOF
  as_postgres "$PG_BIN/pg_ctl" -D "$DIR/primary" -l "$DIR/primary.log" -w start >/dev/null
  psql_at "$PRIMARY_PORT" -c "CREATE DATABASE dealgraph"

  # The standby: a copy of the primary that streams and replays its WAL, named `standby` for
  # synchronous_standby_names.
  as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres \
    -D "$DIR/standby" -X stream -R --checkpoint=fast
  # After the primary_conninfo that -R wrote there: the last one wins.
  cat >>"$DIR/standby/postgresql.auto.conf" <<EOF
port = $STANDBY_PORT
primary_conninfo = 'host=127.0.0.1 port=$PRIMARY_PORT user=postgres application_name=standby'
EOF
  as_postgres "$PG_BIN/pg_ctl" -D "$DIR/standby" -l "$DIR/standby.log" -w start >/dev/null
  wait_for 30 pg_up "$STANDBY_PORT" || die "the standby did not start (see $DIR/standby.log)"
  # Only now that it streams do commits wait for it (they would wait for ever before); the
  # standby's copy of the settings does not ask for one, so once promoted it takes writes alone.
  psql_at "$PRIMARY_PORT" -c "ALTER SYSTEM SET synchronous_standby_names = 'standby'" \
    -c "SELECT pg_reload_conf()" >/dev/null

  # The replicas: the first migrates and seeds the database, then the others start.
  start_replica 1
  wait_replica 1
  for n in $(seq 2 "$REPLICAS"); do start_replica "$n"; done
  for n in $(seq 2 "$REPLICAS"); do wait_replica "$n"; done

  # HAProxy: round robin over the replicas that answer /readyz; WebSockets (subscriptions)
  # stay open through it.
  {
    cat <<EOF
global
    maxconn 4096
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout tunnel 1h
    retries 3
    option redispatch 1
    # A request is tried on another replica only when it cannot have been served: the
    # connection failed, or a kept-alive one was closed by a stopping replica before answering.
    retry-on conn-failure empty-response
frontend api
    bind 127.0.0.1:$HAPROXY_PORT
    default_backend replicas
backend replicas
    balance roundrobin
    option httpchk GET /readyz
    http-check expect status 200
    default-server inter 500ms fall 2 rise 2
EOF
    for n in $(seq 1 "$REPLICAS"); do
      echo "    server replica-$n 127.0.0.1:$((BASE + 10 + n)) check"
    done
  } >"$DIR/haproxy.cfg"
  "$HAPROXY" -f "$DIR/haproxy.cfg" -D -p "$DIR/haproxy.pid" >>"$DIR/haproxy.log" 2>&1
  wait_for 30 ready "$HAPROXY_PORT" || die "HAProxy does not answer (see $DIR/haproxy.log)"
  echo "cluster up: API at http://127.0.0.1:$HAPROXY_PORT/graphql (playground at /)"
  echo "  primary 127.0.0.1:$PRIMARY_PORT, synchronous standby 127.0.0.1:$STANDBY_PORT"
  echo "  replicas: $(for n in $(seq 1 "$REPLICAS"); do printf '127.0.0.1:%s ' $((BASE + 10 + n)); done)"
}

status() {
  [ -d "$DIR" ] || { echo "no cluster at $DIR"; return 0; }
  for port in "$PRIMARY_PORT" "$STANDBY_PORT"; do
    if pg_up "$port"; then
      role=$(psql_at "$port" -c "SELECT CASE WHEN pg_is_in_recovery() THEN 'standby' ELSE 'primary' END")
      echo "postgresql 127.0.0.1:$port $role"
    else
      echo "postgresql 127.0.0.1:$port down"
    fi
  done
  for n in $(seq 1 "$REPLICAS"); do
    port=$((BASE + 10 + n))
    if ready "$port" >/dev/null 2>&1; then state=ready; else state="not ready"; fi
    echo "replica-$n 127.0.0.1:$port $state"
  done
  if ready "$HAPROXY_PORT" >/dev/null 2>&1; then echo "haproxy 127.0.0.1:$HAPROXY_PORT up"; else echo "haproxy 127.0.0.1:$HAPROXY_PORT down"; fi
}

# The primary dies without a word (kill -9 of its postmaster), and the standby is promoted:
# the replicas find it through target_session_attrs=read-write by themselves.
failover() {
  local pid; pid=$(head -n 1 "$DIR/primary/postmaster.pid")
  kill -9 "$pid"
  as_postgres "$PG_BIN/pg_ctl" -D "$DIR/standby" -w promote >/dev/null
  echo "primary (pid $pid) killed; the standby on 127.0.0.1:$STANDBY_PORT is the primary now"
}

# Each replica in turn: SIGTERM (it drains, finishes its requests and exits), start again, wait
# until it is ready, then the next.
restart() {
  for n in $(seq 1 "$REPLICAS"); do
    stop_pid_file "$DIR/replica-$n.pid"
    start_replica "$n"
    wait_replica "$n"
    # Until HAProxy's health checks (rise 2, every 500 ms) take it back.
    sleep 1.5
    echo "replica-$n restarted"
  done
}

stop_standby() {
  as_postgres "$PG_BIN/pg_ctl" -D "$DIR/standby" -m immediate stop >/dev/null
  echo "standby on 127.0.0.1:$STANDBY_PORT stopped"
}

down() {
  [ -d "$DIR" ] || return 0
  stop_pid_file "$DIR/haproxy.pid"
  for file in "$DIR"/replica-*.pid; do [ -e "$file" ] && stop_pid_file "$file"; done
  for data in "$DIR/primary" "$DIR/standby"; do
    if [ -f "$data/postmaster.pid" ]; then
      as_postgres "$PG_BIN/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
    fi
  done
  rm -rf "$DIR"
  echo "cluster down"
}

case "${1:-}" in
  up) up ;;
  status) status ;;
  failover) failover ;;
  restart) restart ;;
  stop-standby) stop_standby ;;
  down) down ;;
  *) echo "usage: $0 up|status|failover|restart|stop-standby|down" >&2; exit 2 ;;
esac
