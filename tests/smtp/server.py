"""A real SMTP server for the newsletter's send tests (aiosmtpd), on 127.0.0.1.

Each accepted message is written to DIR/<n>.eml (n counting from 1, in order of acceptance).
    --tempfail ADDR   answer 451 to RCPT TO:<ADDR> the first time, accept it after
    --reject ADDR     answer 550 to RCPT TO:<ADDR> always
    --hang ADDR       the first time, never answer RCPT TO:<ADDR> (so a test can kill the
                      sender while it waits); writes DIR/hanging when it starts to wait
    --tls starttls    offer STARTTLS and require it before MAIL (aiosmtpd's require_starttls)
    --tls implicit    TLS from the first byte, as on port 465 (smtps)
    --cert FILE --key FILE   the server's certificate chain and key (PEM), for --tls
Every answer other than 250 is logged as a line "CODE ADDR" to DIR/events.log.
Prints "ready PORT" on stdout once it listens.
"""

import argparse
import asyncio
import logging
import os
import ssl
import sys

from aiosmtpd.controller import Controller


class Handler:
    def __init__(self, directory, tempfail, reject, hang):
        self.directory = directory
        self.tempfail = {a.lower() for a in tempfail}
        self.reject = {a.lower() for a in reject}
        self.hang = {a.lower() for a in hang}
        self.count = 0

    def log(self, code, address):
        with open(os.path.join(self.directory, "events.log"), "a") as f:
            f.write("%s %s\n" % (code, address))

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        a = address.lower()
        if a in self.reject:
            self.log(550, a)
            return "550 5.1.1 No such user here"
        if a in self.tempfail:
            self.tempfail.discard(a)
            self.log(451, a)
            return "451 4.7.1 Try again later"
        if a in self.hang:
            self.hang.discard(a)
            open(os.path.join(self.directory, "hanging"), "w").close()
            await asyncio.Event().wait()
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        path = os.path.join(self.directory, "%d.eml" % self.count)
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(envelope.original_content)
        os.rename(tmp, path)
        return "250 Message accepted for delivery"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--dir", required=True)
    p.add_argument("--tempfail", action="append", default=[])
    p.add_argument("--reject", action="append", default=[])
    p.add_argument("--hang", action="append", default=[])
    p.add_argument("--tls", choices=["starttls", "implicit"])
    p.add_argument("--cert")
    p.add_argument("--key")
    args = p.parse_args()
    handler = Handler(args.dir, args.tempfail, args.reject, args.hang)
    tls = {}
    if args.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        # The tests make handshakes fail on purpose (an untrusted CA); aiosmtpd would print
        # each as a traceback among the test output.
        logging.getLogger("mail.log").setLevel(logging.CRITICAL)
        if args.tls == "starttls":
            tls = {"tls_context": context, "require_starttls": True}
        else:
            tls = {"ssl_context": context}
    controller = Controller(handler, hostname="127.0.0.1", port=args.port, **tls)
    controller.start()
    print("ready %d" % args.port, flush=True)
    try:
        # Until the test ends it (SIGTERM or SIGKILL) or closes its stdin.
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
