#!/bin/bash
# Differential test of the printers: the same netns table dumped by
# Debian's conntrack (-L -o ...) and by tests/work/ctprint (ct_parse +
# ct_snprint) must print the same bytes, for every output variant; the
# same for events (-E).  Runs in netns prt-diff-$$ and, for the label map,
# a private mount namespace with an overlay on /etc.
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
. "$TOP/tests/lib.sh"
REF=/usr/sbin/conntrack
PRINT=$TOP/tests/work/ctprint
VARIANTS="default extended id extended,id ktimestamp save xml xml,ktimestamp labels xml,labels extended,id,labels"

if ! is_root; then
	skip "ct_print differential" "needs root"
	exit 0
fi
if [ ! -x $REF ]; then
	skip "ct_print differential" "no $REF"
	exit 0
fi
if ! make -s -C "$TOP/tests" work/ctprint >/dev/null 2>&1; then
	fail "ct_print differential: build tests/work/ctprint"
	exit 0
fi

if [ -z "${PRT_INNER:-}" ]; then
	ns=prt-diff-$$
	ip netns add $ns || { fail "ct_print differential: ip netns add"; exit 0; }
	trap 'ip netns del $ns 2>/dev/null' EXIT
	PRT_INNER=1 ip netns exec $ns unshare -m bash "${BASH_SOURCE[0]}"
	exit 0
fi

# --- inside the netns and mount namespace -------------------------------
tmp=$(mktemp -d)
trap 'umount /etc 2>/dev/null; kill $(jobs -p) 2>/dev/null; rm -rf $tmp' EXIT
mkdir -p $tmp/u $tmp/w
if ! mount -t overlay overlay -o lowerdir=/etc,upperdir=$tmp/u,workdir=$tmp/w /etc 2>/dev/null; then
	VARIANTS=${VARIANTS// labels xml,labels extended,id,labels/}
	skip "ct_print differential labels" "no overlayfs for a private label map"
else
	mkdir -p /etc/xtables
	printf '0 zero\n1 eth0-in\n3 hex-three\n5 lead\n' > /etc/xtables/connlabel.conf
fi

. "$TOP/tests/netns/ct_print.env"
prt_net_setup 2>/dev/null

# Events first: both listeners see the same changes.
ev_variants="default extended,id ktimestamp save xml xml,ktimestamp json"
# "default" stands for no -o at all.
opt() { [ "$1" = default ] || echo "-o $1"; }
for v in $ev_variants; do
	$REF -E $(opt $v) > $tmp/ref-ev.$v 2>/dev/null &
	$PRINT -E $(opt $v) > $tmp/our-ev.$v 2>/dev/null &
done
sleep 0.3

quiet_ref() { $REF "$@" >/dev/null 2>&1; }
prt_fill_table quiet_ref
quiet_ref -U -s 1.1.1.1 -m 6
quiet_ref -I -s 10.9.9.4 -d 10.9.9.2 -p udp --sport 1 --dport 2 -t 2
quiet_ref -D -s 10.9.9.4
sleep 0.3
kill $(jobs -p) 2>/dev/null
wait 2>/dev/null

# conntrack appends " [USERSPACE] portid=N [progname=X]" to events caused
# by a process (spec 1.9): that is the applet's job, not the printer's.
strip_ev() {
	sed -E 's/ \[USERSPACE\] portid=[0-9]+( progname=[^ ]+)?$//' "$1" |
		grep -v -e '^<?xml' -e '^<conntrack>$' -e '^</conntrack>$'
}
for v in $ev_variants; do
	[ "$v" = json ] && continue
	name="ct_print differential events -o $v"
	if [ ! -s $tmp/ref-ev.$v ]; then
		fail "$name" "conntrack -E printed nothing"
	elif diff <(strip_ev $tmp/ref-ev.$v) <(strip_ev $tmp/our-ev.$v) > $tmp/d; then
		pass "$name"
	else
		fail "$name" "$(head -6 $tmp/d)"
	fi
done

# Dumps: timeouts tick and delta-time grows, so a mismatch is retried.
dump_same() {
	$REF -L $(opt $1) > $tmp/ref 2>/dev/null
	$PRINT $(opt $1) > $tmp/our 2>&1
	diff $tmp/ref $tmp/our > $tmp/d
}
for v in $VARIANTS; do
	name="ct_print differential -L -o $v"
	if dump_same "$v" || { sleep 0.2; dump_same "$v"; }; then
		if [ -s $tmp/ref ]; then pass "$name"; else fail "$name" "empty dump"; fi
	else
		fail "$name" "$(head -6 $tmp/d)"
	fi
done

# json (ctbox's own): one valid object per line, one line per entry.
if command -v python3 >/dev/null; then
	for f in "$tmp/our-ev.json" "json"; do
		if [ "$f" = json ]; then $PRINT -o json > $tmp/j 2>&1; name="ct_print json dump"
		else cp "$f" $tmp/j; name="ct_print json events"; fi
		if python3 -c 'import json,sys
n=0
for l in open(sys.argv[1]):
    o=json.loads(l); assert "l4" in o and "orig" in o; n+=1
assert n > 0' $tmp/j 2>$tmp/err; then
			pass "$name"
		else
			fail "$name" "$(tail -2 $tmp/err)" "$(head -2 $tmp/j)"
		fi
	done
	n_ref=$($REF -C 2>/dev/null)
	n_our=$($PRINT -o json | wc -l)
	testing "ct_print json dump line count" "echo $n_our" "$n_ref"
else
	skip "ct_print json" "no python3"
fi
