# Twin network namespaces A and B joined by a veth pair (sourced by
# tests/netns/diff.sh; needs lib.sh).  Both hold the same conntrack table:
# the hand-made entries of entries.txt, loaded by the reference tool, and
# the entries of real flows from A to B, which both ends track with the
# same tuples, counters and states.  nf_conntrack_acct and
# nf_conntrack_timestamp are on, so counters and delta-time show.
#
# A table can also be rebuilt exactly (twin_reload): the same entries,
# inserted in the same order into the same namespace, with flows whose
# ICMP ids and ports are fixed, come out in the same dump order, which
# conntrack 1.4.7's -U and -D results depend on.

DIFF_DIR=$TOP/tests/diff
A4=10.99.0.1 B4=10.99.0.2 A6=fd00:99::1 B6=fd00:99::2
TWIN_PIDS=()

in_ns() {	# in_ns NS CMD...: run in the namespace (cheaper than ip netns exec)
	local ns=$1
	shift
	nsenter --net="/run/netns/$ns" "$@"
}

twins_setup() {
	local ns i
	netns_new NSA dA && netns_new NSB dB || return 1
	ip link add tst-$$-a netns "$NSA" type veth peer name tst-$$-b netns "$NSB" || return 1
	ip -n "$NSA" link set tst-$$-a name veth0
	ip -n "$NSB" link set tst-$$-b name veth0
	ip -n "$NSA" addr add $A4/24 dev veth0
	ip -n "$NSB" addr add $B4/24 dev veth0
	ip -n "$NSA" addr add $A6/64 dev veth0 nodad
	ip -n "$NSB" addr add $B6/64 dev veth0 nodad
	for ns in "$NSA" "$NSB"; do
		ip -n "$ns" link set veth0 up
		in_ns "$ns" sysctl -qw net.netfilter.nf_conntrack_acct=1 \
			net.netfilter.nf_conntrack_timestamp=1 || return 1
		# conntrack hooks a namespace only once a rule needs it
		in_ns "$ns" nft -f - <<-'NFT' || return 1
		table inet tst {
			chain out {
				type filter hook output priority 0;
				ct state new counter
			}
		}
		NFT
	done
	twin_bg "$NSB" serve tcp $B4 5001
	twin_bg "$NSB" serve udp $B4 5003
	twin_bg "$NSB" serve udp $B6 5004
	# the link needs a moment before the first packet gets through
	for i in $(seq 50); do
		in_ns "$NSA" ping -q -c1 -W1 $B4 >/dev/null 2>&1 &&
		in_ns "$NSA" ping -q -6 -c1 -W1 $B6 >/dev/null 2>&1 && break
		sleep 0.1
	done
	for ns in "$NSA" "$NSB"; do
		in_ns "$ns" "$CT_REF" -F 2>/dev/null
		in_ns "$ns" "$CT_REF" -R "$DIFF_DIR/entries.txt" || return 1
	done
	twins_traffic || return 1
	# One TCP connection stays open (ESTABLISHED) until the next reload.
	twin_bg "$NSA" hold tcp $B4 5001 40005
	sleep 0.1
}

# A flow.pl in the background, silent (it must not hold the caller's
# stdout open), its pid kept for twins_teardown.  nsenter execs perl, so
# $! is perl's pid.
twin_bg() {
	local ns=$1
	shift
	nsenter --net="/run/netns/$ns" perl "$DIFF_DIR/flow.pl" "$@" \
		< /dev/null > /dev/null 2>&1 &
	TWIN_PIDS+=($!)
}

twins_teardown() {
	local p
	for p in "${TWIN_PIDS[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	TWIN_PIDS=()
}

# Real flows from A to B with fixed ids and ports: ping (v4, v6), UDP
# (v4, v6), one TCP connection that is closed again (TIME_WAIT).
twins_traffic() {
	in_ns "$NSA" ping -q -c1 -W1 -e 4242 $B4 >/dev/null &&
	in_ns "$NSA" ping -q -6 -c1 -W1 -e 4243 $B6 >/dev/null &&
	in_ns "$NSA" perl "$DIFF_DIR/flow.pl" flows $B4 $B6
}

# Rebuild the table of ns (A or B) from scratch with the reference tool;
# the flows from A to B land in both tables.
twin_reload() {
	in_ns "$1" "$CT_REF" -F 2>/dev/null
	in_ns "$1" "$CT_REF" -R "$DIFF_DIR/entries.txt" || return 1
	twins_traffic || return 1
	sleep 0.01	# the last ACK of the TCP close
}

# The table of ns as the reference tool lists it, sorted (twins hash their
# entries in different orders), timeouts and delta-time normalised.
twins_table() {
	in_ns "$1" "$CT_REF" -L 2>/dev/null |
	sed -E 's/^([a-z0-9]+ +[0-9]+) [0-9]+ /\1 T /; s/delta-time=[0-9]+/delta-time=D/' |
	LC_ALL=C sort
}
