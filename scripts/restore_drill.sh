#!/usr/bin/env bash
# Point-in-time restore drill for gongfa's PostgreSQL (issue #17 item 5; see docs/backup.md).
#
# Builds a throw-away "live" cluster with continuous WAL archiving, loads gongfa into it through the
# platform's own code, takes a verified base backup, writes more work orders, records a recovery
# target with the row counts at that moment, writes yet more orders, then restores the base backup
# plus the archived WAL into a fresh data directory up to the target and checks that the restored
# database holds exactly what the live one held at the target: not less, and not the later orders.
#
#   scripts/restore_drill.sh                       # defaults: 40 orders a phase, timestamp target
#   scripts/restore_drill.sh --orders 100 --target name --keep
#
# Options:
#   --orders N        work orders written in each of the three write phases (default 40)
#   --target KIND     time: recover to a timestamp taken from the server (default; what an incident
#                     needs: "just before 14:03"); name: to a restore point made with
#                     pg_create_restore_point (what a planned change uses); end: a control run
#                     that sets no target and replays the whole archive, so the comparison must
#                     FAIL (exit 1): it shows the check can tell
#   --keep            keep the drill folder (data directories, archive, backup, logs) afterwards
#
# Runs as root (the PostgreSQL tools then run as the `postgres` user through runuser) or as an
# ordinary user (the tools run as that user). Uses its own clusters on 127.0.0.1:55432 ("live") and
# 127.0.0.1:55433 (the restore), never the machine's own cluster, and stops both on exit, whatever
# happens. Environment: PGBIN (default /usr/lib/postgresql/15/bin), DRILL_LIVE_PORT,
# DRILL_RESTORE_PORT, DRILL_DIR (default var/restore_drill, or /tmp/gongfa-restore-drill when the
# postgres user cannot reach the checkout).
set -euo pipefail
# The whole script is one block, read before any of it runs: editing or pulling a new version of
# this file while a drill runs cannot change what the running drill does.
{

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
LIVE_PORT=${DRILL_LIVE_PORT:-55432}
RESTORE_PORT=${DRILL_RESTORE_PORT:-55433}
ORDERS=40
TARGET_KIND=time
KEEP=0
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
HELPER="$ROOT/scripts/restore_drill/drill.py"

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'; }

needs_value() { [ $# -ge 2 ] || { echo "restore_drill: $1 needs a value (see --help)" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --orders) needs_value "$@"; ORDERS=$2; shift 2 ;;
    --orders=*) ORDERS=${1#*=}; shift ;;
    --target) needs_value "$@"; TARGET_KIND=$2; shift 2 ;;
    --target=*) TARGET_KIND=${1#*=}; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "restore_drill: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if ! [[ "$ORDERS" =~ ^[0-9]+$ ]] || [ "$ORDERS" -lt 1 ] || [ "$ORDERS" -gt 5000 ]; then
  echo "restore_drill: --orders takes a whole number from 1 to 5000 (got '$ORDERS')" >&2; exit 2
fi
case "$TARGET_KIND" in time|name|end) ;; *) echo "restore_drill: --target is time, name or end (got '$TARGET_KIND')" >&2; exit 2 ;; esac

# ----------------------------------------------------------------------------------------------
# Who runs the server tools, and where.
# ----------------------------------------------------------------------------------------------
if [ "$(id -u)" = "0" ]; then
  PG_USER=postgres
  id "$PG_USER" >/dev/null 2>&1 || { echo "restore_drill: no '$PG_USER' user (install postgresql-15)" >&2; exit 1; }
  # From / : the tools complain when they cannot enter the current folder (a checkout under /root).
  as_pg() { (cd / && runuser -u "$PG_USER" -- "$@"); }
else
  PG_USER=$(id -un)
  as_pg() { "$@"; }
fi
for tool in initdb pg_ctl pg_basebackup pg_verifybackup postgres psql createdb; do
  [ -x "$PGBIN/$tool" ] || { echo "restore_drill: $PGBIN/$tool not found (apt-get install postgresql-15, or set PGBIN)" >&2; exit 1; }
done
[ -x "$PYTHON" ] || { echo "restore_drill: $PYTHON not found; run 'make setup' first" >&2; exit 1; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$LIVE_PORT" "$RESTORE_PORT"; do
  if port_busy "$port"; then
    echo "restore_drill: something already listens on 127.0.0.1:$port (an earlier drill still running?)" >&2
    exit 1
  fi
done

BASE_DIR=${DRILL_DIR:-$ROOT/var/restore_drill}
mkdir -p "$BASE_DIR"
BASE_DIR=$(cd "$BASE_DIR" && pwd)
# The servers run as postgres, so every folder above the drill folder must let that user through.
# A checkout under /root does not: then (unless DRILL_DIR names a folder) the drill uses /tmp.
if [ "$PG_USER" != "$(id -un)" ] && ! as_pg test -x "$BASE_DIR"; then
  if [ -n "${DRILL_DIR:-}" ]; then
    echo "restore_drill: the $PG_USER user cannot reach DRILL_DIR=$BASE_DIR (a parent folder is closed to it)" >&2
    rmdir "$BASE_DIR" 2>/dev/null || true
    exit 1
  fi
  rmdir "$BASE_DIR" 2>/dev/null || true
  BASE_DIR=/tmp/gongfa-restore-drill
  mkdir -p -m 755 "$BASE_DIR"
  if [ -L "$BASE_DIR" ] || [ ! -O "$BASE_DIR" ]; then
    echo "restore_drill: $BASE_DIR is not a folder of $(id -un); remove it or set DRILL_DIR" >&2
    exit 1
  fi
  echo "note: the $PG_USER user cannot reach $ROOT/var, so the drill works in $BASE_DIR"
fi
WORK="$BASE_DIR/run"
# A previous --keep run (or an interrupted one) leaves its folder: start clean.
if [ -e "$WORK" ]; then
  for data in "$WORK/live" "$WORK/restored"; do
    if [ -f "$data/postmaster.pid" ]; then
      as_pg "$PGBIN/pg_ctl" -D "$data" status >/dev/null 2>&1 \
        && { echo "restore_drill: a server from an earlier drill still runs on $data; stop it first" >&2; exit 1; }
    fi
  done
  rm -rf "$WORK"
fi
mkdir -p "$WORK"/{archive,logs,sockets,state}
if [ "$PG_USER" != "$(id -un)" ]; then
  chown -R "$PG_USER:" "$WORK"
  as_pg test -w "$WORK" || { echo "restore_drill: the $PG_USER user cannot write to $WORK" >&2; exit 1; }
fi
chmod 700 "$WORK/sockets"
LIVE="$WORK/live"
BACKUP="$WORK/base"
RESTORED="$WORK/restored"
ARCHIVE="$WORK/archive"
SOCKETS="$WORK/sockets"
LOGS="$WORK/logs"
STATE="$WORK/state"

# ----------------------------------------------------------------------------------------------
# Tear-down: whatever happened, no server of ours is left running.
# ----------------------------------------------------------------------------------------------
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  for data in "$RESTORED" "$LIVE"; do
    if [ -f "$data/postmaster.pid" ]; then
      as_pg "$PGBIN/pg_ctl" -D "$data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    fi
  done
  if [ "$status" -ne 0 ] && [ "$KEEP" != "1" ]; then
    for log in "$LOGS/live.log" "$LOGS/restored.log"; do
      [ -s "$log" ] && { echo "--- last lines of $(basename "$log") (--keep keeps the whole folder):"; tail -n 15 "$log"; } >&2
    done
  fi
  if [ "$KEEP" = "1" ]; then
    echo "==> Kept $WORK (servers stopped)"
  else
    rm -rf "$WORK"
    rmdir "$BASE_DIR" 2>/dev/null || true
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ----------------------------------------------------------------------------------------------
# Helpers.
# ----------------------------------------------------------------------------------------------
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }
DRILL_STARTED=$(date +%s.%N)
PHASE_STARTED=$DRILL_STARTED
PHASES=()
phase() {  # phase "title": close the previous phase's clock and start the next
  local took
  if [ -n "${PHASE_NAME:-}" ]; then
    took=$(elapsed "$PHASE_STARTED")
    PHASES+=("$(printf '%-56s %6s s' "$PHASE_NAME" "$took")")
    echo "    ($took s)"
  fi
  PHASE_NAME=$1
  PHASE_STARTED=$(date +%s.%N)
  [ -n "$1" ] && echo "==> $1"
  return 0
}
psql_live() { as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKETS" -p "$LIVE_PORT" -U postgres -At "$@"; }
psql_restored() { as_pg "$PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$SOCKETS" -p "$RESTORE_PORT" -U postgres -At "$@"; }
# The platform's own code, against one of the drill's clusters (DEBUG=1: development keys and
# secret; no broker, so background tasks run in-process; LOG_LEVEL=ERROR keeps the console SMS
# backend's messages out of the drill's output).
django() {
  local port=$1; shift
  env -u CELERY_BROKER_URL DEBUG=1 GONGFA_TESTING=0 LOG_LEVEL=ERROR \
    DATABASE_URL="postgres://postgres@127.0.0.1:$port/gongfa" "$@"
}
# Wait until the archiver has copied segment $1 (and so every segment before it).
wait_archived() {
  local segment=$1 deadline=$((SECONDS + 60))
  until [ -f "$ARCHIVE/$segment" ]; do
    if [ $SECONDS -ge $deadline ]; then
      echo "restore_drill: WAL segment $segment was not archived within 60 s:" >&2
      psql_live -c "SELECT * FROM pg_stat_archiver" >&2 || true
      tail -n 20 "$LOGS/live.log" >&2 || true
      exit 1
    fi
    sleep 0.2
  done
}

echo "Point-in-time restore drill: $ORDERS orders a phase, recovery target by $TARGET_KIND"
echo "  folder $WORK; live cluster 127.0.0.1:$LIVE_PORT, restore 127.0.0.1:$RESTORE_PORT; PostgreSQL tools as $PG_USER"
"$PGBIN/postgres" --version

# ----------------------------------------------------------------------------------------------
# (a) The live cluster, archiving every finished WAL segment.
# ----------------------------------------------------------------------------------------------
phase "(a) initdb the live cluster, WAL archiving on"
install -m 755 -o "$PG_USER" "$ROOT/scripts/restore_drill/archive_wal.sh" "$WORK/archive_wal.sh"
as_pg "$PGBIN/initdb" -D "$LIVE" -U postgres --auth=trust --data-checksums -E UTF8 --locale=C.UTF-8 >"$LOGS/initdb.log"
cat >>"$LIVE/postgresql.conf" <<EOF

# --- restore drill (scripts/restore_drill.sh) ---
listen_addresses = '127.0.0.1'
port = $LIVE_PORT
unix_socket_directories = '$SOCKETS'
wal_level = replica
archive_mode = on
archive_command = '$WORK/archive_wal.sh %p $ARCHIVE/%f'
archive_timeout = 60
max_wal_senders = 4
shared_buffers = 128MB
fsync = on
EOF
as_pg "$PGBIN/pg_ctl" -D "$LIVE" -l "$LOGS/live.log" -w -t 60 start >/dev/null
as_pg "$PGBIN/createdb" -h "$SOCKETS" -p "$LIVE_PORT" -U postgres gongfa
echo "    archive_command = $(psql_live -c 'SHOW archive_command')"

# ----------------------------------------------------------------------------------------------
# (b) gongfa's schema and a workload through the platform's own code.
# ----------------------------------------------------------------------------------------------
phase "(b) manage.py migrate"
django "$LIVE_PORT" "$PYTHON" manage.py migrate --no-input -v 0
phase "(b) seed_demo (small) and the first $ORDERS orders"
django "$LIVE_PORT" "$PYTHON" manage.py seed_demo --villages 12 --citizens 60 --work-orders 30 --no-accounts -v 0
django "$LIVE_PORT" "$PYTHON" "$HELPER" workload --orders "$ORDERS" --label before-backup

# ----------------------------------------------------------------------------------------------
# (c) Base backup, checksummed manifest, verified.
# ----------------------------------------------------------------------------------------------
phase "(c) pg_basebackup (SHA-256 manifest) and pg_verifybackup"
as_pg "$PGBIN/pg_basebackup" -h "$SOCKETS" -p "$LIVE_PORT" -U postgres -D "$BACKUP" -Fp -X stream \
  --checkpoint=fast --manifest-checksums=SHA256 --label="restore drill $(date -u +%FT%TZ)"
as_pg "$PGBIN/pg_verifybackup" "$BACKUP" | sed 's/^/    /'
echo "    backup: $(du -sh "$BACKUP" | cut -f1); $(grep -c '"Path"' "$BACKUP/backup_manifest") files in the manifest"
sed -n 's/^\(START WAL LOCATION\|CHECKPOINT LOCATION\|START TIME\|LABEL\): /    \1: /p' "$BACKUP/backup_label"

# ----------------------------------------------------------------------------------------------
# (d) More orders, then the recovery target with the counts at that moment.
# ----------------------------------------------------------------------------------------------
phase "(d) $ORDERS more orders, then the recovery target ($TARGET_KIND)"
django "$LIVE_PORT" "$PYTHON" "$HELPER" workload --orders "$ORDERS" --label before-target
# (--target end still records the values at this moment: they are what the restore is compared with.)
django "$LIVE_PORT" "$PYTHON" "$HELPER" snapshot --target "${TARGET_KIND/end/time}" --out "$STATE/target.json"
TARGET_VALUE=$("$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["target"])' "$STATE/target.json")
echo "    recovery target: $TARGET_KIND = $TARGET_VALUE"
segment=$(psql_live -c "SELECT pg_walfile_name(pg_switch_wal())")
wait_archived "$segment"

# ----------------------------------------------------------------------------------------------
# (e) Yet more orders after the target: the restore must not contain them.
# ----------------------------------------------------------------------------------------------
phase "(e) $ORDERS orders after the target"
django "$LIVE_PORT" "$PYTHON" "$HELPER" workload --orders "$ORDERS" --label after-target
django "$LIVE_PORT" "$PYTHON" "$HELPER" snapshot --out "$STATE/final.json"
segment=$(psql_live -c "SELECT pg_walfile_name(pg_switch_wal())")
wait_archived "$segment"
echo "    archive: $(find "$ARCHIVE" -type f | wc -l) files, $(du -sh "$ARCHIVE" | cut -f1)"
# The disaster: the live cluster is gone. Only the base backup and the archive remain.
as_pg "$PGBIN/pg_ctl" -D "$LIVE" -m fast -w stop >/dev/null

# ----------------------------------------------------------------------------------------------
# (f) Restore the base backup into a fresh data directory and recover to the target.
# ----------------------------------------------------------------------------------------------
phase "(f) restore the base backup, replay WAL to the target"
as_pg cp -a "$BACKUP" "$RESTORED"
chmod 700 "$RESTORED"
rm -f "$RESTORED/backup_manifest"
case "$TARGET_KIND" in
  time) target_setting="recovery_target_time = '$TARGET_VALUE'" ;;
  name) target_setting="recovery_target_name = '$TARGET_VALUE'" ;;
  end)
    target_setting="# control run: no recovery target, the whole archive is replayed"
    echo "    CONTROL RUN: no recovery target; the comparison below must fail" ;;
esac
# postgresql.auto.conf is read after postgresql.conf: these lines win over the live settings.
cat >>"$RESTORED/postgresql.auto.conf" <<EOF
# --- restore drill: point-in-time recovery ---
port = $RESTORE_PORT
unix_socket_directories = '$SOCKETS'
listen_addresses = '127.0.0.1'
archive_mode = off
restore_command = 'cp $ARCHIVE/%f %p'
$target_setting
recovery_target_action = promote
EOF
chown "$PG_USER:" "$RESTORED/postgresql.auto.conf"
as_pg touch "$RESTORED/recovery.signal"
restore_failed() {
  echo "restore_drill: $1; the end of the restored server's log:" >&2
  tail -n 30 "$LOGS/restored.log" >&2
  exit 1
}
as_pg "$PGBIN/pg_ctl" -D "$RESTORED" -l "$LOGS/restored.log" -w -t 120 start >/dev/null \
  || restore_failed "the restored server did not start"
deadline=$((SECONDS + 120))
until [ "$(psql_restored -c 'SELECT pg_is_in_recovery()' 2>/dev/null)" = "f" ]; do
  # A target recovery cannot reach (a time after the last archived commit) is fatal since PostgreSQL 13.
  as_pg "$PGBIN/pg_ctl" -D "$RESTORED" status >/dev/null 2>&1 || restore_failed "the restored server stopped during recovery"
  [ $SECONDS -lt $deadline ] || restore_failed "recovery did not finish within 120 s"
  sleep 0.2
done
grep -E "starting point-in-time recovery|recovery stopping|selected new timeline|archive recovery complete|database system is ready" \
  "$LOGS/restored.log" | sed 's/^/    log: /'

# ----------------------------------------------------------------------------------------------
# (g) Compare.
# ----------------------------------------------------------------------------------------------
phase "(g) compare the restored database with the live one"
django "$RESTORE_PORT" "$PYTHON" manage.py migrate --check -v 0 \
  || { echo "restore_drill: the restored database lacks migrations the live one had" >&2; exit 1; }
django "$RESTORE_PORT" "$PYTHON" "$HELPER" snapshot --out "$STATE/restored.json"
set +e
"$PYTHON" "$HELPER" compare "$STATE/target.json" "$STATE/final.json" "$STATE/restored.json"
result=$?
set -e
phase ""
echo
echo "Timings:"
printf '  %s\n' "${PHASES[@]}"
printf '  %-56s %6s s\n' "total" "$(elapsed "$DRILL_STARTED")"
if [ "$result" -ne 0 ]; then
  echo "RESTORE DRILL FAILED" >&2
  exit "$result"
fi
echo "RESTORE DRILL PASSED"
exit 0
}
