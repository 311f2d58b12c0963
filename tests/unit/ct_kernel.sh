#!/bin/sh
# Run the ct_kernel test binary ($1) in a network namespace of its own
# (cdc-kt-PID), so it never sees or touches another conntrack table.
bin=$1
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: ct_kernel (needs root for a network namespace)"
	exit 0
fi
ns=cdc-kt-$$
trap 'ip netns del $ns 2>/dev/null' EXIT INT TERM
if ! ip netns add $ns 2>/dev/null; then
	echo "SKIP: ct_kernel (cannot create netns $ns)"
	exit 0
fi
ip netns exec $ns "$bin"
