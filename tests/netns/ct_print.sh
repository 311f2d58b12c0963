#!/bin/bash
# Differential test of the printers: the same netns table dumped by
# Debian's conntrack (-L -o ...) and by tests/work/ctprint (ct_parse +
# ct_snprint) must print the same bytes, for every output variant; the
# same for events (-E).  Runs in netns prt-diff-$$ and, for the label map,
# a private mount namespace with an overlay on /etc.
TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
. "$TOP/tests/lib.sh"
REF=/usr/sbin/conntrack
PRINT=${CTPRINT:-$TOP/tests/work/ctprint}	# CTPRINT: try another build
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

# Both append " [USERSPACE] portid=N[ progname=X]" (ct_userspace_suffix);
# the name is found only while the process lives, so it is not compared.
strip_ev() {
	sed -E 's/( \[USERSPACE\] portid=[0-9]+) progname=[^ ]+$/\1/' "$1" |
		grep -v -e '^<?xml' -e '^<conntrack>$' -e '^</conntrack>$'
}
for v in $ev_variants; do
	[ "$v" = json ] && continue
	name="ct_print differential events -o $v"
	if [ ! -s $tmp/ref-ev.$v ]; then
		fail "$name" "conntrack -E printed nothing"
	elif diff <(strip_ev $tmp/ref-ev.$v) <(strip_ev $tmp/our-ev.$v | no_save_extras) > $tmp/d; then
		pass "$name"
	else
		fail "$name" "$(head -6 $tmp/d)"
	fi
done

# Dumps: every entry's timeout ticks (and delta-time grows) at its own
# phase of the second, so the reference dump is taken between two of ours
# and each of its lines must equal the same line of one of them.
dump_same() {
	local table=$2 fam=${3:+-f $3}	# table "" or "expect"
	$PRINT ${table:+-X} $fam $(opt $1) 2>&1 | no_save_extras > $tmp/our1
	$REF -L $table $fam $(opt $1) > $tmp/ref 2>/dev/null
	$PRINT ${table:+-X} $fam $(opt $1) 2>&1 | no_save_extras > $tmp/our
	paste -d '\n' $tmp/ref $tmp/our1 $tmp/our | awk '
		NR % 3 == 1 { r = $0 } NR % 3 == 2 { a = $0 }
		NR % 3 == 0 && r != a && r != $0 {
			print "< " r; print "> " $0; bad = 1
		}
		END { exit bad }' > $tmp/d &&
		[ $(wc -l < $tmp/ref) = $(wc -l < $tmp/our) ]
}
for v in $VARIANTS; do
	name="ct_print differential -L -o $v"
	if dump_same "$v" || { sleep 0.2; dump_same "$v"; }; then
		if [ -s $tmp/ref ]; then pass "$name"; else fail "$name" "empty dump"; fi
	else
		fail "$name" "$(head -6 $tmp/d)"
	fi
done

# Expectations: tftp helper ones (IPv4, IPv6) and one from -I expect.
if $PRINT -X >/dev/null 2>&1; [ $? = 3 ]; then
	skip "ct_print differential expectations" "ctprint built without exp_parse"
else
	nft -f - <<'NFT' 2>/dev/null
table inet h {
	ct helper tftp-std {
		type "tftp" protocol udp
	}
	chain out {
		type filter hook output priority 0
		udp dport 69 ct helper set "tftp-std"
	}
}
NFT
	exp_variants="default xml"
	for v in $exp_variants; do
		$REF -E expect $(opt $v) > $tmp/ref-xev.$v 2>/dev/null &
		$PRINT -X -E $(opt $v) > $tmp/our-xev.$v 2>/dev/null &
	done
	sleep 0.3
	printf '\0\1file\0octet\0' > /dev/udp/127.0.0.1/69
	printf '\0\1file\0octet\0' > /dev/udp/::1/69
	sp=$($REF -L -p udp --dport 69 -f ipv4 2>/dev/null | sed -n 's/.*sport=\([0-9]*\) dport=69 .*/\1/p' | head -1)
	quiet_ref -I expect -s 127.0.0.1 -d 127.0.0.1 -p udp --sport "$sp" --dport 69 \
		--tuple-src 127.0.0.1 --tuple-dst 127.0.0.2 --mask-src 255.255.255.255 \
		--mask-dst 255.255.0.0 --tuple-port-src 1234 --tuple-port-dst 5000 \
		--mask-port-src 0 --mask-port-dst 65535 -t 200
	sleep 0.3
	kill $(jobs -p) 2>/dev/null
	wait 2>/dev/null
	for v in $exp_variants; do
		name="ct_print differential expect events -o $v"
		if [ ! -s $tmp/ref-xev.$v ]; then
			fail "$name" "conntrack -E expect printed nothing"
		elif diff <(grep -v -e '^<?xml' -e 'expect>$' $tmp/ref-xev.$v) \
			  <(grep -v -e '^<?xml' -e 'expect>$' $tmp/our-xev.$v) > $tmp/d; then
			pass "$name"
		else
			fail "$name" "$(head -6 $tmp/d)"
		fi
	done
	# 1.4.7 dumps expectations of one family (AF_INET unless -f)
	for f in ipv4 ipv6; do
		for v in $exp_variants; do
			name="ct_print differential -L expect -f $f -o $v"
			if dump_same $v expect $f || { sleep 0.2; dump_same $v expect $f; }; then
				if [ -s $tmp/ref ]; then pass "$name"; else fail "$name" "empty dump"; fi
			else
				fail "$name" "$(head -6 $tmp/d)"
			fi
		done
	done
fi

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
