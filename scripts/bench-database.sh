# shellcheck shell=bash
# The database sections of scripts/bench (SPEC section 11), sourced by it:
#   challenges   second-factor challenges verified end to end vs pgbench's bare select + update
#   bulk_import  1,000,000 accounts imported vs a bare COPY of the same file
#   campaign     a campaign over ~700,000 of 1,000,000 SMS-only accounts vs one bare UPDATE
# Uses scripts/bench's helpers (log, die, free_port, wait_http, stop_pid, median, ratio, pass_fail,
# json_str, json_list, pids, pg_dirs, CPU_LOAD, CPU_PROXY, DURATION, WARMUP, ROUNDS, out, work).
#
# Environment (all optional):
#   BENCH_CHALLENGE_CONCURRENCY=64   requests in flight (driver) = pgbench clients
#   BENCH_CHALLENGE_ACCOUNTS=200000  accounts with a TOTP factor and a held login (each answered once)
#   BENCH_CHALLENGE_JIT_WARMUP=15    seconds of challenges before the first round (the fresh gateway's JIT)
#   BENCH_IMPORT_ROWS=1000000        lines of the generated account file (target/bench/accounts-<rows>.csv)
#   BENCH_DB_ROUNDS=$BENCH_ROUNDS    measured rounds of the import and campaign sections

SKIP_challenges="not selected in this run"
SKIP_bulk_import="not selected in this run"
SKIP_campaign="not selected in this run"

CH_CONCURRENCY="${BENCH_CHALLENGE_CONCURRENCY:-64}"
CH_ACCOUNTS="${BENCH_CHALLENGE_ACCOUNTS:-200000}"
CH_JIT_WARMUP="${BENCH_CHALLENGE_JIT_WARMUP:-30}"
# The driver is a fresh JVM for each round of 15 s, on the gateway's CPU: compiled by C1 alone, it
# spends its CPU on requests rather than on C2 compiling itself (about half the CPU per request).
CH_DRIVER_OPTS="-Xmx1g -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
IMPORT_ROWS="${BENCH_IMPORT_ROWS:-1000000}"
DB_ROUNDS="${BENCH_DB_ROUNDS:-$ROUNDS}"
CAMPAIGN_PREFIX="+8613"

# ---------------------------------------------------------------------------------------------
# classpath of the Java helpers (test scope: dev.factorgate.bench.*)

BENCH_CP=""
bench_classpath() {
  [ -n "$BENCH_CP" ] && return 0
  local cp="$out/cp.txt"
  if [ ! -d target/test-classes/dev/factorgate/bench ] || [ -n "$(find src pom.xml -newer target/test-classes/dev/factorgate/bench -print -quit)" ]; then
    log "compiling the benchmark drivers (mvn -B -q test-compile)"
    timeout 1200 mvn -B -q test-compile || die "mvn test-compile failed"
    touch target/test-classes/dev/factorgate/bench
  fi
  if [ ! -s "$cp" ] || [ pom.xml -nt "$cp" ]; then
    timeout 600 mvn -B -q dependency:build-classpath -Dmdep.outputFile="$cp" -Dmdep.includeScope=test >/dev/null \
      || die "mvn dependency:build-classpath failed"
  fi
  BENCH_CP="target/test-classes:target/classes:$(cat "$cp")"
}

# ---------------------------------------------------------------------------------------------
# PostgreSQL: the gateway's embedded PostgreSQL 17 (same binaries and settings as `serve` on the
# embedded database: fsync and synchronous commit on), started on its own by BenchPostgres

PG_PORT=""
PG_LAUNCHER=""
start_bench_pg() { # start_bench_pg NAME CPUS
  local name="$1" cpus="$2" dir="$work/pg-$1"
  mkdir -p "$dir"
  bench_classpath
  PG_PORT="$(free_port)"
  pg_dirs+=("$dir/data")
  taskset -c "$cpus" java -Xmx128m -XX:+UseSerialGC -cp "$BENCH_CP" dev.factorgate.bench.BenchPostgres "$dir/data" "$PG_PORT" \
    >"$dir/postgres.log" 2>&1 &
  PG_LAUNCHER=$!
  pids+=("$PG_LAUNCHER")
  for _ in $(seq 1 600); do
    grep -q '^ready ' "$dir/postgres.log" 2>/dev/null && break
    kill -0 "$PG_LAUNCHER" 2>/dev/null || die "PostgreSQL did not start ($dir/postgres.log)"
    sleep 0.2
  done
  grep -q '^ready ' "$dir/postgres.log" || die "PostgreSQL did not start in 120 s ($dir/postgres.log)"
  PG_URL="postgresql://postgres@127.0.0.1:$PG_PORT/factorgate"
  PG_JDBC="jdbc:postgresql://127.0.0.1:$PG_PORT/factorgate"
  PG_VERSION="$(psql_db -c 'show server_version')"
  PG_SETTINGS="$(psql_db -F' ' -c "select string_agg(name || '=' || setting, ', ' order by name) from pg_settings where name in ('synchronous_commit', 'fsync', 'shared_buffers', 'max_connections', 'full_page_writes')")"
  log "PostgreSQL $PG_VERSION on 127.0.0.1:$PG_PORT (CPUs $cpus): $PG_SETTINGS"
}

stop_bench_pg() { [ -n "$PG_LAUNCHER" ] && stop_pid "$PG_LAUNCHER"; PG_LAUNCHER=""; }

psql_db() { psql -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d factorgate "$@"; }

# psql_timed SQL: runs one statement and prints the milliseconds psql's \timing reports for it
psql_timed() {
  local f="$work/psql-$(date +%s%N).out"
  printf '\\timing on\n%s\n' "$1" | psql_db >"$f" 2>&1 || { cat "$f" >&2; die "psql failed: $1"; }
  awk '/^Time: / { v = $2 } END { if (v == "") exit 1; print v }' "$f" || { cat "$f" >&2; die "no timing for: $1"; }
}

# ---------------------------------------------------------------------------------------------
# the gateway under test, on that database, with a master key and an admin token the bench knows

GW_PID=""
start_gateway_db() { # start_gateway_db NAME CPUS
  local name="$1" cpus="$2" dir="$work/gateway-$1" try
  mkdir -p "$dir"
  BENCH_KEYS="${BENCH_KEYS:-kbench:$(head -c 32 /dev/urandom | base64 -w0)}"
  BENCH_ADMIN_TOKEN="${BENCH_ADMIN_TOKEN:-$(head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=')}"
  # The shipped defaults, but behind a load balancer on 127.0.0.1 (X-Forwarded-For names the user,
  # as in production, so the per-IP limit counts each user) and with no upstream (none is needed:
  # the held logins are preloaded).
  cat >"$dir/factorgate.yaml" <<YAML
server:
  trusted_proxies: [127.0.0.1/32]
upstream:
  url: http://127.0.0.1:9
email:
  outbox_dir: $dir/outbox
${GW_EXTRA_YAML:-}
YAML
  local opts="${FACTORGATE_JAVA_OPTS:-$(sed -n 's/.*FACTORGATE_JAVA_OPTS:-\(.*\)}.*/\1/p' scripts/factorgate)}"
  if [ "${BENCH_JFR:-0}" = 1 ]; then opts="$opts -XX:StartFlightRecording=filename=$out/factorgate-$name.jfr,settings=profile"; fi
  GW_JAVA_OPTS_USED="$opts"
  for try in 1 2 3; do # a free port may be taken by someone else before the gateway binds it
  GW_PORT="$(free_port)"
  GW_ADMIN_PORT="$(free_port)"
  (
    cd "$dir"
    export FACTORGATE_DATABASE_URL="$PG_URL" FACTORGATE_MASTER_KEYS="$BENCH_KEYS" FACTORGATE_ADMIN_TOKEN="$BENCH_ADMIN_TOKEN"
    export FACTORGATE_PUBLIC_PORT="$GW_PORT" FACTORGATE_ADMIN_PORT="$GW_ADMIN_PORT" FACTORGATE_VAR_DIR="$dir/var"
    export FACTORGATE_JAVA_OPTS="$opts"
    exec taskset -c "$cpus" "$root/scripts/factorgate" serve --config "$dir/factorgate.yaml"
  ) >"$dir/factorgate.log" 2>&1 &
  GW_PID=$!
  pids+=("$GW_PID")
  local ready=""
  for _ in $(seq 1 900); do
    if curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$GW_ADMIN_PORT/ready" 2>/dev/null; then ready=1; break; fi
    kill -0 "$GW_PID" 2>/dev/null || break
    sleep 0.2
  done
  [ -n "$ready" ] && break
  kill -0 "$GW_PID" 2>/dev/null && die "factorgate did not become ready in 180 s ($dir/factorgate.log)"
  log "factorgate exited at start (try $try): $(grep -v '^\s*at ' "$dir/factorgate.log" | tail -2 | tr '\n' ' ')"
  [ "$try" = 3 ] && die "factorgate did not start ($dir/factorgate.log)"
  done
  GW_JAVA_PID="$(pgrep -P "$GW_PID" java || echo "$GW_PID")"
}

stop_gateway_db() { [ -n "$GW_PID" ] && stop_pid "$GW_PID"; GW_PID=""; }

cpu_busy() { # cpu_busy CPU: "busy total" jiffies of one CPU from /proc/stat
  awk -v c="cpu$1" '$1 == c { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat
}
proc_ticks() { # proc_ticks PID: CPU time (clock ticks) of a process, its reaped children and its live children
  local p="$1" t c
  t="$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$p/stat" 2>/dev/null || echo 0)"
  for c in $(pgrep -P "$p" 2>/dev/null); do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$c/stat" 2>/dev/null || echo 0))); done
  echo "$t"
}
per_unit_us() { # per_unit_us TICKS_BEFORE TICKS_AFTER UNITS: microseconds of CPU per unit
  awk -v b="$1" -v a="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN { if (n <= 0) print "null"; else printf "%.0f", (a - b) * 1e6 / hz / n }'
}
busy_pct() { # busy_pct "BEFORE" "AFTER"
  awk -v b="$1" -v a="$2" 'BEGIN { split(b, x, " "); split(a, y, " "); d = y[2] - x[2]; if (d <= 0) print "null"; else printf "%.0f", 100 * (y[1] - x[1]) / d }'
}

# ---------------------------------------------------------------------------------------------
# section: challenges

section_challenges() {
  local dir="$work/challenges"
  mkdir -p "$dir"
  bench_classpath
  # The database on a CPU of its own, the same for both; on the other CPU whatever drives it: the
  # gateway and its load generator, or pgbench (which is both) in their place
  log "challenges: PostgreSQL on CPU $CPU_LOAD; the gateway and the driver (or pgbench in their place) on CPU $CPU_PROXY"
  start_bench_pg challenges "$CPU_LOAD"
  # as many database connections as pgbench has clients
  GW_EXTRA_YAML="database:
  pool_size: $CH_CONCURRENCY" start_gateway_db challenges "$CPU_PROXY"
  CH_GW_OPTS="$GW_JAVA_OPTS_USED"
  local seed; seed="$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  log "challenges: preloading $CH_ACCOUNTS accounts, TOTP factors and held logins (COPY)"
  FACTORGATE_MASTER_KEYS="$BENCH_KEYS" java -Xmx3g -cp "$BENCH_CP" dev.factorgate.bench.ChallengeBench preload \
    --jdbc "$PG_JDBC" --seed "$seed" --accounts "$CH_ACCOUNTS" >&2 || die "preload failed"

  # pgbench: the bare transaction, as the gateway's select + conditional update. The step is the
  # clock in microseconds, so that every transaction writes (as every verified challenge does);
  # the steps it leaves behind are cleared after each run, so the gateway's codes still count.
  cat >"$dir/select-update.sql" <<'SQL'
\set aid random(1, :n)
BEGIN;
SELECT id, secret, algorithm, digits, period, last_step, (extract(epoch from clock_timestamp()) * 1000000)::bigint AS step
  FROM factors WHERE account_id = :aid AND kind = 'totp' AND status = 'active' \gset
UPDATE factors SET last_step = :step, last_used_at = now()
 WHERE id = :id AND status = 'active' AND (last_step IS NULL OR last_step < :step);
END;
SQL
  CH_PGBENCH_CMD="taskset -c $CPU_PROXY pgbench -n -M prepared -c $CH_CONCURRENCY -j 1 -T $DURATION -D n=$CH_ACCOUNTS -f select-update.sql"
  local next=1 r f
  log "challenges: ${CH_JIT_WARMUP} s of challenges to warm the fresh gateway up (not measured)"
  taskset -c "$CPU_PROXY" java $CH_DRIVER_OPTS -cp "$BENCH_CP" dev.factorgate.bench.ChallengeBench drive \
    --url "http://127.0.0.1:$GW_PORT" --seed "$seed" --first "$next" --accounts "$CH_ACCOUNTS" --warmup "$CH_JIT_WARMUP" \
    --duration 1 --concurrency "$CH_CONCURRENCY" --out "$dir/factorgate-jit-warmup.json" >"$dir/driver-jit-warmup.log" 2>&1 \
    || { cat "$dir/driver-jit-warmup.log" >&2; die "challenge driver failed"; }
  next="$(jq_num "$dir/factorgate-jit-warmup.json" next_account)"
  CH_PG_US_GW="" CH_PG_US_PG="" CH_GW_US=""
  PG_POSTMASTER="$(head -1 "$work/pg-challenges/data/postmaster.pid")"
  CH_GW="" CH_PG="" CH_ERR="" CH_P50="" CH_P99="" CH_PG_P99="" CH_CPU_GW="" CH_CPU_PG="" CH_LOADS=""
  for r in $(seq 1 "$ROUNDS"); do
    log "challenges round $r/$ROUNDS: factorgate, $CH_CONCURRENCY in flight, accounts from $next (load $(cut -d' ' -f1-3 /proc/loadavg))"
    CH_LOADS+="$(cut -d' ' -f1 /proc/loadavg) "
    f="$dir/factorgate-r$r.json"
    local b1 a1 b0 a0
    b1="$(cpu_busy "$CPU_PROXY")"; b0="$(cpu_busy "$CPU_LOAD")"
    local pgb gwb pga gwa
    pgb="$(proc_ticks "$PG_POSTMASTER")"; gwb="$(proc_ticks "$GW_JAVA_PID")"
    taskset -c "$CPU_PROXY" java $CH_DRIVER_OPTS -cp "$BENCH_CP" dev.factorgate.bench.ChallengeBench drive \
      --url "http://127.0.0.1:$GW_PORT" --seed "$seed" --first "$next" --accounts "$CH_ACCOUNTS" --warmup "$WARMUP" \
      --duration "$DURATION" --concurrency "$CH_CONCURRENCY" --out "$f" >"$dir/driver-r$r.log" 2>&1 \
      || { cat "$dir/driver-r$r.log" >&2; die "challenge driver failed"; }
    pga="$(proc_ticks "$PG_POSTMASTER")"; gwa="$(proc_ticks "$GW_JAVA_PID")"
    a1="$(cpu_busy "$CPU_PROXY")"; a0="$(cpu_busy "$CPU_LOAD")"
    local all=$(( $(jq_num "$f" verified) + $(jq_num "$f" verified_warmup) ))
    CH_PG_US_GW+="$(per_unit_us "$pgb" "$pga" "$all") "; CH_GW_US+="$(per_unit_us "$gwb" "$gwa" "$all") "
    local v e p50 p99 ranout
    v="$(jq_num "$f" verified_per_s)"; e="$(jq_num "$f" errors)"; p50="$(jq_num "$f" p50_ms)"; p99="$(jq_num "$f" p99_ms)"
    next="$(jq_num "$f" next_account)"; ranout="$(grep -c '"ran_out_of_accounts" : true' "$f" || true)"
    CH_GW+="$v "; CH_ERR+="$e "; CH_P50+="$p50 "; CH_P99+="$p99 "; CH_CPU_GW+="$(busy_pct "$b1" "$a1")/$(busy_pct "$b0" "$a0") "
    log "  factorgate: $v verified/s, p50 $p50 ms, p99 $p99 ms, errors $e; busy: CPU $CPU_PROXY $(busy_pct "$b1" "$a1")%, CPU $CPU_LOAD $(busy_pct "$b0" "$a0")%; CPU µs per challenge: PostgreSQL $(echo $CH_PG_US_GW | awk '{ print $NF }'), gateway $(echo $CH_GW_US | awk '{ print $NF }')"
    [ "$e" = 0 ] || log "  errors: $(tr -d '\n' <"$f" | sed 's/.*"error_kinds" : \({[^}]*}\).*"first_error" : \("[^"]*"\).*/\1 first: \2/')"
    [ "$ranout" = 0 ] || log "  warning: the driver ran out of accounts (BENCH_CHALLENGE_ACCOUNTS=$CH_ACCOUNTS): the rate is understated"

    log "challenges round $r/$ROUNDS: pgbench, $CH_CONCURRENCY clients (load $(cut -d' ' -f1-3 /proc/loadavg))"
    (cd "$dir" && taskset -c "$CPU_PROXY" pgbench -n -M prepared -c "$CH_CONCURRENCY" -j 1 -T "$WARMUP" -D n="$CH_ACCOUNTS" \
      -f select-update.sql -h 127.0.0.1 -p "$PG_PORT" -U postgres factorgate >"pgbench-warmup-r$r.txt" 2>&1) || die "pgbench failed ($dir/pgbench-warmup-r$r.txt)"
    b1="$(cpu_busy "$CPU_PROXY")"; b0="$(cpu_busy "$CPU_LOAD")"; pgb="$(proc_ticks "$PG_POSTMASTER")"
    (cd "$dir" && taskset -c "$CPU_PROXY" pgbench -n -M prepared -c "$CH_CONCURRENCY" -j 1 -T "$DURATION" -D n="$CH_ACCOUNTS" -r \
      -f select-update.sql -h 127.0.0.1 -p "$PG_PORT" -U postgres factorgate >"pgbench-r$r.txt" 2>&1) || die "pgbench failed ($dir/pgbench-r$r.txt)"
    a1="$(cpu_busy "$CPU_PROXY")"; a0="$(cpu_busy "$CPU_LOAD")"
    sleep 1 # pgbench's 64 backends exit with it: their CPU time counts once the postmaster has reaped them
    pga="$(proc_ticks "$PG_POSTMASTER")"
    CH_PG_US_PG+="$(per_unit_us "$pgb" "$pga" "$(awk '/actually processed/ { split($NF, a, "/"); print a[1] }' "$dir/pgbench-r$r.txt")") "
    local tps; tps="$(awk '/^tps = / { printf "%.0f", $3 }' "$dir/pgbench-r$r.txt")"
    [ -n "$tps" ] || die "no tps in $dir/pgbench-r$r.txt"
    CH_PG+="$tps "; CH_CPU_PG+="$(busy_pct "$b1" "$a1")/$(busy_pct "$b0" "$a0") "
    log "  pgbench: $tps TPS; busy: CPU $CPU_PROXY $(busy_pct "$b1" "$a1")%, CPU $CPU_LOAD $(busy_pct "$b0" "$a0")%; PostgreSQL CPU µs per transaction $(echo $CH_PG_US_PG | awk '{ print $NF }')"
    psql_db -c "update factors set last_step = null where last_step > 100000000000" >/dev/null
    psql_db -c "vacuum factors" >/dev/null
  done
  CH_RSS="$(rss_mib "$GW_JAVA_PID" VmRSS)"
  stop_gateway_db
  stop_bench_pg
  SKIP_challenges=""
}

json_list_str() { local first=1; printf '['; for v in $1; do [ $first = 1 ] || printf ', '; first=0; printf '"%s"' "$v"; done; printf ']'; }
jq_num() { sed -n "s/^ *\"$2\" : \([-0-9.]*\).*/\1/p" "$1" | head -1; }

# ---------------------------------------------------------------------------------------------
# sections: bulk_import and campaign, on one database (the campaign uses the imported accounts)

BULK_READY=""
bulk_database() {
  [ -n "$BULK_READY" ] && return 0
  log "bulk: PostgreSQL and the gateway on every CPU (the bare statements get the whole machine too)"
  start_bench_pg bulk "0-$(( $(nproc) - 1 ))"
  start_gateway_db bulk "0-$(( $(nproc) - 1 ))"
  BULK_GW_OPTS="$GW_JAVA_OPTS_USED"
  BULK_READY=1
}

# accounts-<rows>.csv: user_id strictly increasing (as exports are), CN mobile numbers in E.164 of
# which ~70% start +8613 (the campaign's audience), ~30% with an email, verification and last-login
# times in the last years, some never logged in. Made once, kept under target/bench.
import_file() {
  IMPORT_FILE="$out/accounts-$IMPORT_ROWS.csv"
  [ -s "$IMPORT_FILE" ] && return 0
  log "generating $IMPORT_FILE"
  awk -v n="$IMPORT_ROWS" 'BEGIN {
    srand(20261122);
    split("150 151 152 153 155 156 157 158 159 176 177 178 180 181 182 183 184 185 186 187 188 189 198 199", other, " ");
    split("example.com example.net example.org", dom, " ");
    print "user_id,phone,email,phone_verified_at,last_login_at";
    for (i = 1; i <= n; i++) {
      p = (rand() < 0.7) ? "13" int(rand() * 10) : other[1 + int(rand() * 24)];
      phone = sprintf("+86%s%08d", p, int(rand() * 100000000));
      email = (rand() < 0.3) ? sprintf("user%d@%s", i, dom[1 + int(rand() * 3)]) : "";
      v = 1546300800 + int(rand() * 180000000);
      verified = strftime("%Y-%m-%dT%H:%M:%SZ", v, 1);
      last = (rand() < 0.9) ? strftime("%Y-%m-%dT%H:%M:%SZ", v + int(rand() * 20000000), 1) : "";
      printf "u%09d,%s,%s,%s,%s\n", i, phone, email, verified, last;
    }
  }' >"$IMPORT_FILE.tmp" && mv "$IMPORT_FILE.tmp" "$IMPORT_FILE"
}

admin_post() { # admin_post PATH CONTENT-TYPE DATA-ARG OUTFILE -> prints seconds (curl time_total)
  curl -sS -o "$4" -w '%{http_code} %{time_total}\n' -X POST -H "Authorization: Bearer $BENCH_ADMIN_TOKEN" \
    -H "Content-Type: $2" --data-binary "$3" "http://127.0.0.1:$GW_ADMIN_PORT$1"
}

empty_accounts() {
  psql_db -c "truncate accounts, campaigns restart identity cascade" >/dev/null
  psql_db -c "checkpoint" >/dev/null
}

# Imports the file through the admin API; checks every line went in; prints the seconds.
api_import() { # api_import OUTFILE
  local res code secs
  res="$(admin_post /api/accounts/import text/csv "@$IMPORT_FILE" "$1")" || die "import request failed"
  read -r code secs <<<"$res"
  [ "$code" = 200 ] || die "import answered $code: $(head -c 500 "$1")"
  grep -q "\"inserted\":$IMPORT_ROWS[,}]" "$1" || die "import did not insert $IMPORT_ROWS rows: $(head -c 500 "$1")"
  printf '%s' "$secs"
}

section_bulk_import() {
  local dir="$work/bulk_import" r
  mkdir -p "$dir"
  import_file
  bulk_database
  psql_db -c "create table bare_accounts (user_id text, phone text, email text, phone_verified_at timestamptz, last_login_at timestamptz)"
  psql_db -c "create table indexed_accounts (like accounts including all)"
  BI_COPY="" BI_COPY_IDX="" BI_API="" BI_CLI="" BI_LOADS=""
  local copy_cols="(user_id, phone, email, phone_verified_at, last_login_at)"
  BI_COPY_CMD="psql -c '\\copy bare_accounts $copy_cols from '\''accounts-$IMPORT_ROWS.csv'\'' with (format csv, header true)'"
  for r in $(seq 1 "$DB_ROUNDS"); do
    log "bulk_import round $r/$DB_ROUNDS (load $(cut -d' ' -f1-3 /proc/loadavg))"
    BI_LOADS+="$(cut -d' ' -f1 /proc/loadavg) "
    psql_db -c "truncate bare_accounts, indexed_accounts" -c "checkpoint" >/dev/null
    local ms; ms="$(psql_timed "\\copy bare_accounts $copy_cols from '$IMPORT_FILE' with (format csv, header true)")"
    BI_COPY+="$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }') "
    log "  bare COPY into a table without indexes: $ms ms"
    ms="$(psql_timed "\\copy indexed_accounts $copy_cols from '$IMPORT_FILE' with (format csv, header true)")"
    BI_COPY_IDX+="$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }') "
    log "  bare COPY into a copy of accounts (its indexes and checks): $ms ms"
    psql_db -c "truncate bare_accounts, indexed_accounts" >/dev/null
    empty_accounts
    local secs; secs="$(api_import "$dir/import-api-r$r.json")"
    BI_API+="$secs "
    log "  factorgate POST /api/accounts/import: $secs s ($(head -c 200 "$dir/import-api-r$r.json"))"
    empty_accounts
    local t0 t1
    t0="$(date +%s%N)"
    ( export FACTORGATE_DATABASE_URL="$PG_URL" FACTORGATE_MASTER_KEYS="$BENCH_KEYS"
      scripts/factorgate accounts import "$IMPORT_FILE" --config "$work/gateway-bulk/factorgate.yaml" ) >"$dir/import-cli-r$r.txt" 2>&1 \
      || die "scripts/factorgate accounts import failed ($dir/import-cli-r$r.txt)"
    t1="$(date +%s%N)"
    BI_CLI+="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }') "
    log "  scripts/factorgate accounts import (with the JVM's start): $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }') s: $(tail -1 "$dir/import-cli-r$r.txt" | tr -d '\r' | tail -c 200)"
  done
  psql_db -c "drop table bare_accounts, indexed_accounts" >/dev/null
  psql_db -c "vacuum analyze accounts" >/dev/null
  SKIP_bulk_import=""
}

section_campaign() {
  local dir="$work/campaign" r
  mkdir -p "$dir"
  import_file
  bulk_database
  if [ "$(psql_db -c 'select count(*) from accounts')" != "$IMPORT_ROWS" ]; then
    log "campaign: importing the $IMPORT_ROWS accounts first"
    empty_accounts
    api_import "$dir/import.json" >/dev/null
    psql_db -c "vacuum analyze accounts" >/dev/null
  fi
  CA_SELECTED="$(psql_db -c "select count(*) from accounts where phone like '$CAMPAIGN_PREFIX%'")"
  CA_TOTAL="$(psql_db -c "select count(*) from accounts")"
  CA_UPDATE_SQL="update accounts set phone_virtual = true where phone like '$CAMPAIGN_PREFIX%'"
  CA_BODY="{\"name\":\"bench-R\",\"mode\":\"nudge\",\"audience\":{\"phone_prefixes\":[\"$CAMPAIGN_PREFIX\"]}}"
  CA_UPDATE="" CA_API="" CA_CLI="" CA_CLI_OWN="" CA_LOADS=""
  for r in $(seq 1 "$DB_ROUNDS"); do
    log "campaign round $r/$DB_ROUNDS (load $(cut -d' ' -f1-3 /proc/loadavg))"
    CA_LOADS+="$(cut -d' ' -f1 /proc/loadavg) "
    psql_db -c "checkpoint" >/dev/null
    local ms; ms="$(psql_timed "$CA_UPDATE_SQL")"
    CA_UPDATE+="$(awk -v m="$ms" 'BEGIN { printf "%.3f", m / 1000 }') "
    log "  bare UPDATE flagging $CA_SELECTED of $CA_TOTAL rows: $ms ms"
    psql_db -c "update accounts set phone_virtual = false where phone_virtual" >/dev/null
    psql_db -c "vacuum analyze accounts" -c "checkpoint" >/dev/null
    local res code secs
    res="$(admin_post /api/campaigns application/json "${CA_BODY/bench-R/bench-api-$r}" "$dir/campaign-api-r$r.json")" || die "campaign request failed"
    read -r code secs <<<"$res"
    [ "$code" = 201 ] || die "campaign create answered $code: $(head -c 500 "$dir/campaign-api-r$r.json")"
    grep -q "\"targeted\":$CA_SELECTED[,}]" "$dir/campaign-api-r$r.json" || die "campaign targeted other than $CA_SELECTED: $(cat "$dir/campaign-api-r$r.json")"
    CA_API+="$secs "
    log "  factorgate POST /api/campaigns: $secs s ($(cat "$dir/campaign-api-r$r.json"))"
    psql_db -c "truncate campaigns cascade" -c "vacuum analyze campaign_members" -c "checkpoint" >/dev/null
    local t0 t1
    t0="$(date +%s%N)"
    ( export FACTORGATE_DATABASE_URL="$PG_URL" FACTORGATE_MASTER_KEYS="$BENCH_KEYS"
      scripts/factorgate campaign create --name "bench-cli-$r" --mode nudge --phone-prefix "$CAMPAIGN_PREFIX" \
        --config "$work/gateway-bulk/factorgate.yaml" ) >"$dir/campaign-cli-r$r.txt" 2>&1 \
      || die "scripts/factorgate campaign create failed ($dir/campaign-cli-r$r.txt)"
    t1="$(date +%s%N)"
    CA_CLI+="$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }') "
    CA_CLI_OWN+="$(sed -n 's/.*targeted (\([0-9.]*\) s).*/\1/p' "$dir/campaign-cli-r$r.txt" | tail -1) "
    log "  scripts/factorgate campaign create: $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }') s with the JVM's start: $(tail -1 "$dir/campaign-cli-r$r.txt")"
    psql_db -c "truncate campaigns cascade" -c "vacuum analyze campaign_members" >/dev/null
  done
  SKIP_campaign=""
}

stop_bulk_database() { if [ -n "$BULK_READY" ]; then stop_gateway_db; stop_bench_pg; BULK_READY=""; fi; }

# ---------------------------------------------------------------------------------------------
# report: JSON keys and Markdown sections

db_sections_json() {
  if [ -z "$SKIP_challenges" ]; then
    local gw pg rt
    gw="$(median $CH_GW)"; pg="$(median $CH_PG)"; rt="$(ratio "$gw" "$pg")"
    printf '  "challenges": {"accounts": %s, "concurrency": %s, "duration_s": %s, "warmup_s": %s, "postgres": %s, "postgres_settings": %s,\n' \
      "$CH_ACCOUNTS" "$CH_CONCURRENCY" "$DURATION" "$WARMUP" "$(json_str "$PG_VERSION")" "$(json_str "$PG_SETTINGS")"
    printf '    "layout": %s, "factorgate_java_opts": %s, "factorgate_rss_mib": %s, "pgbench_command": %s,\n' \
      "$(json_str "PostgreSQL on CPU $CPU_LOAD; factorgate and the driver, or pgbench, on CPU $CPU_PROXY")" "$(json_str "$CH_GW_OPTS")" \
      "${CH_RSS:-null}" "$(json_str "$CH_PGBENCH_CMD")"
    printf '    "factorgate_verified_per_s": %s, "pgbench_tps": %s, "ratio": %s, "target": 0.35, "pass": %s,\n' \
      "$gw" "$pg" "$rt" "$([ "$(pass_fail "$rt" '>=' 0.35)" = PASS ] && echo true || echo false)"
    printf '    "factorgate_verified_per_s_all": %s, "pgbench_tps_all": %s, "errors_all": %s, "p50_ms_all": %s, "p99_ms_all": %s,\n' \
      "$(json_list "$CH_GW")" "$(json_list "$CH_PG")" "$(json_list "$CH_ERR")" "$(json_list "$CH_P50")" "$(json_list "$CH_P99")"
    printf '    "postgres_cpu_us_per_challenge_all": %s, "postgres_cpu_us_per_pgbench_tx_all": %s, "factorgate_cpu_us_per_challenge_all": %s,\n' \
      "$(json_list "$CH_PG_US_GW")" "$(json_list "$CH_PG_US_PG")" "$(json_list "$CH_GW_US")"
    printf '    "busy_pct_cpu%s_cpu%s_factorgate_all": %s, "busy_pct_cpu%s_cpu%s_pgbench_all": %s, "load1_before_rounds": %s},\n' \
      "$CPU_PROXY" "$CPU_LOAD" "$(json_list_str "$CH_CPU_GW")" "$CPU_PROXY" "$CPU_LOAD" "$(json_list_str "$CH_CPU_PG")" "$(json_list "$CH_LOADS")"
  else
    printf '  "challenges": null,\n'
  fi
  if [ -z "$SKIP_bulk_import" ]; then
    local c a rt
    c="$(median $BI_COPY)"; a="$(median $BI_API)"; rt="$(ratio "$a" "$c")"
    printf '  "bulk_import": {"rows": %s, "file": %s, "bare_copy_s": %s, "copy_into_indexed_accounts_s": %s, "import_api_s": %s, "import_cli_s": %s,\n' \
      "$IMPORT_ROWS" "$(json_str "target/bench/accounts-$IMPORT_ROWS.csv")" "$c" "$(median $BI_COPY_IDX)" "$a" "$(median $BI_CLI)"
    printf '    "ratio": %s, "target": 2, "pass": %s, "ratio_cli": %s, "bare_copy_s_all": %s, "copy_into_indexed_accounts_s_all": %s, "import_api_s_all": %s, "import_cli_s_all": %s, "load1_before_rounds": %s},\n' \
      "$rt" "$([ "$(pass_fail "$rt" '<=' 2)" = PASS ] && echo true || echo false)" "$(ratio "$(median $BI_CLI)" "$c")" \
      "$(json_list "$BI_COPY")" "$(json_list "$BI_COPY_IDX")" "$(json_list "$BI_API")" "$(json_list "$BI_CLI")" "$(json_list "$BI_LOADS")"
  else
    printf '  "bulk_import": null,\n'
  fi
  if [ -z "$SKIP_campaign" ]; then
    local u a rt
    u="$(median $CA_UPDATE)"; a="$(median $CA_API)"; rt="$(ratio "$a" "$u")"
    printf '  "campaign": {"accounts": %s, "selected": %s, "bare_update": %s, "bare_update_s": %s, "campaign_api_s": %s, "campaign_cli_s": %s, "campaign_cli_own_s": %s,\n' \
      "$CA_TOTAL" "$CA_SELECTED" "$(json_str "$CA_UPDATE_SQL")" "$u" "$a" "$(median $CA_CLI)" "$(median $CA_CLI_OWN)"
    printf '    "ratio": %s, "target": 1.5, "pass": %s, "bare_update_s_all": %s, "campaign_api_s_all": %s, "campaign_cli_s_all": %s, "load1_before_rounds": %s},\n' \
      "$rt" "$([ "$(pass_fail "$rt" '<=' 1.5)" = PASS ] && echo true || echo false)" \
      "$(json_list "$CA_UPDATE")" "$(json_list "$CA_API")" "$(json_list "$CA_CLI")" "$(json_list "$CA_LOADS")"
  else
    printf '  "campaign": null,\n'
  fi
}

db_sections_md() {
  if [ -z "$SKIP_challenges" ]; then
    local gw pg rt
    gw="$(median $CH_GW)"; pg="$(median $CH_PG)"; rt="$(ratio "$gw" "$pg")"
    cat <<MD
## Second-factor challenges

$CH_ACCOUNTS accounts with policy \`second_factor_required\`, each with one active TOTP factor
(sealed with SecretBox) and one held login, preloaded with COPY (\`ChallengeBench preload\`). The
driver (\`src/test/java/dev/factorgate/bench/ChallengeBench.java\`) answers each held login once
with the current code: \`POST /_factorgate/api/challenge {"method":"totp","code"}\` with
\`Authorization: Bearer <pending token>\` and an \`X-Forwarded-For\` of the user's own address
(the gateway sits behind a load balancer on 127.0.0.1, \`server.trusted_proxies\`), $CH_CONCURRENCY
requests in flight, Vert.x HTTP/1.1 keep-alive. Verified = status 200 with the held body byte for
byte and a new \`Factorgate-Session\`; anything else counts as an error. pgbench runs the bare
transaction on the same database with the same number of clients: select the factor's secret by
\`account_id\`, then \`UPDATE factors SET last_step = :step … WHERE id = :id AND (last_step IS NULL OR
last_step < :step)\` (\`target/bench/work/challenges/select-update.sql\`).

- **layout**: PostgreSQL $PG_VERSION (the gateway's embedded binaries, \`$PG_SETTINGS\`) alone on
  CPU $CPU_LOAD, the same for both; on CPU $CPU_PROXY what drives it: \`scripts/factorgate serve\` and the
  driver, or pgbench (its own load generator) in their place
- **factorgate**: \`FACTORGATE_DATABASE_URL=postgresql://postgres@127.0.0.1:<port>/factorgate taskset -c $CPU_PROXY scripts/factorgate serve\`,
  JVM options \`$CH_GW_OPTS\`, \`database.pool_size: $CH_CONCURRENCY\` (as many connections as pgbench's clients)
- **driver**: \`taskset -c $CPU_PROXY java $CH_DRIVER_OPTS -cp target/test-classes:target/classes:\$(cat target/bench/cp.txt) dev.factorgate.bench.ChallengeBench drive --concurrency $CH_CONCURRENCY --warmup $WARMUP --duration $DURATION …\`
- **pgbench**: \`$CH_PGBENCH_CMD\`, after a ${WARMUP} s warm-up run
- ${CH_JIT_WARMUP} s of challenges first (the fresh gateway's JIT), then ${ROUNDS} interleaved rounds
  (factorgate, pgbench, factorgate, …), each after a ${WARMUP} s warm-up; medians; 1-minute load
  average before each round (other builds share the machine): $(echo $CH_LOADS | sed 's/ /, /g')

| | median | each round | busy % CPU $CPU_PROXY / CPU $CPU_LOAD |
|---|---:|---|---|
| factorgate, verified challenges/s | $gw | $(echo $CH_GW | sed 's/ /, /g') | $(echo $CH_CPU_GW | sed 's/ /, /g') |
| factorgate p50 / p99 ms | $(median $CH_P50) / $(median $CH_P99) | | |
| factorgate errors (non-200 or wrong body) | | $(echo $CH_ERR | sed 's/ /, /g') | |
| pgbench, bare select + conditional update, TPS | $pg | $(echo $CH_PG | sed 's/ /, /g') | $(echo $CH_CPU_PG | sed 's/ /, /g') |

| ratio | value | target | result |
|---|---:|---|---|
| factorgate verified/s ÷ pgbench TPS | $rt | ≥ 0.35 | **$(pass_fail "$rt" '>=' 0.35)** |
| (for reading) PostgreSQL's CPU per bare transaction ÷ per verified challenge: the ratio when the database's CPU is the limit | $(ratio "$(median $CH_PG_US_PG)" "$(median $CH_PG_US_GW)") | | |

CPU time per unit of work, from the processes' own counters (user + system; less disturbed by
other load on the machine than the rates), medians (each round):

| | µs |
|---|---|
| PostgreSQL per verified challenge | $(median $CH_PG_US_GW) ($(echo $CH_PG_US_GW | sed 's/ /, /g')) |
| PostgreSQL per pgbench transaction | $(median $CH_PG_US_PG) ($(echo $CH_PG_US_PG | sed 's/ /, /g')) |
| factorgate per verified challenge | $(median $CH_GW_US) ($(echo $CH_GW_US | sed 's/ /, /g')) |

MD
  else
    printf '## Second-factor challenges\n\nskipped: %s\n\n' "$SKIP_challenges"
  fi
  if [ -z "$SKIP_bulk_import" ]; then
    local c a rt
    c="$(median $BI_COPY)"; a="$(median $BI_API)"; rt="$(ratio "$a" "$c")"
    cat <<MD
## Bulk import

\`target/bench/accounts-$IMPORT_ROWS.csv\`: $IMPORT_ROWS lines \`user_id,phone,email,phone_verified_at,last_login_at\`,
user ids increasing, CN mobile numbers in E.164 (~70 % \`+8613…\`), ~30 % with an email. PostgreSQL
$PG_VERSION and the gateway may use both CPUs (so may the bare COPY). Each round: the bare COPY, then
the import into an empty \`accounts\` (truncated before each run). ${DB_ROUNDS} rounds; medians; load
before each round: $(echo $BI_LOADS | sed 's/ /, /g').

- **bare COPY**: \`$BI_COPY_CMD\` into \`bare_accounts\` (the same five columns and types, no
  constraints, no indexes), psql's \`\\timing\`
- **COPY into a copy of accounts** (for comparison): the same into \`create table … (like accounts including all)\`
- **factorgate, admin API**: \`curl -X POST -H 'Authorization: Bearer …' -H 'Content-Type: text/csv' --data-binary @accounts-$IMPORT_ROWS.csv http://127.0.0.1:<admin>/api/accounts/import\` to the running gateway (curl's total time)
- **factorgate, CLI**: \`scripts/factorgate accounts import accounts-$IMPORT_ROWS.csv\` (wall time, JVM start included)

| | median s | each round |
|---|---:|---|
| bare COPY, table without indexes | $c | $(echo $BI_COPY | sed 's/ /, /g') |
| bare COPY into a copy of \`accounts\` | $(median $BI_COPY_IDX) | $(echo $BI_COPY_IDX | sed 's/ /, /g') |
| factorgate import, admin API | $a | $(echo $BI_API | sed 's/ /, /g') |
| factorgate import, CLI (JVM start included) | $(median $BI_CLI) | $(echo $BI_CLI | sed 's/ /, /g') |

| ratio | value | target | result |
|---|---:|---|---|
| import (admin API) ÷ bare COPY | $rt | ≤ 2 | **$(pass_fail "$rt" '<=' 2)** |
| import (CLI, JVM start included) ÷ bare COPY | $(ratio "$(median $BI_CLI)" "$c") | ≤ 2 | $(pass_fail "$(ratio "$(median $BI_CLI)" "$c")" '<=' 2) |

MD
  else
    printf '## Bulk import\n\nskipped: %s\n\n' "$SKIP_bulk_import"
  fi
  if [ -z "$SKIP_campaign" ]; then
    local u a rt
    u="$(median $CA_UPDATE)"; a="$(median $CA_API)"; rt="$(ratio "$a" "$u")"
    cat <<MD
## Campaign materialisation

$CA_TOTAL SMS-only accounts (the import above); the audience \`phone_prefixes: ["$CAMPAIGN_PREFIX"]\` selects
$CA_SELECTED of them. Same database and CPUs as the import. Each round: the bare UPDATE (then reset
and \`VACUUM\`), then the campaign (then its members removed). ${DB_ROUNDS} rounds; medians; load
before each round: $(echo $CA_LOADS | sed 's/ /, /g').

- **bare UPDATE**: \`$CA_UPDATE_SQL\`, psql's \`\\timing\`
- **factorgate, admin API**: \`curl -X POST … http://127.0.0.1:<admin>/api/campaigns\` with \`$(printf '%s' "${CA_BODY/bench-R/bench-api-N}")\` (curl's total time: campaign row, members, audit, one transaction)
- **factorgate, CLI**: \`scripts/factorgate campaign create --name … --mode nudge --phone-prefix $CAMPAIGN_PREFIX\`

| | median s | each round |
|---|---:|---|
| bare UPDATE of $CA_SELECTED rows | $u | $(echo $CA_UPDATE | sed 's/ /, /g') |
| factorgate campaign, admin API | $a | $(echo $CA_API | sed 's/ /, /g') |
| factorgate campaign, CLI: its own figure / wall time with the JVM's start | $(median $CA_CLI_OWN) / $(median $CA_CLI) | $(echo $CA_CLI | sed 's/ /, /g') |

| ratio | value | target | result |
|---|---:|---|---|
| campaign (admin API) ÷ bare UPDATE | $rt | ≤ 1.5 | **$(pass_fail "$rt" '<=' 1.5)** |
| campaign (CLI, JVM start included) ÷ bare UPDATE | $(ratio "$(median $CA_CLI)" "$u") | ≤ 1.5 | $(pass_fail "$(ratio "$(median $CA_CLI)" "$u")" '<=' 1.5) |

MD
  else
    printf '## Campaign materialisation\n\nskipped: %s\n\n' "$SKIP_campaign"
  fi
}
