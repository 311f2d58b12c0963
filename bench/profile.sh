#!/bin/bash
# Where does a conntrack command spend its time?  Fills a fresh netns with
# N entries (ctfill) and profiles one command on it.
#
#   bench/profile.sh [-n N] [-c] [-t TOP] [-- ] CONNTRACK-ARGS...
#
#   -n N    table size (default 100000)
#   -c      valgrind --tool=callgrind (instructions, user space only)
#           instead of perf (cycles, user + kernel)
#   -t TOP  lines of the report (default 30)
#
# CTBOX (default ../ctbox) is profiled; REF=1 profiles /usr/sbin/conntrack.
# Example: bench/profile.sh -n 100000 -L -o xml
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
CTBOX=${CTBOX:-$(dirname "$HERE")/ctbox}
N=100000 CG= TOP=30
while [ $# -gt 0 ]; do
	case $1 in
	-n) N=$2; shift 2 ;;
	-c) CG=1; shift ;;
	-t) TOP=$2; shift 2 ;;
	--) shift; break ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || { sed -n '5,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
if [ -n "${REF:-}" ]; then CMD=(/usr/sbin/conntrack "$@"); else CMD=("$CTBOX" conntrack "$@"); fi
make -s -C "$HERE" >/dev/null || exit 1

NS=bch-prof-$$
W=$(mktemp -d /dev/shm/bch-prof.XXXXXX)
trap 'ip netns del $NS 2>/dev/null; rm -rf "$W"' EXIT
ip netns add $NS || exit 1
ip netns exec $NS "$HERE/ctfill" "$N" || exit 1
case " $* " in *" -R "*) ip netns exec $NS "$HERE/floor_delete" -F ;; esac

if [ -n "$CG" ]; then
	ip netns exec $NS valgrind --tool=callgrind --callgrind-out-file="$W/cg" \
		"${CMD[@]}" > "$W/out" 2> "$W/err"
	callgrind_annotate "$W/cg" 2>/dev/null |
		awk -v top="$TOP" '/PROGRAM TOTALS/ { print } /file:function/ { f = 1; getline; next }
			f && NF && n++ < top { print }'
	sed -i '/^==[0-9]*==/d' "$W/err"
else
	ip netns exec $NS perf record -q -g -o "$W/perf" "${CMD[@]}" > "$W/out" 2> "$W/err"
	perf report -i "$W/perf" --no-children --stdio -g none --percent-limit 0.5 \
		--sort dso,sym 2>/dev/null | grep '%' | head -"$TOP"
	echo "-- by object:"
	perf report -i "$W/perf" --no-children --stdio -g none --sort dso 2>/dev/null |
		grep '%' | head -8
fi
echo "-- $(wc -l < "$W/out") lines out; stderr: $(tail -1 "$W/err")"
