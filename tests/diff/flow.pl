#!/usr/bin/perl
# Tiny TCP/UDP echo server and client for real conntrack flows in tests
# and the demo (perl-base only, which every Debian has).
#   flow.pl serve tcp|udp ADDR PORT          echo forever
#   flow.pl send tcp|udp ADDR PORT [LPORT]   one exchange, then close
#   flow.pl hold tcp ADDR PORT [LPORT]       one exchange, keep it open
#   flow.pl flows ADDR4 ADDR6                the differential suite's set:
#       udp ADDR4:5003 from 40003, udp ADDR6:5004 from 40004,
#       tcp ADDR4:5001 from 40001 (one process: it runs per table reload)
# "send" over TCP lets the server close first: the TIME_WAIT socket is then
# the server's, and the same client port can connect again at once.
use strict;
use warnings;
use IO::Socket::IP;

$SIG{ALRM} = sub { die "flow.pl: timeout\n" };

sub serve {
	my ($proto, $addr, $port) = @_;
	my $s = IO::Socket::IP->new(LocalHost => $addr, LocalPort => $port,
		Proto => $proto, ReuseAddr => 1,
		($proto eq 'tcp' ? (Listen => 16) : ()))
		or die "flow.pl: listen $addr:$port: $@\n";
	my $buf;
	if ($proto eq 'udp') {
		while (my $peer = $s->recv($buf, 2048)) { $s->send($buf, 0, $peer); }
		exit 0;
	}
	$SIG{CHLD} = 'IGNORE';
	while (my $c = $s->accept) {
		if (fork) { close $c; next; }	# a held one must not block the next
		while (sysread($c, $buf, 2048)) {
			syswrite($c, $buf);
			last if $buf =~ /^close/;
		}
		exit 0;
	}
	exit 0;
}

# One exchange; returns the socket (still open).
sub exchange {
	my ($mode, $proto, $addr, $port, $lport) = @_;
	my $buf;
	alarm 5;
	my $c = IO::Socket::IP->new(PeerHost => $addr, PeerPort => $port,
		Proto => $proto, ($lport ? (LocalPort => $lport, ReuseAddr => 1) : ()))
		or die "flow.pl: connect $addr:$port: $@\n";
	syswrite($c, $mode eq 'send' ? "close\n" : "hold\n");
	sysread($c, $buf, 2048);
	if ($mode eq 'send' && $proto eq 'tcp') {
		1 while sysread($c, $buf, 2048);	# until the server's FIN
	}
	alarm 0;
	return $c;
}

my $mode = shift // '';
if ($mode eq 'serve' && @ARGV == 3) {
	serve(@ARGV);
} elsif ($mode eq 'send' && @ARGV >= 3) {
	close exchange('send', @ARGV);
} elsif ($mode eq 'hold' && @ARGV >= 3) {
	my $c = exchange('hold', @ARGV);
	open(STDOUT, '>', '/dev/null');
	sleep 3600;
} elsif ($mode eq 'flows' && @ARGV == 2) {
	my ($a4, $a6) = @ARGV;
	close exchange('send', 'udp', $a4, 5003, 40003);
	close exchange('send', 'udp', $a6, 5004, 40004);
	close exchange('send', 'tcp', $a4, 5001, 40001);
} else {
	die "usage: flow.pl serve|send|hold tcp|udp ADDR PORT [LPORT] | flows ADDR4 ADDR6\n";
}
