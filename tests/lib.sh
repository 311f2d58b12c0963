# Shared by every shell test suite (sourced).  A suite prints one line per
# assertion: "PASS: name", "FAIL: name" (with details after), or
# "SKIP: name (reason)"; tests/run-all.sh counts them.
#
#   testing NAME COMMAND EXPECTED_STDOUT [STDIN]   (toybox style)
#   check NAME COMMAND...                           (passes if COMMAND exits 0)

TOP=${TOP:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
CTBOX=${CTBOX:-$TOP/ctbox}
: "${VERBOSE:=}"

pass() { echo "PASS: $1"; }
fail() { echo "FAIL: $1"; shift; [ $# -gt 0 ] && printf '  %s\n' "$@"; return 0; }
skip() { echo "SKIP: $1 ($2)"; }

testing() {
	local name=$1 cmd=$2 want=$3 input=${4-} got
	got=$(printf '%s' "$input" | eval "$cmd" 2>&1)
	if [ "$got" = "$want" ]; then
		pass "$name"
	else
		fail "$name" "command: $cmd" "expected: $want" "got:      $got"
	fi
}

check() {
	local name=$1
	shift
	if "$@" >/dev/null 2>&1; then pass "$name"; else fail "$name" "command: $*"; fi
}

is_root() { [ "$(id -u)" = 0 ]; }

# shared/ (spec, upstream case files) lies beside the clone in CI; a git
# worktree has it one level further up.  SHARED= overrides.
shared_dir() {
	local d
	for d in "${SHARED:-}" "$TOP/../shared" "$TOP/../../shared"; do
		[ -n "$d" ] && [ -d "$d/upstream-tests" ] && { (cd "$d" && pwd); return 0; }
	done
	return 1
}

# use_ct: how our conntrack is run, in $CT (a command line).  CT= given
# by the caller wins (e.g. CT=/usr/sbin/conntrack checks a harness against
# Debian's tool; TEST_HOST=1 does the same, also for NFCT); the default is
# "$CTBOX conntrack".  A function, not a default: other suites read an
# unset CT as "test ctbox and the reference".
use_ct() {
	if [ -z "${CT:-}" ]; then
		if [ -n "${TEST_HOST:-}" ]; then CT=/usr/sbin/conntrack; else CT="$CTBOX conntrack"; fi
	fi
	[ -n "${TEST_HOST:-}" ] && : "${NFCT:=/usr/sbin/nfct}"
	CT_REF=${CT_REF:-/usr/sbin/conntrack}
	NFCT_REF=${NFCT_REF:-/usr/sbin/nfct}
}

# Network namespaces of a suite: all named $NS_PREFIX-<pid>-<name> and
# deleted by netns_cleanup (the suites trap it on EXIT).
NS_PREFIX=${NS_PREFIX:-tst}
# netns_new VAR NAME: make one and store its full name in VAR (not $(...):
# the list of namespaces to delete must live in this shell).
NETNS_MADE=()
netns_new() {
	local _ns="$NS_PREFIX-$$-$2"
	ip netns add "$_ns" || return 1
	ip -n "$_ns" link set lo up
	NETNS_MADE+=("$_ns")
	printf -v "$1" %s "$_ns"
}
netns_cleanup() {
	local ns
	for ns in "${NETNS_MADE[@]}"; do ip netns del "$ns" 2>/dev/null; done
	NETNS_MADE=()
}

# Does $CT list a table (in netns $1), or is it still a placeholder?  The
# applet lands in pieces; suites that need it skip until it lists.
ct_can_list() {
	local out
	out=$(ip netns exec "$1" $CT -L -p 200 2>&1 >/dev/null)
	case $out in *"flow entries have been shown"*) return 0 ;; esac
	return 1
}

# mini-netfilter (mini-netfilter/README): "$MNF_RUN -- CMD" runs CMD against
# a fresh user-space netfilter, "$MNF_RUN --instance DIR -- CMD" against a
# shared one; no root needed.  Suites that compare with the kernel can run
# their commands through it as a second variant.
MNF_RUN=$TOP/mini-netfilter/mnf-run
mnf_available() { [ -x "$TOP/mini-netfilter/mnf-server" ] && [ -f "$TOP/mini-netfilter/libmnf.so" ]; }

# Our save lines less what 1.4.7 leaves out of them, the mark and the
# labels (COMPAT.md conntrack row 23, asserted by tests/conntrack.test
# "compat: save keeps the mark"): for comparing them with 1.4.7's.
no_save_extras() {
	sed -E '/^-[ADU] /{s/ -m [0-9]+//; s/ --label-add [^ ]+//;}' "$@"
}

# copy_source DIR: the tree's sources into DIR, for builds of their own,
# without .git and what builds and test runs leave (objects, binaries,
# config.h, logs).
copy_source() {
	mkdir -p "$1" &&
	tar -C "$TOP" --exclude=./.git --exclude=./tests/out --exclude=./tests/work \
		--exclude=./bench/out --exclude='*.o' --exclude='*.a' --exclude='*.so' \
		--exclude=./ctbox --exclude=./config.h --exclude=./mini-netfilter/mnf-server \
		--exclude=./mini-netfilter/mnf-inject -cf - . | tar -C "$1" -xf -
}
