#!/bin/bash
# Run one upstream case file in the current network namespace and print
# one PASS:/FAIL: line per assertion, then "COUNT: FILE OK/TOTAL".
#
#   casefile.sh conntrack FILE   conntrack-tools tests/conntrack format (spec §7.2)
#   casefile.sh nfct FILE        tests/nfct format (spec §7.3)
#
# CT (conntrack format) is how our conntrack is invoked, e.g.
# "/path/ctbox conntrack" or /usr/sbin/conntrack; NFCT likewise for the
# "nfct" word that starts every nfct-format line.  TAG names the file in
# the output.  Every command runs under `timeout` so a hang is a FAIL.
set -u
fmt=$1 file=$2
: "${CT:=conntrack}" "${NFCT:=nfct}" "${TAG:=$(basename "$file")}"
: "${CASE_TIMEOUT:=20}"

# Run a shell command line (stdin inherited) and judge its exit status
# against the directive: O(K) wants 0, B(AD) wants non-zero.
judge() {
	local n=$1 want=$2 shown=$3 cmd=$4 out st
	out=$(timeout "$CASE_TIMEOUT" sh -c "$cmd" 2>&1 >/dev/null)
	st=$?
	if { [ "$want" = O ] && [ $st -eq 0 ]; } ||
	   { [ "$want" = B ] && [ $st -ne 0 ] && [ $st -ne 124 ]; }; then
		echo "PASS: upstream $TAG:$n $shown"
	else
		echo "FAIL: upstream $TAG:$n $shown"
		echo "  command: $cmd"
		echo "  exit $st, expected $([ "$want" = O ] && echo 0 || echo non-zero)"
		[ -n "$out" ] && printf '  stderr: %s\n' "$out" | head -5
	fi
}

# conntrack format: "ARGS ; DIRECTIVE [OPTION]".
run_conntrack() {
	local n=0 line cmd rest dir opt pipe="" shown
	local -a input=()
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		case $line in ''|'#'*|' '*) continue ;; esac
		if [[ $line != *';'* ]]; then
			echo "FAIL: upstream $TAG:$n malformed line"
			continue
		fi
		cmd=${line%%;*}
		rest=${line#*;}
		rest=${rest#"${rest%%[! 	]*}"}
		dir=${rest:0:1}
		opt=${rest:1}
		opt=${opt#"${opt%%[! 	]*}"}
		case $dir in
		'')	input+=("$cmd")
			continue ;;
		'|')	pipe+="$CT $cmd | "
			[ -n "$opt" ] && pipe+="sed \"$opt\" | "
			continue ;;
		O|B)	;;
		*)	echo "FAIL: upstream $TAG:$n unknown directive '$dir'"
			continue ;;
		esac
		shown="$cmd;"
		[ -n "$pipe" ] && shown="(pipe) $shown"
		[ ${#input[@]} -gt 0 ] && shown="(stdin ${#input[@]} lines) $shown"
		if [ ${#input[@]} -gt 0 ]; then
			printf '%s\n' "${input[@]}" | judge $n "$dir" "$shown" "$pipe$CT $cmd"
		else
			judge $n "$dir" "$shown" "$pipe$CT $cmd" </dev/null
		fi
		pipe="" input=()
	done < "$file"
}

# nfct format: "nfct ARGS ; OK|BAD" (directive two characters after ';').
run_nfct() {
	local n=0 line cmd dir
	while IFS= read -r line || [ -n "$line" ]; do
		n=$((n + 1))
		case $line in ''|'#'*|' '*) continue ;; esac
		cmd=${line%%;*}
		dir=${line#*;}
		dir=${dir:1:1}
		case $cmd in nfct\ *) cmd="$NFCT ${cmd#nfct }" ;; esac
		judge $n "$dir" "${line%%;*};" "$cmd" </dev/null
	done < "$file"
}

# judge runs in pipeline subshells for stdin cases: count the output.
counts=$(mktemp)
trap 'rm -f "$counts"' EXIT
case $fmt in
conntrack) run_conntrack ;;
nfct) run_nfct ;;
*) echo "casefile.sh: unknown format $fmt" >&2; exit 2 ;;
esac | tee "$counts"
p=$(grep -c '^PASS:' "$counts")
t=$(grep -cE '^(PASS|FAIL):' "$counts")
echo "COUNT: $TAG $p/$t"
