#!/bin/bash
# Run every test suite and print one closing line "N passed, N failed, N skipped".
# Suites: tests/*.test and tests/netns/*.sh (shell, print PASS:/FAIL:/SKIP:
# lines), plus whatever tests/Makefile builds and runs (unit, fuzz).
# Kernel-only suites skip themselves (with a SKIP line) when not root.
#   tests/run-all.sh [WORD...]   only the suites whose file name contains a WORD
#   SUITE_TIMEOUT=SECONDS        a suite running longer is killed (FAIL); 1200
# Logs: tests/out/SUITE.log, all of them in tests/out/all.log.
cd "$(dirname "$0")/.." || exit 1
TOP=$(pwd)
export TOP
out=tests/out
mkdir -p $out
: > $out/all.log
: "${SUITE_TIMEOUT:=1200}"

wanted() {	# wanted NAME: no words given means every suite
	local w
	[ ${#WORDS[@]} -eq 0 ] && return 0
	for w in "${WORDS[@]}"; do
		case $1 in *"$w"*) return 0 ;; esac
	done
	return 1
}

# summarise NAME LOG SECONDS: the suite's counts, its FAIL/SKIP lines and
# the first detail lines of its failures.
summarise() {
	local p f s
	p=$(grep -c '^PASS:' "$2")
	f=$(grep -c '^FAIL:' "$2")
	s=$(grep -c '^SKIP:' "$2")
	echo "== $1: $p passed, $f failed, $s skipped ($3 s)"
	grep -E '^(FAIL|SKIP):' "$2" | head -50 | sed 's/^/   /'
	grep -A3 -E '^FAIL:' "$2" | grep -E '^  ' | head -40 | sed 's/^/   /'
	cat "$2" >> $out/all.log
}

WORDS=("$@")
for t in tests/*.test tests/netns/*.sh; do
	[ -f "$t" ] || continue
	name=$(basename "$t")
	wanted "$name" || continue
	start=$SECONDS
	timeout -k 10 "$SUITE_TIMEOUT" bash "$t" < /dev/null > "$out/$name.log" 2>&1
	rc=$?
	if [ $rc -eq 124 ] || [ $rc -eq 137 ]; then
		echo "FAIL: $name killed after $SUITE_TIMEOUT s" >> "$out/$name.log"
	elif [ $rc -ne 0 ]; then
		echo "FAIL: $name exited $rc" >> "$out/$name.log"
	fi
	summarise "$name" "$out/$name.log" $((SECONDS - start))
done
if [ -f tests/Makefile ] && wanted unit; then
	start=$SECONDS
	make -s -C tests run < /dev/null > $out/unit.log 2>&1 ||
		echo "FAIL: make -C tests run" >> $out/unit.log
	summarise "unit/fuzz (tests/Makefile)" $out/unit.log $((SECONDS - start))
fi
p=$(grep -c '^PASS:' $out/all.log)
f=$(grep -c '^FAIL:' $out/all.log)
s=$(grep -c '^SKIP:' $out/all.log)
echo "$p passed, $f failed, $s skipped"
[ "$f" -eq 0 ] && [ "$p" -gt 0 ]
