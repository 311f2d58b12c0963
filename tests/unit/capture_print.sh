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
ip netns exec $ns unshare -m bash -s "$out" <<'INNER'
out=$1
C=/usr/sbin/conntrack
tmp=$(mktemp -d)
mkdir -p $tmp/u $tmp/w
mount -t overlay overlay -o lowerdir=/etc,upperdir=$tmp/u,workdir=$tmp/w /etc
mkdir -p /etc/xtables
printf '# comment\n0 zero\n1   eth0-in  \n2 bad_name\n0x3 hex-three\n010 octal eight\n1 dup\n 5 lead\n#6 hashed\n7\tTAB\n1023 last\n1024 over\n' > /etc/xtables/connlabel.conf
ip link set lo up
ip addr add 10.1.1.1/32 dev lo
ip addr add 10.3.3.3/32 dev lo
ip route add 10.2.2.0/24 dev lo
sysctl -qw net.netfilter.nf_conntrack_acct=1 net.netfilter.nf_conntrack_timestamp=1
nft -f - <<NFT
table ip t {
	chain out {
		type nat hook output priority -100
		udp dport 1000 dnat to 10.1.1.1:2000
	}
	chain post {
		type nat hook postrouting priority 100
		udp dport 3000 snat to 10.3.3.3
	}
	chain lab {
		type filter hook prerouting priority 0
		meta mark 12345 ct label set 127
	}
}
NFT
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
# Dump table: long timeouts so nothing expires while we look.
$C -I -s 1.1.1.1 -d 2.2.2.2 -p tcp --sport 10 --dport 20 --state ESTABLISHED -t 9999 -u SEEN_REPLY,ASSURED -m 5 -w 3
$C -I -s 10.3.3.3 -d 10.4.4.4 -p tcp --sport 1 --dport 2 --state ESTABLISHED -t 8888 --orig-zone 7
$C -I -s 10.3.3.3 -d 10.4.4.4 -p tcp --sport 1 --dport 3 --state TIME_WAIT -t 8887 --reply-zone 8
$C -I -s 1.1.1.1 -d 2.2.2.2 -r 3.3.3.3 -q 1.1.1.1 -p udp --sport 53 --dport 1053 --reply-port-src 5353 --reply-port-dst 53 -t 7777
$C -I -s 10.0.0.1 -d 10.0.0.2 -p gre --srckey 16 --dstkey 32 -t 6666
$C -I -s 10.0.0.1 -d 10.0.0.2 -p sctp --sport 5 --dport 6 --state ESTABLISHED --orig-vtag 1 --reply-vtag 2 -t 5555
$C -I -s 10.0.0.1 -d 10.0.0.2 -p icmp --icmp-type 8 --icmp-code 0 --icmp-id 77 -t 4444
$C -I -s 2001:db8::1 -d 2001:db8::2 -p icmpv6 --icmpv6-type 128 --icmpv6-code 0 --icmpv6-id 9 -t 3333
$C -I -s 10.0.0.5 -d 10.0.0.6 -p 50 -t 2222
$C -I -s 10.0.0.7 -d 10.0.0.8 -p udplite --sport 7 --dport 8 -t 1111 -m 4294967295 -u FIXED_TIMEOUT
$C -I -s 10.0.0.9 -d 10.0.0.10 -p dccp --sport 7 --dport 8 -t 999 --state OPEN --role server
$C -I -s 2001:db8::a -d 2001:db8:1::b -p tcp --sport 65535 --dport 443 --state SYN_SENT2 -t 888 -u SEEN_REPLY
$C -I -s 10.9.9.1 -d 10.9.9.2 -p tcp --sport 1 --dport 2 --state ESTABLISHED -t 777 -u ASSURED
$C -U -s 10.9.9.1 --label-add eth0-in,hex-three,zero
$C -I -s 10.9.9.3 -d 10.9.9.2 -p tcp --sport 1 --dport 2 --state ESTABLISHED -t 776
$C -U -s 10.9.9.3 --label-add lead
echo hello > /dev/udp/10.2.2.2/1000
echo hello > /dev/udp/10.1.1.1/3000
echo hi > /dev/udp/10.1.1.1/4000
echo hi > /dev/udp/10.1.1.1/4000
for try in 1 2 3 4 5; do
	date +%s > $out/now
	for o in "" extended id extended,id ktimestamp save xml xml,ktimestamp labels xml,labels extended,id,labels; do
		$C -L ${o:+-o $o} > $out/dump${o:+.$o} 2>/dev/null
	done
	[ "$(date +%s)" = "$(cat $out/now)" ] && break
	sleep 0.5
done
INNER
