#!/bin/bash
# A timeout policy made with our nfct does what it says on the real kernel:
# in a namespace, UDP flows over loopback are given the policy with
# iptables' CT target (-j CT --timeout NAME), and the timeouts that
# conntrack -L shows follow the policy, while flows without it keep the
# kernel's defaults (and follow "nfct default-set").  ~3 s.
. "$(dirname "$0")/../lib.sh"

if ! is_root; then
	skip "nfct policy on real traffic" "needs root for network namespaces"
	exit 0
fi
for t in iptables conntrack cc; do
	if ! command -v $t >/dev/null; then
		skip "nfct policy on real traffic" "no $t"
		exit 0
	fi
done

tmp=$(mktemp -d)
ns=nfc-p$$
cleanup() {
	ip netns del $ns 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
cc -o "$tmp/udp-pair" "$TOP/tests/udp-pair.c" || { fail "nfct policy: build udp-pair"; exit 1; }
ln -s "$CTBOX" "$tmp/nfct"
ip netns add $ns || { fail "nfct policy: create namespace"; exit 1; }

in_ns() { ip netns exec $ns env PATH="$tmp:/usr/sbin:/usr/bin:/sbin:/bin" "$@"; }
# timeout (seconds left) of the UDP flow with source port $1 (IPv$2,
# default 4), or "none"
timeout_of() {
	local t
	t=$(in_ns conntrack -L -f ipv${2:-4} -p udp --sport "$1" 2>/dev/null | awk '{ print $3; exit }')
	echo "${t:-none}"
}
# in_range NAME VALUE LOW HIGH
in_range() {
	if [ "$2" != none ] && [ "$2" -ge "$3" ] && [ "$2" -le "$4" ]; then
		pass "$1"
	else
		fail "$1" "timeout $2, want $3..$4"
	fi
}

in_ns ip link set lo up
check "nfct policy: add policy u7 (unreplied 7, replied 50)" \
	in_ns nfct add timeout u7 inet udp unreplied 7 replied 50
if ! in_ns iptables -t raw -A OUTPUT -p udp --dport 9999 -j CT --timeout u7 2>"$tmp/err"; then
	skip "nfct policy on real traffic" "iptables CT --timeout refused: $(cat "$tmp/err")"
	exit 0
fi

# one packet each way: policy flow and a control flow without policy
in_ns udp-pair 40000 9999
in_ns udp-pair 40001 9998
in_range "nfct policy: unreplied flow with policy gets 7 s" "$(timeout_of 40000)" 1 7
in_range "nfct policy: unreplied flow without policy keeps 30 s" "$(timeout_of 40001)" 25 30

# after a reply and 2 s more traffic the kernel uses the REPLIED timeout
in_ns udp-pair 40002 9999 reply
in_ns udp-pair 40003 9998 reply
sleep 2.2
in_ns udp-pair 40002 9999 reply
in_ns udp-pair 40003 9998 reply
in_range "nfct policy: replied flow with policy gets 50 s" "$(timeout_of 40002)" 45 50
in_range "nfct policy: replied flow without policy keeps 120 s" "$(timeout_of 40003)" 110 120

# in use: delete refuses, flush leaves it
testing "nfct policy: delete of a policy in use fails with EBUSY" \
	"in_ns nfct delete timeout u7; echo rc=\$?" \
	"nfct v0.1: netlink error: Device or resource busy
rc=1"
check "nfct policy: flush keeps the policy in use" \
	sh -c "ip netns exec $ns $tmp/nfct flush timeout && ip netns exec $ns $tmp/nfct get timeout u7"

# default-set changes what flows without a policy get
check "nfct policy: default-set udp unreplied 13" \
	in_ns nfct default-set timeout inet udp unreplied 13
in_ns udp-pair 40004 9997
in_range "nfct policy: new flow without policy follows default-set (13 s)" "$(timeout_of 40004)" 9 13
in_ns udp-pair 40005 9999
in_range "nfct policy: flow with policy still gets 7 s" "$(timeout_of 40005)" 1 7

# the same over IPv6 with an inet6 policy
check "nfct policy: add inet6 policy u6 (unreplied 6)" \
	in_ns nfct add timeout u6 inet6 udp unreplied 6 replied 40
if ! command -v ip6tables >/dev/null ||
   ! in_ns ip6tables -t raw -A OUTPUT -p udp --dport 9999 -j CT --timeout u6 2>"$tmp/err"; then
	skip "nfct policy: IPv6 flow follows the inet6 policy" "no ip6tables CT --timeout: $(cat "$tmp/err")"
else
	in_ns udp-pair -6 40006 9999
	in_ns udp-pair -6 40007 9998
	in_range "nfct policy: IPv6 flow with policy gets 6 s" "$(timeout_of 40006 6)" 1 6
	# the kernel keeps one set of defaults per protocol, for both families
	in_range "nfct policy: IPv6 flow without policy follows the udp default set above (13 s)" \
		"$(timeout_of 40007 6)" 9 13
fi
