#!/bin/sh
# fidelity.sh CMDS RUNNER OUT [RUNNER OUT]...
# Run each line of CMDS (a shell command using $CT) through every RUNNER
# in turn before going to the next line, so the runs see the same clock;
# each transcript OUT gets "$ LINE", the output on stdout, then each
# stderr line prefixed "2> " (so the interleaving of two streams, which
# depends on buffering, does not matter), and "rc=N".  A RUNNER is a command prefix: "ip netns exec NS" (the kernel)
# or "mini-netfilter/mnf-run --instance DIR --".  Commands are pinned to
# CPU 0 so per-CPU statistics compare.
cmds=$1
shift
n=$#
i=2
while [ $i -le $n ]; do
	eval ": >\"\${$i}\""
	i=$((i + 2))
done
grep -v '^#' "$cmds" | grep -v '^$' | while IFS= read -r line; do
	i=1
	while [ $i -lt $n ]; do
		eval "runner=\${$i} out=\${$((i + 1))}"
		{
			echo "\$ $line"
			# shellcheck disable=SC2086
			$runner taskset -c 0 sh -c "$line" 2>"$out.err" </dev/null
			rc=$?
			sed 's/^/2> /' "$out.err"
			echo "rc=$rc"
		} >>"$out"
		i=$((i + 2))
	done
done
i=2
while [ $i -le $n ]; do
	eval "rm -f \"\${$i}.err\""
	i=$((i + 2))
done
