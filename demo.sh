#!/bin/bash
# ctbox demo: build ctbox, then watch `ctbox conntrack` on real flows in a
# throw-away pair of network namespaces joined by a veth link.  Run as root
# on Debian 12; installs what it needs with apt-get.  Nothing outside the
# two namespaces is touched, and they are deleted at the end.
#   ./demo.sh                      CT=/usr/sbin/conntrack ./demo.sh (the original)
set -eu
cd "$(dirname "$0")"
TOP=$(pwd)
if [ "$(id -u)" != 0 ]; then
	echo "demo.sh: run me as root (network namespaces need it)" >&2
	exit 1
fi

say() { printf '\n\033[1m## %s\033[0m\n' "$*"; }

# Build dependencies and the tools the demo drives.
need=()
command -v make > /dev/null && command -v cc > /dev/null || need+=(build-essential)
command -v pkg-config > /dev/null || need+=(pkg-config)
[ -f /usr/include/libmnl/libmnl.h ] || need+=(libmnl-dev)
command -v ip > /dev/null || need+=(iproute2)
command -v ping > /dev/null || need+=(iputils-ping)
command -v nft > /dev/null || need+=(nftables)
if [ ${#need[@]} -gt 0 ]; then
	say "installing ${need[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq --no-install-recommends "${need[@]}" > /dev/null
fi

say "building ctbox"
make -s ctbox
ls -l ctbox
CT=${CT:-$TOP/ctbox conntrack}

# Two namespaces: a client (A, 192.0.2.1) and a server (B, 192.0.2.2).
P=${DEMO_NS_PREFIX:-ctbox-demo}-$$
A=$P-a B=$P-b
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2> /dev/null || true; done
	ip netns del "$A" 2> /dev/null || true
	ip netns del "$B" 2> /dev/null || true
}
trap cleanup EXIT
inA() { ip netns exec "$A" "$@"; }
ct() {
	printf '\n$ ctbox conntrack %s\n' "$*"
	# shellcheck disable=SC2086
	inA $CT "$@" || true
}

say "namespaces $A and $B, veth link, conntrack on"
ip netns add "$A"
ip netns add "$B"
ip link add veth0 netns "$A" type veth peer name veth0 netns "$B"
ip -n "$A" addr add 192.0.2.1/24 dev veth0
ip -n "$B" addr add 192.0.2.2/24 dev veth0
for ns in "$A" "$B"; do
	ip -n "$ns" link set lo up
	ip -n "$ns" link set veth0 up
	ip netns exec "$ns" sysctl -qw net.netfilter.nf_conntrack_acct=1 \
		net.netfilter.nf_conntrack_timestamp=1
done
# The kernel tracks a namespace's traffic once a rule there needs conntrack.
inA nft -f - <<'NFT'
table inet demo {
	chain out {
		type filter hook output priority 0;
		ct state new counter
	}
}
NFT

say "real flows from A to B: ping, a TCP connection (bash /dev/tcp), a UDP packet"
ip netns exec "$B" perl tests/diff/flow.pl serve tcp 192.0.2.2 8080 < /dev/null > /dev/null 2>&1 &
pids+=($!)
for i in $(seq 30); do inA ping -q -c1 -W1 192.0.2.2 > /dev/null 2>&1 && break; sleep 0.1; done
inA ping -c2 -i 0.2 192.0.2.2
ip netns exec "$A" bash -c 'exec 3<>/dev/tcp/192.0.2.2/8080; echo hello >&3; read -r l <&3;
	echo "tcp: sent hello, got $l back; keeping the connection open"; exec sleep 60' &
pids+=($!)
inA bash -c 'echo ping > /dev/udp/192.0.2.2/53' || true
sleep 0.3

say "the table, as conntrack-tools prints it"
ct -L
ct -L -o extended
ct -C

say "events: -E in the background while a new flow starts"
events=$(mktemp)
# Not through inA: $! must be conntrack itself (ip netns exec execs it).
# shellcheck disable=SC2086
ip netns exec "$A" $CT -E > "$events" 2>&1 &
epid=$!
sleep 0.5
inA bash -c 'echo again > /dev/udp/192.0.2.2/5353' || true
inA ping -q -c1 192.0.2.2 > /dev/null || true
sleep 0.5
# SIGTERM: a background job of a script ignores SIGINT (^C)
kill -TERM "$epid" 2> /dev/null || true
wait "$epid" 2> /dev/null || true
printf '\n$ ctbox conntrack -E   (stopped after a second)\n'
cat "$events"
rm -f "$events"

say "delete the ping flows, then list again"
ct -D -p icmp
ct -L

say "mark the UDP flows, save the table, empty it, load it back: the marks stay"
ct -U -p udp -m 42
saved=$(mktemp)
printf '\n$ ctbox conntrack -L -o save > saved\n'
# shellcheck disable=SC2086
inA $CT -L -o save > "$saved" 2> /dev/null || true
cat "$saved"
ct -F
# shellcheck disable=SC2086
printf '\n$ ctbox conntrack -R saved\n'; inA $CT -R "$saved" || true
ct -L -m 42
rm -f "$saved"

say "done: namespaces removed"
