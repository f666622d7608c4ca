#!/usr/bin/env python3
"""Writes the generated haystacks of the capture workloads: a web server
access log (Combined Log Format, 100,000 lines, a few of them malformed),
a logfmt application log (key=value pairs, ISO timestamps) and a CSV file
(quoted fields with commas and doubled quotes, empty fields).

Every byte comes from fixed lists and gen_sample_en.py's fixed generator, so
every run writes the same files: the build runs this script into its own
directory (the files are too big to commit), and expected_counts.py
imports it to compute the expected answers from the same text.
Usage: gen_logs.py OUTPUT_DIR
"""
import os
import sys

from gen_sample_en import Generator

ACCESS_LOG_LINES = 100_000
LOGFMT_LINES = 10_000
CSV_ROWS = 10_000

FILES = {"access-log": "access.log", "logfmt": "logfmt.log", "csv": "table.csv"}

USERS = ["-"] * 12 + ["frank", "alice", "bob", "svc-backup", "m.holmes"]
METHODS = ["GET"] * 14 + ["POST"] * 4 + ["HEAD", "PUT", "DELETE", "OPTIONS"]
SEGMENTS = ["api", "v1", "v2", "static", "img", "css", "js", "users", "items",
            "orders", "search", "blog", "2023", "2024", "archive", "docs",
            "login", "logout", "cart", "checkout", "assets", "fonts"]
FILES_AT_END = ["index.html", "app.js", "style.css", "logo.png", "favicon.ico",
                "report.pdf", "feed.xml", "robots.txt", ""]
QUERY_KEYS = ["q", "page", "sort", "lang", "id", "ref", "utm_source"]
WORDS = ["hound", "baker", "street", "blue", "carbuncle", "red", "league",
         "speckled", "band", "copper", "beeches", "noble", "bachelor"]
PROTOCOLS = ["HTTP/1.1"] * 8 + ["HTTP/1.0", "HTTP/2.0"]
STATUSES = [200] * 20 + [304] * 4 + [404] * 3 + [301, 302, 403, 500, 503]
REFERRERS = ["-"] * 6 + ["https://www.example.com/", "https://search.example.org/?q=holmes",
                         "http://blog.example.net/2024/03/05/post", "https://example.com/cart"]
AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.2 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
    "curl/8.5.0",
    "Wget/1.21.4",
    "Googlebot/2.1 (+http://www.google.com/bot.html)",
    "python-requests/2.31.0",
    "-",
]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MALFORMED = ["", "-- server restarted --", "127.0.0.1 - - [bad timestamp]",
             "GET /index.html HTTP/1.1"]

LEVELS = ["info"] * 8 + ["debug"] * 3 + ["warn", "error"]
MESSAGES = ["request done", "cache miss", "user logged in", "retrying upstream",
            "payment accepted", "slow query", "session expired", "queued"]
SERVICES = ["api", "worker", "billing", "search", "auth"]
CITIES = ["London", "Paris", "New York", "Zurich, Switzerland", "Tokyo", "Berlin"]
NAMES = ["Holmes", "Watson", "Adler", "Hudson", "Lestrade", "Moriarty", "Mycroft"]


def path(gen):
    parts = [gen.pick(SEGMENTS) for _ in range(1 + gen.below(4))]
    text = "/" + "/".join(parts) + "/" + gen.pick(FILES_AT_END)
    if gen.below(4) == 0:
        text += "?%s=%s" % (gen.pick(QUERY_KEYS), gen.pick(WORDS))
        if gen.below(2) == 0:
            text += "&%s=%d" % (gen.pick(QUERY_KEYS), gen.below(100))
    return text


def access_line(gen, second):
    if gen.below(200) == 0:
        return gen.pick(MALFORMED)
    ip = "%d.%d.%d.%d" % (1 + gen.below(223), gen.below(256), gen.below(256), 1 + gen.below(254))
    day, rest = divmod(second, 86400)
    stamp = "%02d/%s/2024:%02d:%02d:%02d +0000" % (
        1 + day % 28, MONTHS[(day // 28) % 12], rest // 3600, rest // 60 % 60, rest % 60)
    size = "-" if gen.below(10) == 0 else str(gen.below(200000))
    return '%s - %s [%s] "%s %s %s" %d %s "%s" "%s"' % (
        ip, gen.pick(USERS), stamp, gen.pick(METHODS), path(gen), gen.pick(PROTOCOLS),
        gen.pick(STATUSES), size, gen.pick(REFERRERS), gen.pick(AGENTS))


def timed_lines(seed, count, largest_step, make_line):
    """count lines of make_line(gen, clock), the clock moving on by up to
    largest_step - 1 units before each."""
    gen = Generator(seed)
    lines, clock = [], 0
    for _ in range(count):
        clock += gen.below(largest_step)
        lines.append(make_line(gen, clock))
    return "\n".join(lines) + "\n"


def access_log():
    return timed_lines(20241126, ACCESS_LOG_LINES, 3, access_line)


def logfmt_line(gen, millisecond):
    second, fraction = divmod(millisecond, 1000)
    day, rest = divmod(second, 86400)
    fields = [
        "time=2024-%02d-%02dT%02d:%02d:%02d.%03dZ" % (
            1 + day // 28 % 12, 1 + day % 28, rest // 3600, rest // 60 % 60, rest % 60, fraction),
        "level=" + gen.pick(LEVELS),
        "service=" + gen.pick(SERVICES),
        'msg="%s"' % gen.pick(MESSAGES),
        "path=" + path(gen),
        "status=%d" % gen.pick(STATUSES),
        "duration=%d.%dms" % (gen.below(900), gen.below(10)),
    ]
    if gen.below(3) == 0:
        fields.append("user_id=%d" % gen.below(100000))
    if gen.below(5) == 0:
        fields.append('error="%s"' % gen.pick(MESSAGES))
    fields.append("trace=%08x" % gen.below(2**31))
    return " ".join(fields)


def logfmt():
    return timed_lines(5, LOGFMT_LINES, 2000, logfmt_line)


def csv_field(gen):
    kind = gen.below(8)
    if kind == 0:
        return ""
    if kind == 1:
        return '"%s"' % gen.pick(CITIES)
    if kind == 2:
        return '"%s said ""%s"""' % (gen.pick(NAMES), gen.pick(WORDS))
    if kind < 5:
        return str(gen.below(100000))
    return gen.pick(NAMES if kind == 5 else WORDS)


def csv():
    gen = Generator(1891)
    rows = ["id,name,city,note,amount,tag"]
    for row in range(CSV_ROWS):
        rows.append(",".join([str(row)] + [csv_field(gen) for _ in range(5)]))
    return "\n".join(rows) + "\n"


def texts():
    """Haystack name -> its text, as written by main()."""
    return {"access-log": access_log(), "logfmt": logfmt(), "csv": csv()}


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    output_dir = sys.argv[1]
    os.makedirs(output_dir, exist_ok=True)
    for name, text in texts().items():
        with open(os.path.join(output_dir, FILES[name]), "w", encoding="ascii",
                  newline="\n") as handle:
            handle.write(text)


if __name__ == "__main__":
    main()
