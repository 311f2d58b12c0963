#!/bin/bash
# valgrind over a big listing: a namespace with 10,000 entries (loaded by
# the reference tool with -R), then
#   valgrind --leak-check=full --error-exitcode=99 $CT -L
# must report no errors and no leaks, and list every entry.
source "$(dirname "$0")/../lib.sh"
use_ct
ENTRIES=${VALGRIND_ENTRIES:-10000}

if ! is_root; then
	skip "valgrind" "needs root for network namespaces"
	exit 0
fi
if ! command -v valgrind > /dev/null; then
	skip "valgrind" "valgrind not installed (apt-get install valgrind)"
	exit 0
fi
trap 'netns_cleanup; rm -f "$W".*' EXIT
W=$(mktemp -u)
netns_new ns vg || { fail "valgrind: netns"; exit 1; }
if ! ct_can_list "$ns"; then
	skip "valgrind" "$CT cannot list yet"
	exit 0
fi

# 10,000 distinct udp entries: 100 sources x 100 ports, half of them v6.
for ((i = 0; i < ENTRIES; i++)); do
	if ((i % 2)); then
		printf -- '-I -s 2001:db8::%x -d 2001:db8:1::1 -p udp --sport %d --dport 53 -t 600 -m %d\n' \
			$((i / 100 + 1)) $((1000 + i % 100)) $i
	else
		printf -- '-I -s 10.%d.%d.1 -d 10.200.0.1 -p tcp --sport %d --dport 80 --state ESTABLISHED -t 600 -u ASSURED\n' \
			$((i / 10000)) $((i / 100 % 100)) $((1000 + i % 100))
	fi
done > "$W.load"
if ip netns exec "$ns" "$CT_REF" -R "$W.load" &&
   [ "$(ip netns exec "$ns" "$CT_REF" -C)" = "$ENTRIES" ]; then
	pass "valgrind: $ENTRIES entries loaded"
else
	fail "valgrind: $ENTRIES entries loaded" "$CT_REF -R failed"
	exit 0
fi

read -ra ct <<< "$CT"
# Leaks are what --leak-check=full reports by default: definitely and
# possibly lost blocks (memory still pointed to at exit is not a leak).
ip netns exec "$ns" valgrind -q --leak-check=full --error-exitcode=99 \
	--log-file="$W.vg" "${ct[@]}" -L > "$W.out" 2> "$W.err"
rc=$?
if [ $rc -eq 0 ] && [ ! -s "$W.vg" ]; then
	pass "valgrind: -L clean (no errors, no leaks)"
else
	fail "valgrind: -L clean (no errors, no leaks)" "exit $rc" "$(head -30 "$W.vg")"
fi
n=$(wc -l < "$W.out")
if [ "$n" = "$ENTRIES" ] && grep -q "$ENTRIES flow entries have been shown" "$W.err"; then
	pass "valgrind: -L listed all $ENTRIES entries"
else
	fail "valgrind: -L listed all $ENTRIES entries" "got $n lines" "$(tail -2 "$W.err")"
fi
