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

# mini-netfilter (mini-netfilter/README): "$MNF_RUN -- CMD" runs CMD against
# a fresh user-space netfilter, "$MNF_RUN --instance DIR -- CMD" against a
# shared one; no root needed.  Suites that compare with the kernel can run
# their commands through it as a second variant.
MNF_RUN=$TOP/mini-netfilter/mnf-run
mnf_available() { [ -x "$TOP/mini-netfilter/mnf-server" ] && [ -f "$TOP/mini-netfilter/libmnf.so" ]; }
