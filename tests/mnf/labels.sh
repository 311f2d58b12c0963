#!/bin/sh
# Labels, kernel vs mini-netfilter --labels: run in a private mount
# namespace (unshare -m) as root.  A label map is placed over /etc with an
# overlay (nothing reaches the host); the kernel namespace gets an nft rule
# that uses a label, which is what makes the kernel keep labels at all.
# usage: labels.sh MNF-RUN CONNTRACK NETNS-NAME  -> prints "same" or the diff
run=$1 ct=$2 ns=$3
d=$(mktemp -d)
mkdir -p "$d/up" "$d/work"
mount -t overlay mnflabels -o "lowerdir=/etc,upperdir=$d/up,workdir=$d/work" /etc || exit 1
mkdir -p /etc/xtables
printf '0 eth0-in\n1 eth0-out\n2 ppp-in\n' >/etc/xtables/connlabel.conf
cp /etc/xtables/connlabel.conf /etc/connlabel.conf
steps() {
	$1 "$ct" -I -p udp -s 1.1.1.1 -d 2.2.2.2 --sport 1 --dport 2 -t 30 --label-add eth0-in 2>&1
	echo "rc=$?"
	$1 "$ct" -L -o labels 2>&1
	$1 "$ct" -U -s 1.1.1.1 --label-add eth0-out 2>&1
	$1 "$ct" -L -o labels -l eth0-out 2>&1
	$1 "$ct" -U -s 1.1.1.1 --label-del eth0-in 2>&1
	$1 "$ct" -L -o labels 2>&1
	$1 "$ct" -U -s 1.1.1.1 --label-del 2>&1
	$1 "$ct" -L -o labels 2>&1
}
ip netns add "$ns" &&
ip netns exec "$ns" nft add table inet mnft &&
ip netns exec "$ns" nft add chain inet mnft c '{ type filter hook prerouting priority 0; }' &&
ip netns exec "$ns" nft add rule inet mnft c ct label set eth0-in || exit 1
steps "ip netns exec $ns" >"$d/kernel"
ip netns del "$ns"
$run --instance "$d/i" --labels -- true
steps "$run --instance $d/i --" >"$d/mnf"
$run --instance "$d/i" --stop
# a second may tick between creating and listing: timeouts are not compared
for f in kernel mnf; do sed -E 's/^(udp +17 )[0-9]+ /\1T /' "$d/$f" >"$d/$f.n"; done
if diff "$d/kernel.n" "$d/mnf.n" >"$d/diff"; then echo same; else cat "$d/diff"; fi
umount /etc
rm -rf "$d"
