#!/bin/bash
# Regenerate the golden ctnetlink messages in this directory from the
# running kernel (root; not run by make check, the .hex files are
# committed).  Everything happens in two network namespaces cdc-cap-a
# and cdc-cap-b joined by a veth pair, with accounting and timestamps on:
#   dump-*.hex   the kernel's answer to a conntrack dump, one entry
#   event-*.hex  event messages (NEW / DESTROY)
#   sent-*.hex   what Debian's conntrack 1.4.7 sent (strace), to check
#                that ct_build() writes the same bytes
# Each file: '#' comment lines saying how it was made, then hex bytes.
# Needs: cc, libmnl-dev, conntrack, nft, strace, python3, ping.  The
# values the tests assert (addresses, ports, marks) do not depend on the
# run; ids, times and source ports do and are not asserted.
set -eu
cd "$(dirname "$0")"
A=cdc-cap-a
B=cdc-cap-b
TMP=$(mktemp -d /tmp/cdc-cap.XXXXXX)
CAP=$TMP/ctcap

cleanup() {
	ip netns del $A 2>/dev/null
	ip netns del $B 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

cc -O2 -Wall -o "$CAP" ctcap.c -lmnl

ip netns add $A
ip netns add $B
ip link add cdcva netns $A type veth peer name cdcvb netns $B
ip -n $A addr add 10.9.0.1/24 dev cdcva
ip -n $B addr add 10.9.0.2/24 dev cdcvb
ip -n $A addr add fd00:9::1/64 dev cdcva nodad
ip -n $B addr add fd00:9::2/64 dev cdcvb nodad
for ns in $A $B; do
	ip -n $ns link set lo up
	ip netns exec $ns sysctl -qw net.netfilter.nf_conntrack_acct=1
	ip netns exec $ns sysctl -qw net.netfilter.nf_conntrack_timestamp=1
done
ip -n $A link set cdcva up
ip -n $B link set cdcvb up
# A rule that uses conntrack makes the kernel track this netns' traffic;
# the ftp helper is attached to tcp/21 so an entry carries CTA_HELP.
ip netns exec $A nft -f - <<'EOF'
table inet cdc {
	ct helper ftp-std { type "ftp" protocol tcp; }
	chain out { type filter hook output priority 0; ct state new accept; }
	chain in { type filter hook input priority 0; ct state new accept; }
	chain ftp { type filter hook output priority 10; tcp dport 21 ct helper set "ftp-std"; }
}
EOF

in_a() { ip netns exec $A "$@"; }

# write FILE COMMENT < hexlines
write() {
	{ printf '# %s\n' "$2"; cat; } > "$1"
}


# extract TYPE: hex of the sendto()s of a netlink message TYPE in an
# "strace -e write=FD" log.
extract() {
	awk -v t="$1" '
		/^sendto/ { on = index($0, t) > 0; next }
		on && /^ \| [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]  / { print substr($0, 11, 49) }
	'
}

# sent NAME TYPE "conntrack args": the request of TYPE conntrack sends.
sent() {
	local name=$1 type=$2
	shift 2
	in_a strace -qq -e trace=sendto -e write=3,4 -o "$TMP/st" conntrack "$@" \
		>/dev/null 2>&1 || true
	extract "$type" < "$TMP/st" |
		write "sent-$name.hex" "conntrack $* (its $type request)"
}

# dump NAME "conntrack args": flush, create one entry (keeping the
# request conntrack sent), dump it.
dump() {
	local name=$1
	shift
	in_a conntrack -F 2>/dev/null
	sent "$name" IPCTNL_MSG_CT_NEW "$@"
	in_a "$CAP" dump | write "dump-$name.hex" "kernel dump after: conntrack $*"
}

I_TCP="-s 1.1.1.1 -d 2.2.2.2 -p tcp --sport 10 --dport 20 --state ESTABLISHED -t 99 -m 5 -w 3"
dump tcp-zone -I $I_TCP
sent delete-tcp-zone IPCTNL_MSG_CT_DELETE -D -s 1.1.1.1 -w 3
dump tcp-tuplezone -I -s 10.3.3.3 -d 10.4.4.4 -p tcp --sport 1 --dport 2 \
	--state TIME_WAIT -t 59 --orig-zone 7
dump udp6 -I -s 2001:db8::1 -d 2001:db8::2 -p udp --sport 1 --dport 2 -t 39
dump udp-dnat -I -s 1.1.1.1 -d 2.2.2.2 -p udp --sport 53 --dport 1053 -t 49 \
	--dst-nat 3.3.3.3:5353
dump icmp -I -s 10.0.0.1 -d 10.0.0.2 -p icmp --icmp-type 8 --icmp-code 0 \
	--icmp-id 77 -t 29
dump icmpv6 -I -s 2001:db8::1 -d 2001:db8::2 -p icmpv6 --icmpv6-type 128 \
	--icmpv6-code 0 --icmpv6-id 9 -t 39
dump sctp -I -s 10.0.0.1 -d 10.0.0.2 -p sctp --sport 5 --dport 6 \
	--state ESTABLISHED --orig-vtag 1 --reply-vtag 2 -t 39
dump gre -I -s 10.0.0.1 -d 10.0.0.2 -p gre --srckey 16 --dstkey 32 -t 39
dump udplite -I -s 10.0.0.1 -d 10.0.0.2 -p udplite --sport 7 --dport 8 -t 39
# This kernel has no DCCP tracker: the entry falls back to the generic one.
dump dccp -I -s 10.0.0.1 -d 10.0.0.2 -p dccp --sport 5 --dport 6 \
	--state OPEN --role server -t 39
dump unknown -I -s 10.0.0.5 -d 10.0.0.6 -p 50 -t 39
dump snat -I -s 10.0.0.9 -d 10.0.0.10 -p tcp --sport 1 --dport 2 \
	--state SYN_SENT -t 39 --src-nat 9.9.9.9
dump nat6 -I -s 2001:db8::1 -d 2001:db8::2 -p udp --sport 1 --dport 2 -t 39 \
	--dst-nat [2001:db8::99]:53
sent update-mark IPCTNL_MSG_CT_NEW -U -s 2001:db8::1 -m 7
sent dump-mark IPCTNL_MSG_CT_GET -L -m 5/0xff
sent dump-status IPCTNL_MSG_CT_GET -L -u ASSURED,SEEN_REPLY
dump status -I -s 10.0.0.7 -d 10.0.0.8 -p udp --sport 1 --dport 2 -t 39 \
	-u SEEN_REPLY,ASSURED

# Labels: conntrack and nft need connlabel.conf; give them one in a
# private mount namespace so nothing outside sees it.  The kernel adds
# the label extension only while a ct label rule exists in the netns.
cp -a /etc/. "$TMP/etc/" 2>/dev/null || true
mkdir -p "$TMP/etc/xtables"
printf '0 zero\n1 one\n70 seventy\n127 last\n' > "$TMP/etc/xtables/connlabel.conf"
cp "$TMP/etc/xtables/connlabel.conf" "$TMP/etc/connlabel.conf"
in_a conntrack -F 2>/dev/null
L="-s 10.0.0.1 -d 10.0.0.2 -p udp --sport 9 --dport 9 -t 39 --label-add one,seventy,last"
in_a unshare -m sh -c "mount --bind '$TMP/etc' /etc &&
	nft add chain inet cdc lbl '{ type filter hook output priority 20; }' &&
	nft add rule inet cdc lbl ct label one accept &&
	strace -qq -e trace=sendto -e write=3 -o '$TMP/st' conntrack -I $L" \
	>/dev/null 2>&1
extract IPCTNL_MSG_CT_NEW < "$TMP/st" | write sent-labels.hex "conntrack -I $L"
in_a "$CAP" dump | write dump-labels.hex "kernel dump after: conntrack -I $L"
in_a unshare -m sh -c "mount --bind '$TMP/etc' /etc &&
	strace -qq -e trace=sendto -e write=3,4 -o '$TMP/st' \
		conntrack -U -s 10.0.0.1 --label-add zero" >/dev/null 2>&1
extract IPCTNL_MSG_CT_NEW < "$TMP/st" |
	write sent-update-labels.hex "conntrack -U -s 10.0.0.1 --label-add zero (after the -I above)"

# Real traffic: ICMP echo and a TCP connection over the veth pair, and
# the events they raise (NEW, then DESTROY with counters and times).
in_a conntrack -F 2>/dev/null
in_a "$CAP" events 3 5 > "$TMP/ev-ping" &
sleep 0.3
in_a ping -c 2 -i 0.2 -q 10.9.0.2 >/dev/null
in_a "$CAP" dump | write dump-ping.hex "kernel dump after: ping -c 2 10.9.0.2"
in_a conntrack -D -p icmp >/dev/null 2>&1
wait
awk 'BEGIN { RS = ""; n = 0 } { print > (FILENAME "." n++) }' "$TMP/ev-ping"
write event-ping-new.hex "NEW event of ping -c 2 10.9.0.2" < "$TMP/ev-ping.0"
write event-ping-update.hex "UPDATE event of ping -c 2 10.9.0.2 (reply seen)" \
	< "$TMP/ev-ping.1"
write event-ping-destroy.hex "DESTROY event after conntrack -D -p icmp" \
	< "$TMP/ev-ping.2"

in_a conntrack -F 2>/dev/null
ip netns exec $B python3 -c '
import socket, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.9.0.2", 8080)); s.listen(1); c, _ = s.accept()
c.recv(100); c.sendall(b"pong"); time.sleep(1)' &
sleep 0.5
in_a python3 -c '
import socket, time
s = socket.create_connection(("10.9.0.2", 8080)); s.sendall(b"ping")
s.recv(100); time.sleep(0.2)
import subprocess; subprocess.run(["'"$CAP"'", "dump"], stdout=open("'"$TMP/tcp"'", "w"))'
wait
write dump-tcp-real.hex "kernel dump of an open TCP connection over veth" < "$TMP/tcp"

# IPv6 TCP with the ftp helper attached (loopback).
in_a conntrack -F 2>/dev/null
in_a python3 -c '
import socket, subprocess, time
l = socket.socket(socket.AF_INET6); l.bind(("::1", 21)); l.listen(1)
c = socket.create_connection(("::1", 21)); a, _ = l.accept()
c.sendall(b"USER x\r\n"); a.recv(100); time.sleep(0.2)
subprocess.run(["'"$CAP"'", "dump"], stdout=open("'"$TMP/ftp"'", "w"))'
write dump-tcp6-helper.hex "kernel dump of a TCP/IPv6 connection to ::1 port 21, ftp helper" < "$TMP/ftp"

# Expectations: an FTP control connection on loopback whose PORT command
# makes the ftp helper expect a data connection; then conntrack -I/-G/-D
# expect, recorded with strace.  (IPv6 EPRT/229 made no expectation on
# this kernel in a quick try, so only IPv4 here.)
cat > "$TMP/ftp.py" <<'PY'
import socket, subprocess, sys, time
fam = socket.AF_INET6 if sys.argv[1] == "6" else socket.AF_INET
host = "::1" if fam == socket.AF_INET6 else "127.0.0.1"
who, line = sys.argv[2].split(":", 1)
l = socket.socket(fam); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind((host, 21)); l.listen(1)
c = socket.socket(fam); c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
c.bind((host, 40000)); c.connect((host, 21))
a, _ = l.accept()
tx, rx = (c, a) if who == "client" else (a, c)
tx.sendall(b"USER x\r\n" if who == "client" else b"220 hi\r\n"); rx.recv(100)
time.sleep(0.1)
tx.sendall(line.encode() + b"\r\n"); rx.recv(100); time.sleep(0.2)
subprocess.run(sys.argv[3:])
PY
cat > "$TMP/exp.sh" <<SH
set -x
"$CAP" expdump > "$TMP/exp-dump"
strace -qq -e trace=sendto -e write=3,4 -o "$TMP/st-new" conntrack -I expect \
	-s 127.0.0.1 -d 127.0.0.1 -p tcp --sport 40000 --dport 21 \
	--tuple-src 127.0.0.1 --tuple-dst 127.0.0.1 --tuple-port-src 0 \
	--tuple-port-dst 10001 --mask-src 255.255.255.255 \
	--mask-dst 255.255.255.255 --mask-port-src 0 --mask-port-dst 65535 -t 200
"$CAP" expdump > "$TMP/exp-dump2"
strace -qq -e trace=sendto -e write=3,4 -o "$TMP/st-get" conntrack -G expect \
	-s 127.0.0.1 -d 127.0.0.1 -p tcp --sport 0 --dport 10000 \
	--reply-port-src 1 --reply-port-dst 1
strace -qq -e trace=sendto -e write=3,4 -o "$TMP/st-del" conntrack -D expect \
	-s 127.0.0.1 -d 127.0.0.1 -p tcp --sport 0 --dport 10000 \
	--reply-port-src 1 --reply-port-dst 1
SH
in_a conntrack -F 2>/dev/null
in_a "$CAP" expevents 2 6 > "$TMP/ev-exp" &
sleep 0.3
in_a python3 "$TMP/ftp.py" 4 "client:PORT 127,0,0,1,39,16" sh "$TMP/exp.sh" \
	>/dev/null 2>&1
wait
write dump-exp-ftp.hex "kernel expectation dump: ftp helper after PORT 127,0,0,1,39,16 from 127.0.0.1:40000 to :21" < "$TMP/exp-dump"
awk 'BEGIN { RS = "" } { last = $0 } END { print last }' "$TMP/exp-dump2" |
	write dump-exp-created.hex "kernel expectation dump: the one conntrack -I expect made (1.4.7 bug: proto 39 = low byte of port 10001)"
extract IPCTNL_MSG_EXP_NEW < "$TMP/st-new" | write sent-exp-new.hex "conntrack -I expect -s 127.0.0.1 -d 127.0.0.1 -p tcp --sport 40000 --dport 21 --tuple-src 127.0.0.1 --tuple-dst 127.0.0.1 --tuple-port-src 0 --tuple-port-dst 10001 --mask-src 255.255.255.255 --mask-dst 255.255.255.255 --mask-port-src 0 --mask-port-dst 65535 -t 200"
extract IPCTNL_MSG_EXP_GET < "$TMP/st-get" | write sent-exp-get.hex "conntrack -G expect -s 127.0.0.1 -d 127.0.0.1 -p tcp --sport 0 --dport 10000 --reply-port-src 1 --reply-port-dst 1"
extract IPCTNL_MSG_EXP_DELETE < "$TMP/st-del" | write sent-exp-delete.hex "conntrack -D expect -s 127.0.0.1 -d 127.0.0.1 -p tcp --sport 0 --dport 10000 --reply-port-src 1 --reply-port-dst 1"
awk 'BEGIN { RS = ""; n = 0 } { print > (FILENAME "." n++) }' "$TMP/ev-exp"
write event-exp-new.hex "EXP_NEW event of the ftp PORT expectation" < "$TMP/ev-exp.0"
write event-exp-destroy.hex "expectation event after conntrack -D expect" < "$TMP/ev-exp.1"

# NAT helper: SNAT of an FTP control connection from A to B rewrites the
# PORT command ("10,9,0,1" -> "10,9,0,111": 2 bytes longer), which gives
# the entry sequence adjustments and the expectation a NAT part and
# expectfn "nat-follow-master".
ip -n $A addr add 10.9.0.111/24 dev cdcva
ip netns exec $A nft add table ip cdcnat
ip netns exec $A nft add chain ip cdcnat post '{ type nat hook postrouting priority 100; }'
ip netns exec $A nft add rule ip cdcnat post oifname cdcva tcp dport 21 snat to 10.9.0.111
in_a conntrack -F 2>/dev/null
timeout 10 ip netns exec $B python3 -c '
import socket, time
l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
l.bind(("10.9.0.2", 21)); l.listen(1); a, _ = l.accept()
for i in range(3):
    a.recv(100); a.sendall(b"200 ok\r\n")
time.sleep(1)' &
sleep 0.5
timeout 10 ip netns exec $A python3 -c '
import socket, subprocess, time
c = socket.socket(); c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
c.bind(("10.9.0.1", 40000)); c.connect(("10.9.0.2", 21))
for line in (b"USER x", b"PORT 10,9,0,1,39,16", b"NOOP"):
    c.sendall(line + b"\r\n"); c.recv(100); time.sleep(0.1)
subprocess.run(["sh", "-c", "'"$CAP"' dump > '"$TMP"'/nat; '"$CAP"' expdump > '"$TMP"'/natexp"])'
wait
write dump-tcp-nat-seqadj.hex "kernel dump: ftp control 10.9.0.1:40000 -> 10.9.0.2:21 SNATed to 10.9.0.111 after PORT" < "$TMP/nat"
write dump-exp-nat.hex "kernel expectation dump: the PORT expectation of that SNATed connection" < "$TMP/natexp"

ls -l ./*.hex
