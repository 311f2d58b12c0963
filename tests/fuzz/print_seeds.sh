#!/bin/sh
# print_seeds.sh SEEDS OUT: seeds for fuzz_ct_print from the codec's
# (message bodies): each behind two bytes choosing format, message kind,
# options and a truncation, plus an expectation and a label map seed.
seeds=$1 out=$2
rm -rf "$out" && mkdir -p "$out" || exit 1
for f in "$seeds"/*; do
	b=$(basename "$f")
	for p in '\000\040' '\001\100' '\002\040' '\003\277' '\007\377' '\013\000'; do
		{ printf "$p"; cat "$f"; } > "$out/$b-$(printf "$p" | od -An -tx1 | tr -d ' \n')"
	done
done
{ printf '\200\001'; head -c 300 /dev/zero; } > "$out/exp-zero"
{ printf '\203\002'; head -c 300 /dev/zero | tr '\0' '\377'; } > "$out/exp-ones"
printf '\300# c\n0 zero\n1   eth0-in  \n0x3 hex\n010 oct al\n 5 lead\n7\tTAB\n1023 last\n1024 over\n3 dup\n9 zero\n' > "$out/labelmap"
