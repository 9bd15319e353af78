#!/usr/bin/env python3
"""An EST server (RFC 7030) written from the RFC text, independent of the agent and of mock-card:
Python http.server + ssl for HTTPS with a required client certificate, the openssl command as the
CA. Test peer only: it listens on 127.0.0.1 and issues with the CA key it is given.

What it implements, by section of RFC 7030:
- 3.2.2: operations under https://<host>:<port>/.well-known/est/ (an optional label segment
  before the operation is accepted and ignored).
- 3.3.2: TLS client authentication; here the client certificate is REQUIRED at the TLS layer
  (ssl.CERT_REQUIRED) and must chain to the CAs of --client-ca.
- 4.1.2 / 4.1.3: GET /cacerts -> 200, Content-Type application/pkcs7-mime, Content-Transfer-
  Encoding base64, body a certs-only CMC Simple PKI Response holding the CA certificates
  (--cacerts, in file order).
- 4.2.1 / 4.2.2: POST /simpleenroll and /simplereenroll with Content-Type application/pkcs10,
  body the base64 DER PKCS#10 request.
- 4.2.3: "A successful response MUST be a certs-only CMC Simple PKI Response [...] containing
  only the certificate that was issued": 200, application/pkcs7-mime; smime-type=certs-only,
  Content-Transfer-Encoding base64, ONE certificate. Errors: 400 with a text/plain reason.

The IGC Santé ORG profile is applied from the request's CN (DMP AUTHENTIFICATION: keyUsage
digitalSignature, EKU clientAuth; DMP SIGNATURE: digitalSignature + nonRepudiation, EKU
emailProtection), 3 years, random serial, subject copied from the request.

Any other GET answers 200 with a short text (for TLS checks such as `agent check`).

On start it prints one JSON line {"port": N} on stdout; it logs one JSON line per request to
--log (path, method, status, client subject, number of certificates returned).
"""

import argparse
import base64
import http.server
import json
import os
import secrets
import ssl
import subprocess
import sys
import tempfile
import threading

AUTH_CN = "DMP AUTHENTIFICATION"
SIGN_CN = "DMP SIGNATURE"
PROFILES = {
    AUTH_CN: "keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n",
    SIGN_CN: "keyUsage=critical,digitalSignature,nonRepudiation\nextendedKeyUsage=emailProtection\n",
}
COMMON_EXT = (
    "basicConstraints=critical,CA:FALSE\n"
    "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n"
)


def openssl(*args, data=None):
    r = subprocess.run(["openssl", *args], input=data, capture_output=True)
    if r.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(args)}: {r.stderr.decode(errors='replace')}")
    return r.stdout


def certs_only(pem_file):
    """DER certs-only SignedData of the certificates of a PEM file, in file order."""
    return openssl("crl2pkcs7", "-nocrl", "-certfile", pem_file, "-outform", "DER")


def b64_lines(der):
    text = base64.b64encode(der).decode()
    return "".join(text[i : i + 64] + "\r\n" for i in range(0, len(text), 64)).encode()


class Est(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "est-peer/1"

    def log_message(self, fmt, *args):  # quiet: the JSON log says it all
        pass

    def client_subject(self):
        cert = self.connection.getpeercert()
        if not cert:
            return None
        return ",".join(f"{k}={v}" for rdn in cert.get("subject", ()) for (k, v) in rdn)

    def answer(self, status, body, content_type="text/plain; charset=utf-8", b64=False, certs=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if b64:
            self.send_header("Content-Transfer-Encoding", "base64")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)
        line = {
            "method": self.command,
            "path": self.path,
            "status": status,
            "client": self.client_subject(),
            "certs": certs,
            "content_type": content_type,
        }
        with self.server.log_lock, open(self.server.args.log, "a") as f:
            f.write(json.dumps(line) + "\n")

    def operation(self):
        prefix = "/.well-known/est/"
        if not self.path.startswith(prefix):
            return None
        return self.path[len(prefix) :].rstrip("/").split("/")[-1]

    def do_GET(self):
        op = self.operation()
        if op == "cacerts":
            der = certs_only(self.server.args.cacerts)
            n = open(self.server.args.cacerts).read().count("BEGIN CERTIFICATE")
            self.answer(200, b64_lines(der), "application/pkcs7-mime", b64=True, certs=n)
        elif op in ("simpleenroll", "simplereenroll"):
            self.answer(405, b"POST only\n")
        elif op is not None:
            self.answer(404, b"no such EST operation\n")
        else:
            self.answer(200, b"est-peer: TLS client authentication ok\n")

    def do_POST(self):
        op = self.operation()
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        if op not in ("simpleenroll", "simplereenroll"):
            self.answer(404, b"no such EST operation\n")
            return
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != "application/pkcs10":
            self.answer(400, f"Content-Type must be application/pkcs10, not {ctype!r}\n".encode())
            return
        try:
            der = base64.b64decode(b"".join(body.split()), validate=True)
        except ValueError as e:
            self.answer(400, f"the body is not base64: {e}\n".encode())
            return
        with tempfile.TemporaryDirectory() as work:
            req = os.path.join(work, "req.der")
            with open(req, "wb") as f:
                f.write(der)
            try:
                openssl("req", "-inform", "DER", "-in", req, "-verify", "-noout")
                subject = openssl(
                    "req", "-inform", "DER", "-in", req, "-noout", "-subject", "-nameopt", "multiline"
                ).decode()
            except RuntimeError as e:
                self.answer(400, f"not a valid PKCS#10 request: {e}\n".encode())
                return
            cn = next(
                (l.split("=", 1)[1].strip() for l in subject.splitlines() if l.strip().startswith("commonName")),
                "",
            )
            if cn not in PROFILES:
                self.answer(400, f"CN must be {AUTH_CN!r} or {SIGN_CN!r}, not {cn!r}\n".encode())
                return
            ext = os.path.join(work, "ext.cnf")
            with open(ext, "w") as f:
                f.write(COMMON_EXT + PROFILES[cn])
            leaf = os.path.join(work, "leaf.pem")
            serial = "0x" + (secrets.token_hex(16).lstrip("0") or "1")
            openssl(
                "x509", "-req", "-inform", "DER", "-in", req,
                "-CA", self.server.args.ca_cert, "-CAkey", self.server.args.ca_key,
                "-set_serial", serial, "-days", "1095", "-sha256", "-extfile", ext, "-out", leaf,
            )
            # RFC 7030 §4.2.3: only the certificate that was issued.
            der = certs_only(leaf)
        self.answer(200, b64_lines(der), "application/pkcs7-mime; smime-type=certs-only", b64=True, certs=1)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--cert", required=True, help="server certificate (PEM)")
    p.add_argument("--key", required=True, help="server key (PEM)")
    p.add_argument("--client-ca", required=True, help="CAs client certificates must chain to (PEM)")
    p.add_argument("--cacerts", required=True, help="CA certificates served at /cacerts (PEM)")
    p.add_argument("--ca-cert", required=True, help="issuing CA certificate (PEM)")
    p.add_argument("--ca-key", required=True, help="issuing CA key (PEM)")
    p.add_argument("--log", required=True, help="JSON-lines request log")
    args = p.parse_args()

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    ctx.load_cert_chain(args.cert, args.key)
    ctx.verify_mode = ssl.CERT_REQUIRED
    ctx.load_verify_locations(args.client_ca)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), Est)
    server.daemon_threads = True
    server.args = args
    server.log_lock = threading.Lock()
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    print(json.dumps({"port": server.server_address[1]}), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
