#!/bin/bash
# Benchmark ctbox's conntrack against conntrack-tools 1.4.7 and the raw
# ctnetlink floors, in a fresh network namespace per table size.
#
#   bench/run.sh [-q] [-r RUNS] [-s SEED] [-o OP,OP...] [-k] [N...]
#
#   N        table sizes (default: 100000 250000)
#   -q       quick smoke run: N=2000, 2 runs (unless given)
#   -r RUNS  runs per measurement, the median is shown (default 5)
#   -s SEED  ctfill seed (default 1)
#   -o OPS   only these operations (names as in the first column)
#   -k       keep the work directory (outputs of the last run of each)
#   -l       list the operations and exit
#
# Environment: CTBOX (default ../ctbox), REF (default /usr/sbin/conntrack).
# Needs root and `make -C bench'; see bench/README.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(dirname "$HERE")
CTBOX=${CTBOX:-$TOP/ctbox}
REF=${REF:-/usr/sbin/conntrack}
RUNS=5 SEED=1 ONLY= KEEP= QUICK=

# name | conntrack arguments | kind | floor command | check
# kind: ro = read-only on the filled table; mut = table refilled before
# every run; R = table flushed before every run; E = events while ctfill
# creates N entries.  Floor commands are bench/ programs; FILE, SEED and N
# are substituted.  check (mutating operations): floor_dump arguments
# whose count, taken after every run, must be the same for ctbox and
# 1.4.7 (it proves the command did its work).
OPS=(
	"L|-L|ro|floor_dump|"
	"L-ext|-L -o extended|ro|floor_dump|"
	"L-xml|-L -o xml|ro|floor_dump|"
	"L-json|-L -o json|ro|floor_dump|"
	"L-dport80|-L -p tcp --dport 80|ro|floor_dump -p tcp -d 80|"
	"L-mark|-L -m 1|ro|floor_dump -m 1|"
	"C|-C|ro|-|"
	"D-udp|-D -p udp|mut|floor_delete -p udp|-p udp"
	"U-tcp|-U -p tcp -m 1|mut|floor_delete -p tcp -U 1|-m 1"
	"U-tcp4|-U -f ipv4 -p tcp -m 1|mut|floor_delete -f ipv4 -p tcp -U 1|-m 1"
	"F|-F|mut|floor_delete -F|"
	"R|-R FILE|R|ctfill -s SEED N|"
	"E|-E|E|floor_dump -E N|"
)

usage() { sed -n '5,17p' "$0" | sed 's/^# \{0,1\}//'; exit "${1:-2}"; }

while getopts qr:s:o:klh c; do
	case $c in
	q) QUICK=1 ;;
	r) RUNS=$OPTARG ;;
	s) SEED=$OPTARG ;;
	o) ONLY=,$OPTARG, ;;
	k) KEEP=1 ;;
	l) for o in "${OPS[@]}"; do IFS='|' read -r n a _ <<<"$o"; printf '%-10s %s\n' "$n" "$a"; done; exit 0 ;;
	h) usage 0 ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
SIZES=${*:-100000 250000}
[ -n "$QUICK" ] && SIZES=${*:-2000} && [ "$RUNS" = 5 ] && RUNS=2
case $RUNS in ''|*[!0-9]*|0) echo "run.sh: bad -r $RUNS" >&2; exit 2 ;; esac
for n in $SIZES; do
	case $n in ''|*[!0-9]*|0) echo "run.sh: bad size $n" >&2; exit 2 ;; esac
done

[ "$(id -u)" = 0 ] || { echo "run.sh: needs root (network namespaces)" >&2; exit 1; }
make -s -C "$HERE" >/dev/null || exit 1
HAVE_CTBOX=1 HAVE_REF=1
[ -x "$CTBOX" ] || { echo "run.sh: no $CTBOX (make at the top first): ctbox column skipped" >&2; HAVE_CTBOX=; }
[ -x "$REF" ] || { echo "run.sh: no $REF: 1.4.7 column skipped" >&2; HAVE_REF=; }

NS=
W=$(mktemp -d /dev/shm/bch-run.XXXXXX)
MAX_FILE=/proc/sys/net/netfilter/nf_conntrack_max
OLD_MAX=
cleanup() {
	[ -n "$NS" ] && ip netns del "$NS" 2>/dev/null
	# nf_conntrack_max is global (read-only inside a netns on this
	# kernel): put back what we found.
	[ -n "$OLD_MAX" ] && echo "$OLD_MAX" > $MAX_FILE
	if [ -n "$KEEP" ]; then echo "run.sh: outputs kept in $W" >&2; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

nsx() { ip netns exec "$NS" "$@"; }
fill() { nsx "$HERE/floor_delete" -F && nsx "$HERE/ctfill" -s "$SEED" "$1" 2>/dev/null; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)]; else print "-" }'; }

# Command line of tool (ctbox, ref, floor) for operation args/floor.
tool_cmd() {
	local tool=$1 args=$2 floor=$3
	args=${args//FILE/$W/load.txt}
	case $tool in
	ctbox) echo "$CTBOX conntrack $args" ;;
	ref) echo "$REF $args" ;;
	floor)
		[ "$floor" = - ] && return 1
		floor=${floor//SEED/$SEED}
		echo "$HERE/${floor//N/$N}" ;;
	esac
}

# One timed run: results line appended to $W/res.OP.TOOL, output kept in
# $W/out.OP.TOOL, stderr in $W/err.OP.TOOL.
measure() {
	local op=$1 tool=$2
	shift 2
	nsx "$HERE/rusage" -o "$W/r" "$@" > "$W/out.$op.$tool" 2> "$W/err.$op.$tool"
	cat "$W/r" >> "$W/res.$op.$tool"
}

# Until the listener has joined a ctnetlink multicast group.
wait_listener() {
	local i
	for i in $(seq 50); do
		kill -0 "$1" 2>/dev/null || return 1
		nsx awk '$2 == 12 && $4 != "00000000" { f = 1 } END { exit !f }' /proc/net/netlink && return 0
		sleep 0.1
	done
	return 1
}

# Until the event output stops growing (or holds N lines).
wait_quiet() {
	local out=$1 last=-1 cur same=0 tries=0
	while [ $same -lt 5 ] && [ $tries -lt 300 ]; do
		tries=$((tries + 1))
		sleep 0.2
		cur=$(wc -l < "$out")
		[ "$cur" -ge "$N" ] && break
		if [ "$cur" = "$last" ]; then same=$((same + 1)); else same=0; fi
		last=$cur
	done
}

measure_events() {
	local op=$1 tool=$2 pid
	shift 2
	nsx "$HERE/floor_delete" -F
	# Not through nsx (a function): $! must be rusage itself, which
	# passes our SIGINT on to the listener.
	ip netns exec "$NS" "$HERE/rusage" -o "$W/r" "$@" \
		> "$W/out.$op.$tool" 2> "$W/err.$op.$tool" &
	pid=$!
	if wait_listener $pid; then
		nsx "$HERE/ctfill" -s "$SEED" "$N" 2>>"$W/fill.log"
		# The floor stops by itself after N events or 3 s of silence.
		[ "$tool" = floor ] || wait_quiet "$W/out.$op.$tool"
	else
		echo "run.sh: $tool listener did not subscribe" >&2
	fi
	kill -0 $pid 2>/dev/null && [ "$tool" != floor ] && kill -INT $pid
	wait $pid
	cat "$W/r" >> "$W/res.$op.$tool"
	if [ "$tool" = floor ]; then
		head -1 "$W/out.$op.$tool" >> "$W/events.$op.$tool"
	else
		wc -l < "$W/out.$op.$tool" >> "$W/events.$op.$tool"
	fi
}

run_op() {
	local name=$1 args=$2 kind=$3 floor=$4 post=$5 run tool cmd
	for run in $(seq "$RUNS"); do
		for tool in ctbox ref floor; do
			[ $tool = ctbox ] && [ -z "$HAVE_CTBOX" ] && continue
			[ $tool = ref ] && [ -z "$HAVE_REF" ] && continue
			cmd=$(tool_cmd $tool "$args" "$floor") || continue
			case $kind in
			mut) fill "$N" ;;
			R) nsx "$HERE/floor_delete" -F ;;
			E) measure_events "$name" $tool $cmd; continue ;;
			esac
			# shellcheck disable=SC2086
			measure "$name" $tool $cmd
			# shellcheck disable=SC2086
			[ $kind = ro ] || nsx "$HERE/floor_dump" $post >> "$W/post.$name.$tool"
		done
	done
	[ $kind = ro ] || fill "$N"
}

# Column COL (1 wall, 2 maxrss, 3 user, 4 sys) median of OP/TOOL.
med() {
	local f="$W/res.$1.$2"
	[ -s "$f" ] || { echo -; return; }
	awk -v c="$3" '{ print $c }' "$f" | median
}
cpu_med() {
	local f="$W/res.$1.$2"
	[ -s "$f" ] || { echo -; return; }
	awk '{ print $3 + $4 }' "$f" | median
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.2f", a / b }'; }
# Exit statuses other than 0 seen in OP/TOOL's runs, as "rc=1,2".
bad_rc() {
	local f="$W/res.$1.$2"
	[ -s "$f" ] || return 0
	awk '$5 != 0 { s[$5] = 1 } END { for (k in s) o = o (o ? "," : "") k; if (o) printf " %s rc=%s", t, o }' t="$2" "$f"
}
# Timeouts tick and event port ids change from run to run: blank them.
normalize() {
	sed -E 's/^( *(\[[A-Z]+\] *)?(ipv[46] +[0-9]+ +)?[a-z0-9-]+ +[0-9]+ +)[0-9]+/\1T/;
		s/<timeout>[0-9]+</<timeout>T</g; s/portid=[0-9]+/portid=P/' "$1"
}
# Whether ctbox printed what 1.4.7 printed (last run of each).
# The distinct counts a check left after TOOL's runs of OP, as "a,b".
post_of() {
	[ -s "$W/post.$1.$2" ] || { echo -; return; }
	sort -u "$W/post.$1.$2" | paste -sd, -
}

compare_out() {
	local c="$W/out.$1.ctbox" r="$W/out.$1.ref" pc pr pf
	local ref_ok=1
	[ -n "$(bad_rc "$1" ref)" ] && ref_ok=
	if [ -s "$W/post.$1.ctbox" ]; then
		# What the command left behind: the floor's result is the
		# truth (1.4.7's too, unless it failed).
		pc=$(post_of "$1" ctbox) pr=$(post_of "$1" ref) pf=$(post_of "$1" floor)
		if [ "$pc" != "$pf" ] || { [ -n "$ref_ok" ] && [ "$pc" != "$pr" ]; }; then
			echo " after=DIFF(ctbox $pc, 1.4.7 $pr, floor $pf)"
			return
		fi
		echo -n " after=same($pc)"
	fi
	[ -s "$c" ] && [ -s "$r" ] && [ -n "$ref_ok" ] || return 0
	normalize "$c" > "$W/cmp.c"
	normalize "$r" > "$W/cmp.r"
	if cmp -s "$W/cmp.c" "$W/cmp.r"; then
		echo " out=same"
	elif cmp -s <(sort "$W/cmp.c") <(sort "$W/cmp.r"); then
		echo " out=same-sorted"
	else
		echo " out=DIFF"
	fi
}

lines_of() { [ -f "$W/out.$1.$2" ] && wc -l < "$W/out.$1.$2" || echo -; }

fmt3() { awk -v v="$1" 'BEGIN { if (v == "-" || v == "") print "-"; else printf "%.3f", v }'; }

ROW='%-10s | %7s %7s %7s %6s %6s | %7s %7s %7s %6s %6s | %6s %6s %6s | %s\n'
header() {
	printf "$ROW" "" "wall s" "" "" "" "" "cpu s" "" "" "" "" "maxrss" "KiB" "" ""
	printf "$ROW" op ctbox 1.4.7 floor c/r c/f ctbox 1.4.7 floor c/r c/f ctbox 1.4.7 floor notes
}

report_row() {
	local name=$1 kind=$2 c r f uc ur uf note="" lc lr rc ok
	uc=$(cpu_med "$name" ctbox) ur=$(cpu_med "$name" ref) uf=$(cpu_med "$name" floor)
	if [ "$kind" = E ]; then
		# The listener's lifetime is ours to choose: only CPU counts.
		c=- r=- f=-
		lc=$(median < "$W/events.$name.ctbox" 2>/dev/null || echo -)
		lr=$(median < "$W/events.$name.ref" 2>/dev/null || echo -)
		note="events of $N: ctbox ${lc:--} 1.4.7 ${lr:--} floor $(median < "$W/events.$name.floor" 2>/dev/null)"
	else
		c=$(med "$name" ctbox 1) r=$(med "$name" ref 1) f=$(med "$name" floor 1)
		lc=$(lines_of "$name" ctbox) lr=$(lines_of "$name" ref)
		note="lines $lc/$lr$(compare_out "$name")"
	fi
	note="$note$(bad_rc "$name" ctbox)$(bad_rc "$name" ref)$(bad_rc "$name" floor)"
	rc=$(bad_rc "$name" ref | sed 's/.*rc=//')
	# A time means nothing if ctbox did not do the job.
	ok=ok
	case $note in *DIFF*) ok=wrong-output ;; esac
	[ -n "$(bad_rc "$name" ctbox)" ] && [ -z "$rc" ] && ok=ctbox-failed
	[ ! -s "$W/out.$name.ctbox" ] && [ "$kind" = ro ] && ok=no-output
	echo "$name $c $r $f $(med "$name" ctbox 2) ${lc:--} ${lr:--} ${rc:--} $uc $ur $uf $ok" >> "$W/sum.$N"
	printf "$ROW" "$name" "$(fmt3 "$c")" "$(fmt3 "$r")" "$(fmt3 "$f")" \
		"$(ratio "$c" "$r")" "$(ratio "$c" "$f")" \
		"$(fmt3 "$uc")" "$(fmt3 "$ur")" "$(fmt3 "$uf")" \
		"$(ratio "$uc" "$ur")" "$(ratio "$uc" "$uf")" \
		"$(med "$name" ctbox 2)" "$(med "$name" ref 2)" "$(med "$name" floor 2)" "$note"
}

# Value of column COL of OP in the summary of size N: wall 2 ctbox, 3 ref,
# 4 floor; 5 ctbox RSS; 6/7 events or lines; 8 ref's bad exit; cpu 9
# ctbox, 10 ref, 11 floor; 12 "ok" or why ctbox's result is not valid.
val() { awk -v op="$2" -v c="$3" '$1 == op { print $c }' "$W/sum.$1" 2>/dev/null; }

# One target: what, value, "<=" or ">=", limit [, verdict to force].
target() {
	local what=$1 v=$2 cmp=$3 lim=$4 verdict=${5:-}
	[ -n "$verdict" ] || verdict=$(awk -v v="$v" -v c="$cmp" -v l="$lim" 'BEGIN {
		if (v == "-" || v == "") print "n/a"
		else if ((c == "<=" && v + 0 <= l + 0) || (c == ">=" && v + 0 >= l + 0)) print "met"
		else print "MISSED" }')
	printf '  %-46s %8s  (target %s %s)  %s\n' "$what" "$v" "$cmp" "$lim" "$verdict"
}

# Ratio of OP's medians at size N: "wall" or "cpu", tool a over tool b
# (2/9 ctbox, 3/10 ref, 4/11 floor).
rt() {
	local n=$1 op=$2 kind=$3 a=$4 b=$5
	[ "$kind" = cpu ] && a=$((a + 7)) b=$((b + 7))
	ratio "$(val "$n" "$op" $a)" "$(val "$n" "$op" $b)"
}

# A wall-time ratio target, with the CPU-time ratio beside it (the wall
# clock is what the issue asks about; CPU time is steadier on a busy box).
tratio() {
	local what=$1 n=$2 op=$3 a=$4 b=$5 cmp=$6 lim=$7 force=${8:-} ok
	ok=$(val $n $op 12)
	[ -n "$ok" ] && [ "$ok" != ok ] && force="n/a: $ok"
	target "$what (cpu $(rt $n $op cpu $a $b))" "$(rt $n $op wall $a $b)" "$cmp" "$lim" "$force"
}

# The issue's targets, from the medians of size N.
report_targets() {
	local n=$1 r lost
	echo "targets (issue 4) at N=$n: wall-time ratios (CPU-time ratio in brackets)"
	tratio "-L / floor" $n L 2 4 "<=" 1.15
	tratio "-L / 1.4.7" $n L 2 3 "<=" 0.5
	tratio "-L -o xml / 1.4.7" $n L-xml 2 3 "<=" 0.45
	tratio "-L -o json / floor" $n L-json 2 4 "<=" 1.3
	tratio "-L -p tcp --dport 80 / 1.4.7" $n L-dport80 2 3 "<=" 0.5
	tratio "-L -m 1 / 1.4.7" $n L-mark 2 3 "<=" 0.5
	tratio "-D -p udp / 1.4.7" $n D-udp 2 3 "<=" 0.5
	tratio "-D -p udp / floor" $n D-udp 2 4 "<=" 1.2
	r=$(val $n U-tcp4 8)
	[ "$r" = - ] && r=
	tratio "-U -f ipv4 -p tcp -m 1 / 1.4.7" $n U-tcp4 2 3 "<=" 0.3 \
		"${r:+n/a: 1.4.7 failed (exit $r)}"
	tratio "-U -p tcp -m 1 / floor (no target)" $n U-tcp 2 4 "<=" - "info"
	tratio "-R: 1.4.7 / ctbox" $n R 3 2 ">=" 5
	lost=$(val $n E 6)
	[ -n "$lost" ] && [ "$lost" != - ] && lost=$((n - lost))
	r=$(val $n E 12)
	r=$([ "${r:-ok}" = ok ] || echo "n/a: $r")
	target "-E events lost" "${lost:--}" "<=" 0 "$r"
	target "-E CPU / 1.4.7" "$(rt $n E cpu 2 3)" "<=" 0.5 "$r"
	r=$(val $n L 12)
	target "-L max RSS KiB" "$(val $n L 5)" "<=" 1024 "$([ "${r:-ok}" = ok ] || echo "n/a: $r")"
}

for N in $SIZES; do
	[ -n "$NS" ] && ip netns del "$NS"
	NS=bch-run-$$-$N
	ip netns add "$NS" || exit 1
	nsx ip link set lo up
	if [ "$N" -gt $(( $(cat $MAX_FILE) - 1000 )) ]; then
		[ -z "$OLD_MAX" ] && OLD_MAX=$(cat $MAX_FILE)
		echo $((N + 10000)) > $MAX_FILE || exit 1
	fi
	rm -f "$W"/res.* "$W"/events.* "$W"/out.* "$W"/err.* "$W"/post.*
	nsx "$HERE/ctfill" -R -s "$SEED" "$N" > "$W/load.txt"
	fill "$N" || { echo "run.sh: ctfill $N failed" >&2; exit 1; }
	got=$(nsx "$HERE/floor_dump")
	[ "$got" = "$N" ] || { echo "run.sh: table holds $got entries, not $N" >&2; exit 1; }
	echo "N=$N  runs=$RUNS  seed=$SEED  $(nproc) cpus  kernel $(uname -r)  (medians; times in s, RSS in KiB)"
	header
	for o in "${OPS[@]}"; do
		IFS='|' read -r name args kind floor post <<<"$o"
		[ -n "$ONLY" ] && [ "${ONLY#*,$name,}" = "$ONLY" ] && continue
		run_op "$name" "$args" "$kind" "$floor" "$post"
		report_row "$name" "$kind"
	done
	echo
	report_targets "$N"
	echo
	LAST=$N FIRST=${FIRST:-$N}
done
if [ "${FIRST:-}" != "${LAST:-}" ]; then
	a=$(val "$FIRST" L 5) b=$(val "$LAST" L 5)
	echo "-L max RSS: $a KiB at N=$FIRST, $b KiB at N=$LAST (target: the same; growth $(awk -v a="$a" -v b="$b" 'BEGIN { if (a == "-" || b == "-" || a == "" || b == "") print "n/a"; else printf "%+d KiB", b - a }'))"
fi
