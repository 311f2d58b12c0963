#!/bin/bash
# Capture reference output of Debian's conntrack 1.4.7 for the printer
# golden tests (tests/unit/ct_print.c holds the lines, hand-matched to
# hand-built entries).  Run as root: ./capture_print.sh OUTDIR
# Everything happens in netns prt-golden and a private mount namespace
# (the label map is put on an overlay of /etc there).
set -u
out=${1:?usage: $0 OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
ns=prt-golden
ip netns del $ns 2>/dev/null
ip netns add $ns
trap 'ip netns del $ns 2>/dev/null' EXIT
env=$(cd "$(dirname "$0")/../netns" && pwd)/ct_print.env
ip netns exec $ns unshare -m bash -s "$out" "$env" <<'INNER'
out=$1
. "$2"
C=/usr/sbin/conntrack
tmp=$(mktemp -d)
mkdir -p $tmp/u $tmp/w
mount -t overlay overlay -o lowerdir=/etc,upperdir=$tmp/u,workdir=$tmp/w /etc
mkdir -p /etc/xtables
printf '# comment\n0 zero\n1   eth0-in  \n2 bad_name\n0x3 hex-three\n010 octal eight\n1 dup\n 5 lead\n#6 hashed\n7\tTAB\n1023 last\n1024 over\n' > /etc/xtables/connlabel.conf
prt_net_setup
for o in "" xml save timestamp extended,id ktimestamp xml,timestamp xml,ktimestamp labels; do
	$C -E ${o:+-o $o} > $out/events${o:+.$o} 2>/dev/null &
done
sleep 0.3
$C -I -s 1.1.1.1 -d 2.2.2.2 -p tcp --sport 10 --dport 20 --state ESTABLISHED -t 99 -u ASSURED -m 5
$C -U -s 1.1.1.1 -m 6
$C -D -s 1.1.1.1
$C -I -s 2001:db8::1 -d 2001:db8::2 -p udp --sport 1 --dport 2 -t 39
$C -D -s 2001:db8::1 -o save > $out/delete.save
$C -I -s 2001:db8::1 -d 2001:db8::2 -p udp --sport 1 --dport 2 -t 39
$C -D -s 2001:db8::1 -o xml > $out/delete.xml
sleep 0.3
kill $(jobs -p)
wait
prt_fill_table $C
# delta-time depends on the second the dump ran: note it per variant and
# retry a variant whose dump straddled a second boundary.
for o in "" extended id extended,id ktimestamp save xml xml,ktimestamp labels xml,labels extended,id,labels; do
	for try in 1 2 3 4 5; do
		date +%s > $out/now${o:+.$o}
		$C -L ${o:+-o $o} > $out/dump${o:+.$o} 2>/dev/null
		[ "$(date +%s)" = "$(cat $out/now${o:+.$o})" ] && break
	done
done
INNER
