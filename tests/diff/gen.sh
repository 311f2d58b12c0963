#!/bin/bash
# Generate the differential suite's commands: every fragment of the pools
# below once with each command it suits (systematic part), then N random
# combinations drawn with bash's RANDOM seeded by SEED.  One command per
# line: "r ARGS" (read: both tools on the same table) or "m ARGS"
# (mutating: each tool on its twin table).  Addresses, ports and zones
# refer to tests/diff/entries.txt and the traffic made by twins.sh.
#   gen.sh SEED N
set -f
SEED=${1:-1} N=${2:-200}
RANDOM=$SEED

ADDR=(
	"-s 10.1.0.1" "-d 10.1.0.2" "-s 10.99.0.1" "-d 10.99.0.2"
	"-r 10.7.0.3" "-q 10.7.0.1" "-r 10.1.0.2" "-q 10.7.0.9"
	"-s 2001:db8::1" "-d 2001:db8::2" "-s fd00:99::1" "-d 2001:db8::7"
	"-s 10.1.0.0/16" "-d 10.0.0.0/8" "-s 2001:db8::/64" "-d 10.1.0.2/32"
	"-s 2001:db8::1/128" "-s 10.1.0.9 --mask-src 255.255.255.0"
	"-d 10.1.0.0 --mask-dst 255.255.0.0" "-s 192.0.2.1" "-s 0x0a010001"
	"-d 10.1.2" "-s 10.1.0.1 -d 10.1.0.2" "-r 10.1.0.2 -q 10.1.0.1"
	"-s 10.7.0.4 -r 10.7.0.5" "-s 0.0.0.0/0" "-s ::/0"
)
PROTO=(
	"-p tcp" "-p tcp --dport 80" "-p tcp --sport 1001 --dport 80"
	"-p tcp --state ESTABLISHED" "-p tcp --state TIME_WAIT"
	"-p tcp --state LISTEN" "-p tcp --reply-port-src 8080"
	"-p tcp --orig-port-src 1003" "-p tcp --dport 5001" "-p TCP"
	"-p udp" "-p udp --sport 53" "-p udp --reply-port-src 5353"
	"-p udp --dport 5003" "-p udplite" "-p udplite --dport 8"
	"-p sctp" "-p sctp --state ESTABLISHED" "-p sctp --sport 7"
	"-p dccp" "-p dccp --state OPEN" "-p icmp" "-p icmp --icmp-type 8"
	"-p icmp --icmp-id 78" "-p icmp --icmp-code 0" "-p icmpv6"
	"-p icmpv6 --icmpv6-type 128" "-p gre" "-p gre --srckey 0x10"
	"-p gre --reply-key-src 6" "-p 50" "-p 200" "-p igmp" "-p 2"
	"-p 0x11" "-p 6" "-p 47"
)
META=(
	"-m 5" "-m 0x10/0xf0" "-m 0" "-m 7/0x7" "-m 5/0" "-m 0xff/0xffffffff"
	"-u ASSURED" "-u SEEN_REPLY" "-u UNREPLIED" "-u FIXED_TIMEOUT"
	"-u ASSURED,SEEN_REPLY" "-u seen" "-u !ASSURED" "-u UNSET"
	"-u OFFLOAD" "-u EXPECTED" "-u SRC_NAT" "-w 3" "-w 0" "-w 10"
	"--zone 3" "--orig-zone 7" "--reply-zone 8" "--orig-zone 0"
	"-f ipv4" "-f ipv6" "-f ipv6foo" "-c 12345" "--src-nat" "--dst-nat"
	"--any-nat" "--dst-nat 10.7.0.3" "--dst-nat 10.7.0.3:5353"
	"--src-nat 10.7.0.9" "--src-nat 10.7.0.9:4000" "-j 10.7.0.3"
	"-n 10.7.0.9:5" "-g [2001:db8::8]:5353" "-g 2001:db8::8"
	"--any-nat :4000" "--mark 9" "-i 1" "--id 1" "--id=1"
)
OUTPUT=(
	"-o xml" "-o extended" "-o id" "-o extended,id" "-o save"
	"-o ktimestamp" "-o timestamp" "-o userspace" "-o xml,ktimestamp"
	"-o x" "-o s" "-o labels" "-o save,id" "-o bogus" "-o xml,,id"
	"-o EXTENDED" "-o xml,extended,id" "--output save"
)
BAD=(
	"-s 300.1.1.1" "-s 1.1.1.1/33" "-s 1.1.1.1/abc" "-r 1.1.1.1/24"
	"-p foo" "-p 256" "-p -1" "-u FOO" "-u ,ASSURED" "-w" "-m" "-f ipv5"
	"--sport 1" "-s 1.1.1.1 -d ::1" "--mask-src 255.0.0.0" "-x" "--bogus"
	"-t 5" "-e NEW" "--label-add foo --label-del bar" "-n 1.1.1.1 -j"
	"-g [::1" "-g [::1]:" "-g 1.1.1.1:99999" "-g 1.1.1.1:abc" "-l foo"
	"-b 1000" "-a 1.1.1.1" "--tuple-src 1.1.1.1" "-z -s 1.1.1.1"
	"-p tcp --state FOO" "-p sctp --state FOO" "-p tcp --icmp-type 8"
	"-s" "--src" "-q 1.1.1.1/8" "-s ::1 --mask-src 255.0.0.0"
	"-p tcp --sport" "-o" "-e" "-m 1/" "-I" "-D" "-V"
)
# Complete tuples: existing entries (twins.sh/entries.txt) and new ones.
TUPLE=(
	"-s 10.1.0.1 -d 10.1.0.2 -p tcp --sport 1001 --dport 80"
	"-s 10.1.0.5 -d 10.1.0.6 -p tcp --sport 1009 --dport 8080"
	"-r 10.1.0.2 -q 10.1.0.1 -p tcp --reply-port-src 80 --reply-port-dst 1002"
	"-s 10.2.0.1 -d 10.2.0.2 -p udp --sport 53 --dport 1053"
	"-s 10.2.0.3 -d 10.2.0.4 -p udplite --sport 5 --dport 6"
	"-s 10.3.0.1 -d 10.3.0.2 -p sctp --sport 5 --dport 6"
	"-s 10.4.0.1 -d 10.4.0.2 -p icmp --icmp-type 8 --icmp-code 0 --icmp-id 77"
	"-s 2001:db8::1 -d 2001:db8::2 -p icmpv6 --icmpv6-type 128 --icmpv6-code 0 --icmpv6-id 9"
	"-s 10.5.0.1 -d 10.5.0.2 -p gre --srckey 0x10 --dstkey 0x20"
	"-s 10.6.0.1 -d 10.6.0.2 -p 50"
	"-s 2001:db8::1 -d 2001:db8::2 -p tcp --sport 2001 --dport 80"
	"-s 10.7.0.1 -d 10.7.0.2 -p udp --sport 53 --dport 1053"
	"-s 10.7.0.4 -d 10.7.0.2 -r 10.7.0.5 -q 10.7.0.4 -p tcp --sport 7 --dport 80 --reply-port-src 8080 --reply-port-dst 7"
	"-s 10.9.0.1 -d 10.9.0.2 -p tcp --sport 1 --dport 2"
	"-s 10.1.0.1 -d 10.1.0.2 -p tcp --sport 1006 --dport 25"
	"-s 10.1.0.1 -p tcp --sport 1001 --dport 80"
)
# What create needs beyond a tuple, per protocol.
NEW=(
	"-s 10.9.0.1 -d 10.9.0.2 -p tcp --sport 1 --dport 2 --state ESTABLISHED -t 100"
	"-s 10.9.0.1 -d 10.9.0.2 -p tcp --sport 1 --dport 2 --state SYN_SENT -t 100 -u SEEN_REPLY"
	"-s 10.1.0.1 -d 10.1.0.2 -p tcp --sport 1001 --dport 80 --state ESTABLISHED -t 100"
	"-s 10.9.0.1 -d 10.9.0.2 -p udp --sport 3 --dport 4 -t 100"
	"-r 10.9.0.2 -q 10.9.0.1 -p udp --reply-port-src 4 --reply-port-dst 3 -t 100"
	"-s 10.9.0.1 -d 10.9.0.2 -r 10.9.0.3 -q 10.9.0.1 -p udp --sport 3 --dport 4 --reply-port-src 5 --reply-port-dst 3 -t 100"
	"-s 10.9.0.1 -d 10.9.0.2 -p udplite --sport 3 --dport 4 -t 100"
	"-s 10.9.0.1 -d 10.9.0.2 -p sctp --sport 3 --dport 4 --state ESTABLISHED --orig-vtag 5 --reply-vtag 6 -t 100"
	"-s 10.9.0.1 -d 10.9.0.2 -p sctp --sport 3 --dport 4 --state ESTABLISHED -t 100"
	"-s 10.9.0.1 -d 10.9.0.2 -p dccp --sport 3 --dport 4 --state OPEN --role server -t 100"
	"-s 10.9.0.1 -d 10.9.0.2 -p icmp --icmp-type 8 --icmp-code 0 --icmp-id 5 -t 100"
	"-s 10.9.0.1 -d 10.9.0.2 -p icmp --icmp-type 8 -t 100"
	"-s 2001:db8::9 -d 2001:db8::a -p icmpv6 --icmpv6-type 128 --icmpv6-code 0 --icmpv6-id 5 -t 100"
	"-s 10.9.0.1 -d 10.9.0.2 -p gre --srckey 1 --dstkey 2 -t 100"
	"-s 10.9.0.1 -d 10.9.0.2 -p gre -t 100"
	"-s 10.9.0.1 -d 10.9.0.2 -p 99 -t 100"
	"-s 2001:db8::9 -d 2001:db8::a -p tcp --sport 1 --dport 2 --state ESTABLISHED -t 100"
	"-s 10.9.0.1 -d 2001:db8::a -p 99 -t 100"
	"-s 10.9.0.1 -p tcp --sport 1 --dport 2 --state ESTABLISHED -t 100"
	"-s 10.9.0.1 -d 10.9.0.2 -p tcp --sport 1 --state ESTABLISHED -t 100"
	"-s 10.9.0.1 -d 10.9.0.2 -p tcp --sport 1 --dport 2 -t 100"
	"-s 10.9.0.1 -d 10.9.0.2 -p tcp --sport 1 --dport 2 --state ESTABLISHED"
	"-s 10.9.0.1 -d 10.9.0.2 -t 100"
)
NEWX=(
	"-m 5" "-m 3/1" "-u ASSURED" "-u SEEN_REPLY,ASSURED" "-u FIXED_TIMEOUT"
	"-w 4" "--orig-zone 2" "--reply-zone 3" "--dst-nat 10.9.0.9"
	"--src-nat 10.9.0.8:99" "--dst-nat 10.9.0.9:77" "-c 5" "-f ipv6"
	"-o xml" "-j 10.9.0.9" "--label-add foo" "-i 5" "-t 4294967295"
	"-m 1 -u ASSURED"
)
SETTERS=(
	"-m 9" "-m 0/0xffff0000" "-m 0x100/0x100" "-m 5" "-u ASSURED"
	"-u FIXED_TIMEOUT" "-t 77" "-t 77 -m 1" "--label-add foo"
	"--label-del" "-u ASSURED -m 4" "-o xml -m 11" "-o save -m 12"
)

# No $(...) around anything that draws: a subshell reseeds RANDOM, and the
# same SEED must give the same commands.
pick() {	# pick ARRAY: one element into $P
	local -n a=$1
	P=${a[RANDOM % ${#a[@]}]}
}
each() {	# each KIND PREFIX ARRAY [SUFFIX]: one line per element
	local -n a=$3
	local x
	for x in "${a[@]}"; do echo "$1 $2 $x${4:+ $4}"; done
}

# Systematic part.
for cmd in "" "-L" "-L conntrack" "-L c" "-L e" "-L expect" "-L dying" \
	   "-L unconfirmed" "-L bogus" "-Lexpect" "--dump" "-L -L" "-L -G" \
	   "foo -L" "-L extra words" "-C" "-C expect" "-C conntrack" "-S" \
	   "-S expect" "-V" "--version" "-h" "--help" "-h -p tcp" \
	   "-h -p icmp" "-h -p igmp" "-h -p gre" "-R" "-X" "-L -Z"; do
	echo "r $cmd"
done
each r -L ADDR
each r -L PROTO
each r -L META
each r -L OUTPUT
each r -L BAD
each r -G TUPLE
each r "-G -o xml" TUPLE
each r -C BAD
for cmd in "-D" "-U"; do
	each m "$cmd" ADDR
	each m "$cmd" PROTO
	each m "$cmd" META
done
each m "-U -m 42" ADDR
each m "-U" SETTERS "-p tcp"
each m "-U -s 10.1.0.1" SETTERS
each m "-D -o" OUTPUT
each m "-D" BAD
each m -I NEW
each m -A NEW
for x in "${NEWX[@]}"; do pick NEW; echo "m -I $P $x"; done
for cmd in "-F" "-F conntrack" "-F expect" "-F -f ipv6" "-F -f ipv4" \
	   "-F dying" "-F -s 1.1.1.1" "-L -z" "-L -z -p tcp" "-L -z -o xml" \
	   "-R tests/diff/batch.txt" "-R tests/diff/badbatch.txt" \
	   "-R tests/diff/failbatch.txt" "-R tests/diff/batch.txt -L" \
	   "-R tests/diff/no-such-file" "--load-file tests/diff/entries.txt" \
	   "-E -t 5" "-E expect -e NEW" "-U -I"; do
	echo "m $cmd"
done

# Random combinations: 2/3 read, 1/3 mutating.
filters() {	# 1-4 fragments, at most one protocol, appended to $F
	local n=$((1 + RANDOM % 4)) i p=0
	for ((i = 0; i < n; i++)); do
		case $((RANDOM % 10)) in
		0|1|2) pick ADDR ;;
		3|4) [ $p = 1 ] && continue; pick PROTO; p=1 ;;
		5|6|7) pick META ;;
		8) pick OUTPUT ;;
		9) pick BAD ;;
		esac
		F+=" $P"
	done
}
for ((k = 0; k < N; k++)); do
	F=""
	case $((RANDOM % 12)) in
	0|1|2|3|4|5) filters; echo "r -L$F" ;;
	6)	pick TUPLE; F=" $P"
		((RANDOM % 2)) && { pick OUTPUT; F+=" $P"; }
		echo "r -G$F" ;;
	7) filters; filters; echo "r -L$F" ;;
	8) filters; echo "m -D$F" ;;
	9) filters; pick SETTERS; echo "m -U$F $P" ;;
	10) pick NEW; F=" $P"; pick NEWX; echo "m -I$F $P" ;;
	11)	pick NEW; F=" $P"
		((RANDOM % 2)) && { pick NEWX; F+=" $P"; }
		echo "m -A$F" ;;
	esac
done
