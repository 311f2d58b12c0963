#!/bin/sh
# run.sh FUZZER SEEDS WORKDIR RUNS SECONDS: run a libFuzzer target from a
# fresh copy of the seeds (so the repository stays clean) and print one
# PASS/FAIL line with the number of inputs that ran.
fuzzer=$1 seeds=$2 work=$3 runs=$4 secs=$5
name=$(basename "$fuzzer")
corpus=$work/$name.corpus
rm -rf "$corpus" && mkdir -p "$corpus" && cp "$seeds"/* "$corpus"/
log=$work/$name.log
"$fuzzer" -runs="$runs" -max_total_time="$secs" -max_len=4096 \
	-artifact_prefix="$work/$name-" -print_final_stats=1 "$corpus" > "$log" 2>&1
rc=$?
n=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 inputs in \2 s/p' "$log")
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
if [ $rc -eq 0 ] && [ -n "$n" ]; then
	echo "PASS: $name libFuzzer $n ($(ls "$corpus" | wc -l) corpus files)"
else
	echo "FAIL: $name libFuzzer exit $rc after ${execs:-?} inputs, see $log"
	grep -m5 -E 'ERROR|SUMMARY|fuzz_|artifact' "$log" | sed 's/^/  /'
fi
