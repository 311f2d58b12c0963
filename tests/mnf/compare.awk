# awk -f compare.awk WANT GOT: the two transcripts must be identical,
# except that an entry's remaining timeout and its age (delta-time) may
# differ by up to slack seconds (awk -v slack=N, default 1): the runs are
# not simultaneous.
# Prints the differing lines; exits 1 if any.
NR == FNR { want[FNR] = $0; nwant = FNR; next }
{ got[FNR] = $0; ngot = FNR }

function num(s) { sub(/^(timeout>|deltatime>|delta-time=)/, "", s); return s + 0 }

function timeout_token(t, j) {
	if (t[j] ~ /^(timeout>|deltatime>|delta-time=)[0-9]+$/)
		return 1
	if (t[j] !~ /^[0-9]+$/ || j < 2)
		return 0
	return t[j - 1] ~ /^[0-9]+$/ || t[j - 1] == "-t" || t[j - 1] == "--timeout" ||
	       t[j - 1] ~ /^<?(timeout|deltatime)>$/
}

function near(x, y,    tx, ty, n, j, d) {
	# XML values become tokens of their own
	gsub(/</, " <", x); gsub(/>/, "> ", x)
	gsub(/</, " <", y); gsub(/>/, "> ", y)
	n = split(x, tx, / /)
	if (n != split(y, ty, / /))
		return 0
	for (j = 1; j <= n; j++) {
		if (tx[j] == ty[j])
			continue
		if (!timeout_token(tx, j) || !timeout_token(ty, j))
			return 0
		d = num(tx[j]) - num(ty[j])
		if (d < -slack || d > slack)
			return 0
	}
	return 1
}

BEGIN { if (slack == "") slack = 1 }

END {
	n = nwant > ngot ? nwant : ngot
	for (i = 1; i <= n; i++) {
		if (want[i] == got[i] || near(want[i], got[i]))
			continue
		printf "line %d:\n-%s\n+%s\n", i, want[i], got[i]
		if (++bad >= 10)
			break
	}
	exit bad > 0
}
