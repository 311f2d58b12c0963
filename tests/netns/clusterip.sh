#!/bin/bash
# clusterip in network namespaces (all named cipPID-*, removed on exit):
#  1. hash split: ctbox's rules against the kernel's xt_cluster match, in
#     the same namespace, over 200 source addresses;
#  2. start/stop: stop leaves the namespace as it was, start twice adds
#     nothing, a failing start undoes itself;
#  3. end to end: client (8 addresses) - bridge - two firewall nodes -
#     bridge - server; split, failover with primary/backup;
#  4. one node on ctbox, the other on the classic tools (ip, arptables,
#     iptables -m cluster): same split, no overlap, no gap.
. "$(dirname "$0")/../lib.sh"

if ! is_root; then
	skip "clusterip netns" "needs root"
	exit 0
fi
for t in iptables arptables conntrack ip cc; do
	if ! command -v $t >/dev/null; then
		skip "clusterip netns" "no $t"
		exit 0
	fi
done

TMP=$(mktemp -d)
# Namespace names carry our pid: two runs at once (several worktrees on
# one machine) must not tear down each other's networks.
C=cip$$
NSS="$C-ha $C-hb $C-cl $C-sw $C-n1 $C-n2 $C-srv"
cleanup() {
	local n
	for n in $NSS; do
		ip netns pids $n 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del $n 2>/dev/null
	done
	rm -rf "$TMP"
}
trap "cleanup 2>/dev/null" EXIT
cleanup 2>/dev/null
TMP=$(mktemp -d)

cc -O2 -o "$TMP/cipnet" "$TOP/tests/netns/cipnet.c" || { fail "build cipnet"; exit 1; }
NET=$TMP/cipnet
cc -O2 -I"$TOP" -I"$TOP/lib" -o "$TMP/nftgen" "$TOP/tests/netns/nftgen.c" \
	"$TOP/lib/nft.c" "$TOP/lib/nl.c" "$TOP/lib/util.c" -lmnl || fail "build nftgen"
nsx() { local n=$1; shift; ip netns exec "$n" "$@"; }
ctbox_in() { local n=$1; shift; ip netns exec "$n" "$CTBOX" clusterip "$@"; }

MC1=01:00:5e:00:01:01
MC2=01:00:5e:00:01:02
SEED=0x2f1e5a07

###########################################################################
# 1. same split as xt_cluster
hash_setup() {
	local i
	ip netns add $C-ha && ip netns add $C-hb || return 1
	ip -n $C-ha link add eth0 type veth peer name eth1 netns $C-hb
	ip -n $C-ha link add x2 type veth peer name eth2 netns $C-hb
	for i in $C-ha $C-hb; do ip -n $i link set lo up; done
	ip -n $C-ha link set eth0 up && ip -n $C-ha link set x2 up
	ip -n $C-hb link set eth1 up && ip -n $C-hb link set eth2 up
	SRCS=
	for i in $(seq 2 201); do
		echo "addr add 10.78.$((i / 250)).$((i % 250))/16 dev eth0"
		SRCS="$SRCS 10.78.$((i / 250)).$((i % 250))"
	done > "$TMP/addrs"
	nsx $C-ha ip -batch "$TMP/addrs" &&
	nsx $C-ha ip neigh add 10.78.0.1 lladdr $MC1 dev eth0 nud permanent
}

# Which sources each node k of total accepts, with xt_cluster's verdict on
# every accepted flow: the iptables rule marks each flow with the node the
# cluster match picks for it, ours drops the flows of other nodes.
hash_split() {
	local total=$1 seed=$2 hash=$3 k bad=0
	local all=$TMP/all.$total.$hash

	: > "$all"
	nsx $C-hb iptables -t mangle -F PREROUTING
	for k in $(seq 1 $total); do
		nsx $C-hb iptables -t mangle -A PREROUTING -i eth1 -m cluster \
			--cluster-total-nodes $total --cluster-local-node $k \
			--cluster-hash-seed $seed -j CONNMARK --set-mark $k
	done
	for k in $(seq 1 $total); do
		ctbox_in $C-hb -c /dev/null --hash $hash --node $k --total-nodes $total \
			--seed $seed --addr1 10.78.0.1/16 --addr2 10.79.0.1/16 \
			--mc-hwaddr1 $MC1 --mc-hwaddr2 $MC2 start >/dev/null || bad=1
		nsx $C-ha "$NET" blast 10.78.0.1 9 $SRCS
		nsx $C-hb conntrack -L -p udp 2>/dev/null |
			sed -n 's/^udp .* src=\(10\.78\.[0-9.]*\) dst=10\.78\.0\.1 .*mark=\([0-9]*\).*/\1 \2/p' > "$TMP/acc"
		# every flow we accepted is one xt_cluster gives to node k
		awk -v k=$k '$2 != k { bad = 1 } END { exit bad }' "$TMP/acc" || bad=1
		[ -s "$TMP/acc" ] || bad=1
		awk -v k=$k '{ print $1, k }' "$TMP/acc" >> "$all"
		ctbox_in $C-hb stop >/dev/null || bad=1
		nsx $C-hb conntrack -F 2>/dev/null
	done
	# together the nodes take every source exactly once
	[ "$(awk '{ print $1 }' "$all" | sort -u | wc -l)" = 200 ] &&
	[ "$(wc -l < "$all")" = 200 ] || bad=1
	return $bad
}

# The user-space model of xt_cluster (tests/unit/cluster_hash.h) predicts
# the split the kernel made.
model_ok() {
	local total=$1 seed=$2 hash=$3
	"$NET" hash $total $seed $SRCS | sort > "$TMP/model"
	sort "$TMP/all.$total.$hash" | cmp -s - "$TMP/model"
}

if hash_setup; then
	check "hash: jhash rules split 3 nodes as xt_cluster" hash_split 3 0xdeadbeef jhash
	check "hash: jhash rules split 2 nodes as xt_cluster (other seed)" hash_split 2 $SEED jhash
	check "hash: jhash rules split 5 nodes as xt_cluster (seed 0)" hash_split 5 0 jhash
	check "hash: xt rules split 3 nodes as xt_cluster" hash_split 3 0xdeadbeef xt
	check "hash: user-space model agrees with the kernel (3 nodes)" model_ok 3 0xdeadbeef jhash
	check "hash: user-space model agrees with the kernel (5 nodes)" model_ok 5 0 jhash
else
	fail "hash: namespace setup"
fi

###########################################################################
# 2. start / stop leave nothing behind and add nothing twice
# same_snap NAME A B: like check ... cmp, but a failure shows the diff
same_snap() {
	if cmp -s "$2" "$3"; then pass "$1"; else fail "$1" "$(diff -u "$2" "$3" | tail -n +3 | head -20)"; fi
}
snapshot() {
	nsx $C-hb nft list ruleset | grep -v '^#'
	nsx $C-hb ip -4 addr show
	# IPv6 joins solicited-node groups (33:33:ff:...) whenever DAD
	# finishes, at a moment of its own: not ours to compare
	nsx $C-hb ip maddr show | grep -v -e inet6 -e 'link  33:33:ff:'
	nsx $C-hb sysctl net.ipv4.ip_forward net.netfilter.nf_conntrack_tcp_loose \
		net.netfilter.nf_conntrack_tcp_be_liberal
}
CONF=$TMP/hb.conf
cat > "$CONF" <<EOF
# node settings, shell style
NODE=2
TOTAL_NODES=2
SEED=$SEED
ADDR1=10.78.0.1/16
ADDR2="10.79.0.1/16"   # outside
MC_HWADDR1=$MC1
MC_HWADDR2=$MC2
SNAT_SOURCES=10.78.0.0/16,192.0.2.7
LOG_DEBUG=1
EOF
nsx $C-hb iptables -t mangle -F PREROUTING
nsx $C-hb sysctl -qw net.ipv4.ip_forward=0 net.netfilter.nf_conntrack_tcp_loose=1
snapshot > "$TMP/snap0"
testing "start prints the node" "ctbox_in $C-hb -c $CONF start" \
	"starting cluster configuration for node 2."
snapshot > "$TMP/snap1"
testing "start twice" "ctbox_in $C-hb -c $CONF start" \
	"starting cluster configuration for node 2."
snapshot > "$TMP/snap2"
same_snap "start twice: nothing duplicated" "$TMP/snap1" "$TMP/snap2"
check "start: address on eth1" grep -q "inet 10.78.0.1/16 .*eth1" "$TMP/snap1"
check "start: multicast MAC on eth2" grep -q "link  $MC2 static" "$TMP/snap1"
check "start: ip_forward on, tcp_loose off" grep -qx "net.ipv4.ip_forward = 1" "$TMP/snap1"
check "start: snat rule" grep -q "ip saddr 192.0.2.7 counter .* snat to 10.79.0.1:33280-65535" "$TMP/snap1"
check "start: arp mangling" grep -q "oifname \"eth1\" arp hlen 6 arp saddr ether set $MC1" "$TMP/snap1"
check "start: LOG_DEBUG rules" grep -q 'log prefix "cluster-reply-drop: "' "$TMP/snap1"
testing "status" "ctbox_in $C-hb status | sed -n '1,2p'" \
"node 2 of 2, seed $SEED, hash jhash
buckets: 2"
testing "primary 1" "ctbox_in $C-hb primary 1 && ctbox_in $C-hb status | sed -n 2p" "buckets: 1 2"
testing "primary 1 again adds nothing" \
	"ctbox_in $C-hb primary 1 && nsx $C-hb nft list chain ip clusterip buckets | grep -c jhash" "4"
testing "status -o json" "ctbox_in $C-hb -o json status | grep -o '\"buckets\":\[[0-9,]*\]'" \
	'"buckets":[1,2]'
testing "fault 1" "ctbox_in $C-hb fault 1 && ctbox_in $C-hb status | sed -n 2p" "buckets: 2"
testing "backup 2 (own share too, as the script)" \
	"ctbox_in $C-hb backup 2 && ctbox_in $C-hb status | sed -n 2p" "buckets:"
testing "primary 2" "ctbox_in $C-hb primary 2 && ctbox_in $C-hb status | sed -n 2p" "buckets: 2"
# keepalived runs its notify commands in parallel: ten at once must
# still leave one pair of rules.
parallel() {	# command node
	local i
	for i in 1 2 3 4 5 6 7 8 9 10; do ctbox_in $C-hb $1 $2 & done
	wait
	nsx $C-hb nft list chain ip clusterip buckets | grep -c jhash
}
nsx $C-ha "$TMP/nftgen"
testing "ten primary 1 at once: one pair of rules" "parallel primary 1" 4
testing "ten backup 1 at once: all gone" "parallel backup 1" 2
testing "primary 3 of 2 nodes" "ctbox_in $C-hb primary 3" \
	"clusterip: bad node '3': 1-2 expected"
cat > "$TMP/hook" <<EOF
echo "\$@" > $TMP/hook.out
EOF
chmod +x "$TMP/hook"
testing "conntrackd hook runs first" \
	"ctbox_in $C-hb --conntrackd-script $TMP/hook -c $CONF primary 1; cat $TMP/hook.out" "primary 2 1"
# syslog as the script's logger: user.notice (<13>), with our name.  The
# fake /dev/log lives on a tmpfs seen by this one command only.
testing "fault logs to syslog" \
	"nsx $C-hb sh -c 'mount -t tmpfs none /dev && $NET syslog /dev/log $CTBOX clusterip fault 1' |
		sed -n 's/^<\([0-9]*\)>.* clusterip\[[0-9]*\]: /\1 clusterip: /p'" \
	"13 clusterip: cluster-match-script: entering FAULT state for node 1"
testing "stop" "ctbox_in $C-hb stop" "stopping cluster configuration for node 2."
snapshot > "$TMP/snap3"
same_snap "stop: namespace as before start" "$TMP/snap0" "$TMP/snap3"
testing "stop when stopped" "ctbox_in $C-hb stop; echo \$?" \
	"clusterip: not started: nothing to stop
0"
testing "status when stopped" "ctbox_in $C-hb status; echo \$?" \
	"clusterip: not started (no table ip clusterip)
1"
# An address already there is not ours: stop keeps it.
nsx $C-hb ip addr add 10.79.0.1/16 dev eth2
snapshot > "$TMP/snap4"
ctbox_in $C-hb -c "$CONF" start >/dev/null
ctbox_in $C-hb stop >/dev/null
snapshot > "$TMP/snap5"
same_snap "stop keeps an address that was there before" "$TMP/snap4" "$TMP/snap5"
nsx $C-hb ip addr del 10.79.0.1/16 dev eth2
# A start that fails half-way (here: the last sysctl cannot be written)
# undoes what it did.  ip netns exec runs in a mount namespace of its own.
echo 1 > "$TMP/ro"
testing "start failing half-way" \
	"nsx $C-hb sh -c 'f=/proc/sys/net/netfilter/nf_conntrack_tcp_be_liberal;
		mount --bind $TMP/ro \$f && mount -o remount,bind,ro \$f &&
		$CTBOX clusterip -c $CONF start 2>&1 >/dev/null'" \
	"clusterip: /proc/sys/net/netfilter/nf_conntrack_tcp_be_liberal: Read-only file system
clusterip: start failed: undone"
snapshot > "$TMP/snap7"
same_snap "start failing half-way: namespace as before" "$TMP/snap0" "$TMP/snap7"
testing "bad IFACE2: error before anything changes" \
	"ctbox_in $C-hb -c $CONF --iface2 nosuch0 start; echo \$?" \
	"clusterip: IFACE2 nosuch0: No such device
1"
snapshot > "$TMP/snap6"
same_snap "bad IFACE2: namespace unchanged" "$TMP/snap0" "$TMP/snap6"
testing "IFACE1 not Ethernet" "ctbox_in $C-hb -c $CONF --iface1 lo start" \
	"clusterip: IFACE1 lo: not an Ethernet interface"
# A table of that name that is not ours is left alone.
nsx $C-hb nft add table ip clusterip '{ comment "someone else"; }'
testing "foreign table: start refuses" "ctbox_in $C-hb -c $CONF start; echo \$?" \
	"clusterip: table ip clusterip exists but was not made by clusterip
1"
testing "foreign table: stop refuses" "ctbox_in $C-hb stop; echo \$?" \
	"clusterip: table ip clusterip exists but was not made by clusterip
1"
check "foreign table: still there" nsx $C-hb nft list table ip clusterip
nsx $C-hb nft delete table ip clusterip

###########################################################################
# 3. end to end
CL_ADDRS="10.77.1.11 10.77.1.12 10.77.1.13 10.77.1.14 10.77.1.15 10.77.1.16 10.77.1.17 10.77.1.18"
veth() {	# ns1 if1 ns2 if2
	ip -n $1 link add $2 type veth peer name $4 netns $3 &&
	ip -n $1 link set $2 up && ip -n $3 link set $4 up
}
e2e_setup() {
	local n a
	for n in $C-cl $C-sw $C-n1 $C-n2 $C-srv; do
		ip netns add $n && ip -n $n link set lo up || return 1
	done
	for n in in out; do
		ip -n $C-sw link add br-$n type bridge mcast_snooping 0 &&
		ip -n $C-sw link set br-$n up || return 1
	done
	veth $C-cl eth0 $C-sw cl0 && veth $C-srv eth0 $C-sw srv0 || return 1
	veth $C-n1 eth1 $C-sw n1i && veth $C-n1 eth2 $C-sw n1o || return 1
	veth $C-n2 eth1 $C-sw n2i && veth $C-n2 eth2 $C-sw n2o || return 1
	for n in cl0 n1i n2i; do ip -n $C-sw link set $n master br-in || return 1; done
	for n in srv0 n1o n2o; do ip -n $C-sw link set $n master br-out || return 1; done
	for a in $CL_ADDRS; do nsx $C-cl ip addr add $a/24 dev eth0 || return 1; done
	nsx $C-cl ip route add default via 10.77.1.1 src 10.77.1.11 &&
	nsx $C-srv ip addr add 10.77.2.2/24 dev eth0 || return 1
	# in a subshell: not a job of ours, killed quietly by cleanup
	(nsx $C-srv "$NET" serve 7777 </dev/null >/dev/null 2>&1 &)
	for n in 1 2; do
		cat > "$TMP/n$n.conf" <<EOF
NODE=$n
TOTAL_NODES=2
SEED=$SEED
ADDR1=10.77.1.1/24
ADDR2=10.77.2.1/24
MC_HWADDR1=$MC1
MC_HWADDR2=$MC2
IFACE1=eth1
IFACE2=eth2
SNAT_SOURCES=10.77.1.0/24
EOF
	done
}

# TCP and UDP exchanges from every client address; prints the failures.
traffic() {
	local per=$1 a got fails=0
	for a in $CL_ADDRS; do
		got=$(nsx $C-cl "$NET" tcp $a 10.77.2.2 7777 $per)
		[ "$got" = $per ] || echo "  $a tcp: $got of $per" >&2
		fails=$((fails + per - got))
		got=$(nsx $C-cl "$NET" udp $a 10.77.2.2 7777 $per)
		[ "$got" = $per ] || echo "  $a udp: $got of $per" >&2
		fails=$((fails + per - got))
	done
	echo $fails
}

# Flows through a node: "proto src sport" of its conntrack entries.
flows() {
	nsx $1 conntrack -L 2>/dev/null |
		sed -n 's/^\(tcp\|udp\) .* src=\(10\.77\.1\.[0-9]*\) dst=10\.77\.2\.2 sport=\([0-9]*\) .*/\1 \2 \3/p' | sort
}

flush_ct() { nsx $C-n1 conntrack -F 2>/dev/null; nsx $C-n2 conntrack -F 2>/dev/null; }

# Each flow tracked by exactly one node, both nodes carrying some, and
# together all of them (want = flows sent).
split_ok() {
	local want=$1 n1 n2
	flows $C-n1 > "$TMP/f1"
	flows $C-n2 > "$TMP/f2"
	n1=$(wc -l < "$TMP/f1")
	n2=$(wc -l < "$TMP/f2")
	[ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] && [ $((n1 + n2)) = "$want" ] &&
	[ -z "$(comm -12 "$TMP/f1" "$TMP/f2")" ]
}

# Node 2's links back up: wait (at most 5 s) until frames pass again.
links_up() {
	local i p
	ip -n $C-n2 link set eth1 up
	ip -n $C-n2 link set eth2 up
	for i in $(seq 1 50); do
		for p in n2i n2o; do
			bridge -n $C-sw link show dev $p | grep -q "state forwarding" || break
			ip -n $C-n2 link show eth1 | grep -q LOWER_UP || break
			ip -n $C-n2 link show eth2 | grep -q LOWER_UP || break
			[ $p = n2o ] && return 0
		done
		sleep 0.1
	done
	return 1
}

# Each node source-NATs into its own slice of the ports (node 1 of 2:
# 1024-33279, node 2: 33280-65535).
snat_slices_ok() {
	local n lo hi ports
	for n in 1 2; do
		lo=$((1024 + (n - 1) * 32256)); hi=$((1024 + n * 32256 - 1))
		ports=$(nsx $C-n$n conntrack -L 2>/dev/null |
			sed -n 's/.* src=10\.77\.2\.2 dst=10\.77\.2\.1 sport=7777 dport=\([0-9]*\).*/\1/p')
		[ -n "$ports" ] || return 1
		echo "$ports" | awk -v lo=$lo -v hi=$hi '$1 < lo || $1 > hi { bad = 1 } END { exit bad }' ||
			return 1
	done
}

sources_of() { awk '{ print $2 }' "$1" | sort -u | wc -l; }

# keepalived in both nodes with doc/keepalived-clusterip.conf (node 2's
# copy with priorities and states swapped), VRRP over a link of their own.
KA_CONF=$TOP/doc/keepalived-clusterip.conf
ka_conf() {	# node -> config on stdout
	sed -e "s|/usr/sbin/clusterip|$CTBOX clusterip|" \
	    -e "s|router_id fw-node1|router_id cip-node$1|" "$KA_CONF" |
	if [ "$1" = 2 ]; then
		sed -e 's/state MASTER/state XX/; s/state BACKUP/state MASTER/; s/state XX/state BACKUP/' \
		    -e 's/priority 100/priority YY/; s/priority 50/priority 100/; s/priority YY/priority 50/'
	else
		cat
	fi
}
ka_start() {
	ka_conf $1 > "$TMP/ka$1.conf"
	(nsx $C-n$1 keepalived -n -l -f "$TMP/ka$1.conf" -p "$TMP/ka$1.pid" \
		-r "$TMP/ka$1-vrrp.pid" -c "$TMP/ka$1-chk.pid" -b "$TMP/ka$1-bfd.pid" \
		</dev/null >"$TMP/ka$1.log" 2>&1 &)
}
# keepalived's own stop runs the notify scripts (clusterip backup/fault):
# wait (at most 20 s) until both daemons are gone, so that nothing they
# start races with the next test.
ka_stop() {
	local pids i
	pids=$(cat "$TMP/ka1.pid" "$TMP/ka2.pid" 2>/dev/null)
	[ -n "$pids" ] || return 0
	kill $pids 2>/dev/null
	for i in $(seq 1 200); do
		kill -0 $pids 2>/dev/null || break
		sleep 0.1
	done
	# notify scripts are children that may outlive the parent briefly
	for i in $(seq 1 50); do
		pgrep -f "$TMP/ka[12].conf" >/dev/null || pgrep -f "clusterip (backup|fault|primary)" >/dev/null || return 0
		sleep 0.1
	done
}
# Wait (at most 20 s) until node $1 serves exactly the buckets in $2.
wait_buckets() {
	local i
	for i in $(seq 1 40); do
		[ "$(ctbox_in $C-n$1 status 2>/dev/null | sed -n 2p)" = "buckets:$2" ] && return 0
		sleep 0.5
	done
	return 1
}
keepalived_failover() {
	# through a bridge: a direct veth would lose carrier with its peer
	ip -n $C-sw link add br-hb type bridge && ip -n $C-sw link set br-hb up
	veth $C-n1 eth0 $C-sw n1h && veth $C-n2 eth0 $C-sw n2h
	ip -n $C-sw link set n1h master br-hb && ip -n $C-sw link set n2h master br-hb
	# its one remark: the instances carry no virtual address, on purpose
	testing "keepalived: example config is valid" \
		"nsx $C-n1 keepalived -t -f $KA_CONF 2>&1 | grep -v 'No VIP specified'" ""
	nsx $C-n1 ip addr add 10.77.9.1/24 dev eth0
	nsx $C-n2 ip addr add 10.77.9.2/24 dev eth0
	ka_start 1
	ka_start 2
	check "keepalived: settled, node 1 serves 1" wait_buckets 1 " 1"
	check "keepalived: settled, node 2 serves 2" wait_buckets 2 " 2"
	ip -n $C-n2 link set eth1 down
	ip -n $C-n2 link set eth2 down
	ip -n $C-n2 link set eth0 down
	check "keepalived: node 2 fails, node 1 runs primary 2" wait_buckets 1 " 1 2"
	flush_ct
	testing "keepalived: all exchanges succeed through node 1" "traffic 2" 0
	ip -n $C-n2 link set eth1 up
	ip -n $C-n2 link set eth2 up
	ip -n $C-n2 link set eth0 up
	check "keepalived: node 2 back, node 1 runs backup 2" wait_buckets 1 " 1"
	check "keepalived: node 2 serves 2 again" wait_buckets 2 " 2"
	flush_ct
	testing "keepalived: all exchanges succeed after the split" "traffic 2" 0
	check "keepalived: split restored" split_ok $((8 * 2 * 2))
	ka_stop
}

PER=4
WANT=$((8 * 2 * PER))
if e2e_setup; then
	check "e2e: node 1 start" ctbox_in $C-n1 -c "$TMP/n1.conf" start
	check "e2e: node 2 start" ctbox_in $C-n2 -c "$TMP/n2.conf" start
	testing "e2e: all TCP and UDP exchanges succeed" "traffic $PER" 0
	check "e2e: each flow on exactly one node, both carry some" split_ok $WANT
	check "e2e: each node source-NATs into its own port slice" snat_slices_ok
	testing "e2e: client sees the multicast MAC for the cluster address" \
		"nsx $C-cl ip neigh show 10.77.1.1 | grep -o 'lladdr [^ ]*'" "lladdr $MC1"
	testing "e2e: server sees the clients as the cluster address" \
		"nsx $C-n1 conntrack -L -p tcp 2>/dev/null | grep -c 'dst=10.77.2.1 ' | sed 's/^[1-9][0-9]*$/some/'" "some"
	flush_ct
	# node 2 fails; node 1 takes its share
	ip -n $C-n2 link set eth1 down
	ip -n $C-n2 link set eth2 down
	testing "e2e: node 2 down, before primary 2: node 2's flows fail" \
		"[ \$(traffic 1 2>/dev/null) -gt 0 ] && echo failing" "failing"
	flush_ct
	check "e2e: primary 2 on node 1" ctbox_in $C-n1 primary 2
	testing "e2e: after primary 2 all exchanges succeed" "traffic $PER" 0
	flows $C-n1 > "$TMP/f1"
	testing "e2e: node 1 alone carries flows from all 8 addresses" \
		"sources_of $TMP/f1" 8
	# node 2 is back; node 1 gives its share back
	check "e2e: node 2 links up again" links_up
	check "e2e: backup 2 on node 1" ctbox_in $C-n1 backup 2
	flush_ct
	testing "e2e: after backup 2 all exchanges succeed" "traffic $PER" 0
	check "e2e: split restored" split_ok $WANT
	testing "e2e: status counts packets of bucket 1" \
		"ctbox_in $C-n1 status | grep -c '^bucket 1: eth1 packets [1-9]'" 1

	###################################################################
	# 3b. the same failover driven by keepalived, with doc/'s example
	if command -v keepalived >/dev/null; then
		keepalived_failover
	else
		skip "keepalived: failover" "keepalived not installed"
	fi

	###################################################################
	# 4. node 2 on the classic tools, node 1 on ctbox
	check "classic: node 2 stop" ctbox_in $C-n2 stop
	classic_start() {	# the script's start, by hand
		local n=$1
		nsx $n sysctl -qw net.ipv4.ip_forward=1 net.netfilter.nf_conntrack_tcp_loose=0 \
			net.netfilter.nf_conntrack_tcp_be_liberal=0
		nsx $n ip a a 10.77.1.1/24 dev eth1 && nsx $n ip a a 10.77.2.1/24 dev eth2 &&
		nsx $n ip maddr add $MC1 dev eth1 && nsx $n ip maddr add $MC2 dev eth2 &&
		nsx $n arptables -I OUTPUT -o eth1 --h-length 6 -j mangle --mangle-mac-s $MC1 &&
		nsx $n arptables -I INPUT -i eth1 --h-length 6 --destination-mac $MC1 \
			-j mangle --mangle-mac-d "$(nsx $n cat /sys/class/net/eth1/address)" &&
		nsx $n arptables -I OUTPUT -o eth2 --h-length 6 -j mangle --mangle-mac-s $MC2 &&
		nsx $n arptables -I INPUT -i eth2 --h-length 6 --destination-mac $MC2 \
			-j mangle --mangle-mac-d "$(nsx $n cat /sys/class/net/eth2/address)" &&
		nsx $n iptables -t nat -A POSTROUTING -s 10.77.1.0/24 -j SNAT --to-source 10.77.2.1 &&
		nsx $n iptables -t mangle -A PREROUTING -i eth2 -m state --state INVALID -j DROP &&
		nsx $n iptables -t mangle -A PREROUTING -i eth2 -p udp -m state --state NEW -j DROP &&
		nsx $n iptables -t mangle -N CLUSTER-RULES &&
		nsx $n iptables -t mangle -A CLUSTER-RULES -i eth1 -m cluster --cluster-total-nodes 2 \
			--cluster-local-node 2 --cluster-hash-seed $SEED -j MARK --set-mark 0xffff &&
		nsx $n iptables -t mangle -A CLUSTER-RULES -i eth2 -m cluster --cluster-total-nodes 2 \
			--cluster-local-node 2 --cluster-hash-seed $SEED -j MARK --set-mark 0xffff &&
		nsx $n iptables -t mangle -A PREROUTING -j CLUSTER-RULES &&
		nsx $n iptables -t mangle -A PREROUTING -i eth1 -m mark ! --mark 0xffff -j DROP &&
		nsx $n iptables -t mangle -A PREROUTING -i eth2 -m mark ! --mark 0xffff -j DROP
	}
	check "classic: node 2 set up with ip, arptables, iptables" classic_start $C-n2
	flush_ct
	testing "classic+ctbox: all exchanges succeed (no gap)" "traffic $PER" 0
	check "classic+ctbox: each flow on exactly one node (no overlap)" split_ok $WANT
else
	fail "e2e: namespace setup"
fi
