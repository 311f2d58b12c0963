#!/bin/sh
# Run tests/mnf/fidelity.cmds with each line prefixed by "$ LINE" and
# followed by "rc=N".  Usage: fidelity.sh CMDS-FILE (CT must be set; the
# caller decides whether the commands reach the kernel or mini-netfilter).
# Every command is pinned to CPU 0 so per-CPU statistics compare.
grep -v '^#' "$1" | grep -v '^$' | while IFS= read -r line; do
	echo "\$ $line"
	taskset -c 0 sh -c "$line" 2>&1 </dev/null
	echo "rc=$?"
done
