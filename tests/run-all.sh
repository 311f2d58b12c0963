#!/bin/sh
# Run every test suite and print one closing line "N passed, N failed".
# Suites: tests/*.test and tests/netns/*.sh (shell, print PASS:/FAIL:/SKIP:
# lines), plus whatever tests/Makefile builds and runs (unit, fuzz).
# Kernel-only suites skip themselves (with a SKIP line) when not root.
cd "$(dirname "$0")/.." || exit 1
TOP=$(pwd)
export TOP
out=tests/out
mkdir -p $out
: > $out/all.log
status=0
for t in tests/*.test tests/netns/*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t")
	echo "== $name"
	if ! bash "$t" > "$out/$name.log" 2>&1; then
		echo "FAIL: $name exited non-zero" >> "$out/$name.log"
	fi
	grep -E '^(FAIL|SKIP):' "$out/$name.log" | sed 's/^/   /'
	grep -A3 -E '^FAIL:' "$out/$name.log" | grep -E '^  ' | head -40 | sed 's/^/   /'
	cat "$out/$name.log" >> $out/all.log
done
if [ -f tests/Makefile ]; then
	echo "== unit/fuzz"
	make -s -C tests run > $out/unit.log 2>&1 || echo "FAIL: make -C tests run" >> $out/unit.log
	grep -E '^(FAIL|SKIP):' $out/unit.log | sed 's/^/   /'
	cat $out/unit.log >> $out/all.log
fi
p=$(grep -c '^PASS:' $out/all.log)
f=$(grep -c '^FAIL:' $out/all.log)
s=$(grep -c '^SKIP:' $out/all.log)
echo "$p passed, $f failed, $s skipped"
[ "$f" -eq 0 ] && [ "$p" -gt 0 ]
