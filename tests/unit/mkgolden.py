#!/usr/bin/env python3
"""Turn a capture_print.sh directory into tests/unit/ct_print_golden.h.

Each table entry (and each event) is reconstructed from Debian conntrack's
own output: the fields from the "-o extended,id,labels" text line, the
kernel timestamps from "-o xml,ktimestamp", status bits the text does not
show from "-o save".  Every captured line of every -o variant for that
entry becomes an expected string; the C test rebuilds the struct ct and
must print each one byte for byte.

usage: mkgolden.py CAPTUREDIR > tests/unit/ct_print_golden.h
"""
import re
import sys

TCP = "NONE SYN_SENT SYN_RECV ESTABLISHED FIN_WAIT CLOSE_WAIT LAST_ACK TIME_WAIT CLOSE SYN_SENT2".split()
SCTP = "NONE CLOSED COOKIE_WAIT COOKIE_ECHOED ESTABLISHED SHUTDOWN_SENT SHUTDOWN_RECD SHUTDOWN_ACK_SENT HEARTBEAT_SENT HEARTBEAT_ACKED".split()
DCCP = "NONE REQUEST RESPOND PARTOPEN OPEN CLOSEREQ CLOSING TIMEWAIT IGNORE INVALID".split()
LABELS = {"zero": 0, "eth0-in": 1, "hex-three": 3, "octal eight": 8, "lead": 5, "TAB": 7}
USERSPACE = re.compile(r" \[USERSPACE\] portid=\d+( progname=\S+)?$")
PREFIXES = {"    [NEW] ": "CT_MSG_NEW", " [UPDATE] ": "CT_MSG_UPDATE", "[DESTROY] ": "CT_MSG_DESTROY"}

# IPS_* bits
EXPECTED, SEEN_REPLY, ASSURED, CONFIRMED = 1, 2, 4, 8
SRC_NAT, DST_NAT, SRC_NAT_DONE, DST_NAT_DONE, FIXED_TIMEOUT = 16, 32, 128, 256, 1024

# variant name -> (file suffix, fmt, opts, labelmap)
DUMP_VARIANTS = [
    ("", "CT_FMT_DEFAULT", "0", 0),
    ("extended", "CT_FMT_DEFAULT", "CT_OPT_EXTENDED", 0),
    ("id", "CT_FMT_DEFAULT", "CT_OPT_ID", 0),
    ("extended,id", "CT_FMT_DEFAULT", "CT_OPT_EXTENDED | CT_OPT_ID", 0),
    ("ktimestamp", "CT_FMT_DEFAULT", "CT_OPT_KTIMESTAMP", 0),
    ("save", "CT_FMT_SAVE", "0", 0),
    ("xml", "CT_FMT_XML", "0", 0),
    ("xml,ktimestamp", "CT_FMT_XML", "CT_OPT_KTIMESTAMP", 0),
    ("labels", "CT_FMT_DEFAULT", "CT_OPT_LABELS", 1),
    ("xml,labels", "CT_FMT_XML", "CT_OPT_LABELS", 1),
    ("extended,id,labels", "CT_FMT_DEFAULT", "CT_OPT_EXTENDED | CT_OPT_ID | CT_OPT_LABELS", 1),
]
EVENT_VARIANTS = [
    ("", "CT_FMT_DEFAULT", "0", 0),
    ("extended,id", "CT_FMT_DEFAULT", "CT_OPT_EXTENDED | CT_OPT_ID", 0),
    ("ktimestamp", "CT_FMT_DEFAULT", "CT_OPT_KTIMESTAMP", 0),
    ("labels", "CT_FMT_DEFAULT", "CT_OPT_LABELS", 1),
    ("save", "CT_FMT_SAVE", "0", 0),
    ("timestamp", "CT_FMT_DEFAULT", "CT_OPT_TIMESTAMP", 0),
    ("xml", "CT_FMT_XML", "0", 0),
    ("xml,ktimestamp", "CT_FMT_XML", "CT_OPT_KTIMESTAMP", 0),
    ("xml,timestamp", "CT_FMT_XML", "CT_OPT_TIMESTAMP", 0),
]


def lines(path):
    out = []
    with open(path) as f:
        for ln in f:
            ln = USERSPACE.sub("", ln.rstrip("\n"))
            if ln.startswith("<?xml") or ln in ("<conntrack>", "</conntrack>"):
                continue
            out.append(ln)
    return out


def parse_text(line):
    """Fields of a "-o extended,id,labels" line (event prefix removed)."""
    e = {"msg": "CT_MSG_DUMP"}
    for p, m in PREFIXES.items():
        if line.startswith(p):
            e["msg"], line = m, line[len(p):]
    m = re.match(r"(\S+) +(\d+) (\S+) +(\d+) (.*)$", line)
    e["l3"], e["l4"] = int(m.group(2)), int(m.group(4))
    t = m.group(5).split(" ")
    if t and t[0].isdigit():
        e["timeout"] = int(t.pop(0))
    if t and "=" not in t[0] and not t[0].startswith("["):
        e["state"] = t.pop(0)
    d, seen_src, prev = 0, False, None
    tup = [{}, {}]
    status = CONFIRMED | SEEN_REPLY
    for tok in t:
        if tok == "[UNREPLIED]":
            status &= ~SEEN_REPLY
            continue
        if tok == "[ASSURED]":
            status |= ASSURED
            continue
        k, _, v = tok.partition("=")
        if k == "src":
            if seen_src:
                d = 1
            seen_src = True
        if k in ("src", "dst"):
            tup[d][k] = v
        elif k in ("sport", "dport", "type", "code", "packets", "bytes"):
            tup[d][k] = int(v)
        elif k in ("srckey", "dstkey"):
            tup[d][k] = int(v, 16)
        elif k == "id" and prev == "code":
            tup[d]["icmpid"] = int(v)
        elif k in ("zone-orig", "zone-reply"):
            tup[0 if k == "zone-orig" else 1]["zone"] = int(v)
        elif k in ("mark", "zone", "use", "id", "secmark"):
            e[k] = int(v)
        elif k == "labels":
            e["labels"] = sum(1 << LABELS[n] for n in v.split(","))
        prev = k
    e["tup"] = tup
    e["status"] = status
    return e


def add_save(e, save):
    m = re.search(r"-u (\S+)", save)
    if m:
        for n in m.group(1).split(","):
            e["status"] |= {"EXPECTED": EXPECTED, "FIXED_TIMEOUT": FIXED_TIMEOUT}.get(n, 0)
    if " -g " in save:
        e["status"] |= DST_NAT | DST_NAT_DONE
    if " -n " in save:
        e["status"] |= SRC_NAT | SRC_NAT_DONE
    # Real traffic passed the NAT hooks: null bindings set both DONE bits.
    if e["tup"][0].get("packets", 0) > 0:
        e["status"] |= SRC_NAT_DONE | DST_NAT_DONE
    # Text prints ports even when absent (0); save shows what was sent.
    e["noports"] = e["l4"] in (6, 17, 136, 132, 33) and "--sport" not in save
    m = re.search(r"--orig-vtag (\d+) --reply-vtag (\d+)", save)
    if m:
        # save shows the tags byte-swapped (little-endian capture host)
        swap = lambda v: int.from_bytes(v.to_bytes(4, "little"), "big")
        e["vtag"] = (swap(int(m.group(1))), swap(int(m.group(2))))


def add_xml(e, xml):
    m = re.search(r"<start>(\d+)</start>", xml)
    if m:
        e["start"] = int(m.group(1))
    m = re.search(r"<stop>(\d+)</stop>", xml)
    if m:
        e["stop"] = int(m.group(1))
    # Destroy events of entries with mark 0 carry no mark: text shows none.
    e["has_counters"] = "<counters>" in xml


def add_when(e, xml):
    m = re.search(r"<when><hour>(\d+)</hour><min>(\d+)</min><sec>(\d+)</sec>"
                  r"<wday>\d+</wday><day>(\d+)</day><month>(\d+)</month><year>(\d+)</year>", xml)
    if m:
        h, mi, s, d, mo, y = map(int, m.groups())
        import calendar
        e["when"] = calendar.timegm((y, mo, d, h, mi, s))


def cstr(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t") + '"'


def state_num(e):
    s = e.get("state")
    if s is None:
        return "-1", "-1", "-1"
    if e["l4"] == 132:
        return "-1", str(SCTP.index(s)), "-1"
    if e["l4"] == 33:
        return "-1", "-1", str(DCCP.index(s))
    return str(TCP.index(s)), "-1", "-1"


def emit(e, variants, now):
    o, r = e["tup"]
    tcp, sctp, dccp = state_num(e)

    def port(t, k1, k2):
        if e["l4"] == 47:
            return str(t.get(k2, -1))
        if e.get("noports"):
            return "-1"
        return str(t.get(k1, -1))
    g = []
    g.append("\t{ .msg = %s, .l3 = %d, .l4 = %d," % (e["msg"], e["l3"], e["l4"]))
    g.append("\t  .addr = { %s, %s, %s, %s }," % tuple(cstr(x) for x in (o["src"], o["dst"], r["src"], r["dst"])))
    g.append("\t  .port = { %s, %s, %s, %s }," % (port(o, "sport", "srckey"), port(o, "dport", "dstkey"),
                                                 port(r, "sport", "srckey"), port(r, "dport", "dstkey")))
    if "type" in o:
        g.append("\t  .icmp = { %d, %d, %d, %d, %d, %d }," % (o["type"], o["code"], o["icmpid"],
                                                          r["type"], r["code"], r["icmpid"]))
    else:
        g.append("\t  .icmp = { -1, -1, -1, -1, -1, -1 },")
    g.append("\t  .tzone = { %d, %d }, .zone = %d," % (o.get("zone", -1), r.get("zone", -1), e.get("zone", -1)))
    g.append("\t  .pkts = { %d, %d }, .bytes = { %d, %d }," % (o.get("packets", -1), r.get("packets", -1),
                                                            o.get("bytes", -1), r.get("bytes", -1)))
    g.append("\t  .status = %#x, .timeout = %d, .mark = %d, .use = %d, .id = %dLL," % (
        e["status"], e.get("timeout", -1), e.get("mark", -1), e.get("use", -1), e.get("id", -1)))
    g.append("\t  .tcp_state = %s, .sctp_state = %s, .dccp_state = %s," % (tcp, sctp, dccp))
    v = e.get("vtag", (-1, -1))
    g.append("\t  .vtag = { %d, %d }, .labels = %#x, .has_labels = %d," % (v[0], v[1], e.get("labels", 0),
                                                                         1 if "labels" in e else 0))
    g.append("\t  .start = %dULL, .stop = %dULL, .now = %d," % (e.get("start", 0), e.get("stop", 0),
                                                                e.get("when", now)))
    g.append("\t  .want = {")
    for i, (name, want) in enumerate(variants):
        if want is not None:
            g.append("\t\t[%d] = %s," % (i, cstr(want)))
    g.append("\t} },")
    return "\n".join(g)


def build(cap, base, variants, now):
    parsed = [parse_text(ln) for ln in lines("%s/%s.%s" % (cap, base, "extended,id,labels" if base == "dump" else "extended,id"))]
    files = {}
    for name, *_ in variants:
        files[name] = lines("%s/%s%s" % (cap, base, "." + name if name else ""))
        assert len(files[name]) == len(parsed), (base, name, len(files[name]), len(parsed))
    out = []
    for i, e in enumerate(parsed):
        add_save(e, files["save"][i])
        add_xml(e, files["xml,ktimestamp"][i])
        if "xml,timestamp" in files:
            add_when(e, files["xml,timestamp"][i])
        out.append(emit(e, [(n, files[n][i]) for n, *_ in variants], now))
    return out


def variant_now(cap, base, n):
    """The second a dump variant ran (0: use the entry's own)."""
    if base != "dump":
        return 0
    try:
        return int(open("%s/now%s" % (cap, "." + n if n else "")).read())
    except OSError:
        return 0


def variant_table(cap, base, name, variants):
    rows = ["static const struct variant %s[] = {" % name]
    for n, fmt, opts, lm in variants:
        rows.append("\t{ %s, %s, %s, %d, %d }," % (cstr(n or "default"), fmt, opts, lm,
                                                  variant_now(cap, base, n)))
    rows.append("};")
    return "\n".join(rows)


def main():
    cap = sys.argv[1]
    now = variant_now(cap, "dump", "")
    print("/* Generated by tests/unit/mkgolden.py from a capture_print.sh run")
    print(" * (Debian conntrack 1.4.7, kernel 6.18).  Do not edit by hand. */")
    print(variant_table(cap, "dump", "dump_variants", DUMP_VARIANTS))
    print(variant_table(cap, "events", "event_variants", EVENT_VARIANTS))
    print("static const struct golden dump_golden[] = {")
    print("\n".join(build(cap, "dump", DUMP_VARIANTS, now)))
    print("};")
    print("static const struct golden event_golden[] = {")
    print("\n".join(build(cap, "events", EVENT_VARIANTS, now)))
    print("};")


main()
