# awk -v skip=FILE -f drop-cmds.awk TRANSCRIPT: the transcript without the
# blocks ("$ LINE" up to the next "$ ") of the command lines in FILE.
BEGIN {
	while ((getline l < skip) > 0)
		if (l !~ /^#/ && l != "")
			drop["$ " l] = 1
}
/^\$ / { dropping = ($0 in drop) }
!dropping
