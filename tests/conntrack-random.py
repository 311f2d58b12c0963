#!/usr/bin/env python3
"""Random conntrack command lines for tests/conntrack.test: usage
conntrack-random.py SEED COUNT.  Commands, table words, options with
good and bad values, unknown and abbreviated options, in random order;
-E is left out (it waits for events)."""
import random, sys
random.seed(int(sys.argv[1])); n = int(sys.argv[2])
cmds = ['-L','-I','-U','-D','-G','-F','-C','-S','-A','-h','-V','--dump','--create','--get','--update','--delete','--flush','--counter','--stats','--add','-Lexpect','']
tables = ['expect','conntrack','dying','unconfirmed','e','x','']
opts = [('-s',['1.1.1.1','::1','1.1.1.0/24','foo','1.1.1.1/33','10.0.0.1','2001:db8::1']),('-d',['2.2.2.2','::2','2.2.2.0/8','x']),
 ('-r',['2.2.2.2','::2','1/8']),('-q',['1.1.1.1','::1']),('-p',['tcp','udp','icmp','icmpv6','sctp','dccp','gre','udplite','6','17','igmp','foo','300','0x11']),
 ('-t',['10','x','-1']),('-u',['ASSURED','SEEN_REPLY','!ASSURED','UNREPLIED','foo','A,S','']),('-z',None),('-e',['NEW','ALL','D','x']),
 ('--tuple-src',['1.1.1.1','::1']),('--tuple-dst',['2.2.2.2']),('--mask-src',['255.0.0.0','ffff::','x']),('--mask-dst',['255.255.0.0']),
 ('-a',['x']),('-m',['1','0x10/0xff','x','1/']),('-i',['1','x']),('--id=1',None),('-f',['ipv4','ipv6','ip','inet']),('-n',None),('-n',['1.1.1.1','1.1.1.1:80','[::1]:80','x:','1.1.1.1:x']),
 ('-g',None),('-g',['3.3.3.3:5353','::1']),('-j',None),('-o',['xml','save','extended,id','s','x,e','foo','labels','ktimestamp','save,xml']),('-c',['1','x']),
 ('-b',['1000']),('-w',['1','x']),('-l',['foo']),('--label-add',['foo']),('--label-del',None),('--orig-zone',['1']),('--reply-zone',['2']),
 ('--sport',['1','x']),('--dport',['2']),('--state',['ESTABLISHED','LISTEN','foo','OPEN','CLOSED']),('--reply-port-src',['3']),('--reply-port-dst',['4']),
 ('--icmp-type',['8']),('--icmp-code',['0']),('--icmp-id',['5']),('--icmpv6-type',['128']),('--srckey',['1']),('--dstkey',['2']),('--orig-vtag',['1']),('--reply-vtag',['2']),('--role',['client','x']),
 ('--mask-port-src',['1']),('--tuple-port-src',['1']),('-x',None),('--src',None),('-s',None),('--zon',['1']),('--s',['1']),('--pro',['tcp'])]
for _ in range(n):
    words = []
    for _ in range(random.randint(0,2)):
        c = random.choice(cmds)
        if c: words.append(c)
        if random.random() < 0.2: words.append(random.choice(tables) or '""')
    for _ in range(random.randint(0,6)):
        o, vals = random.choice(opts)
        words.append(o)
        if vals: 
            v = random.choice(vals); words.append(v if v else '""')
    random.shuffle(words) if random.random() < 0.2 else None
    print(' '.join("'"+w+"'" if ('!' in w or '[' in w) else w for w in words))
