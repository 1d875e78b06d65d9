// A real SMTP server for tests: Debian's aiosmtpd (the python3 on PATH may be a pyenv one
// without it, so /usr/bin/python3 explicitly) writing every message it accepts into a
// maildir. read() parses the messages with Python's e-mail package (the reference MIME
// implementation), so what a test sees is what a mail client would show.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readdirSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PYTHON = '/usr/bin/python3';

// A free loopback port (bound and released; good enough for a test run).
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function canConnect(port) {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.on('connect', () => { s.destroy(); resolve(true); });
    s.on('error', () => resolve(false));
  });
}

const PARSE = String.raw`
import email, json, mailbox, sys
from email import policy
from email.header import decode_header, make_header
out = []
for key, msg in sorted(mailbox.Maildir(sys.argv[1], factory=None, create=False).items()):
    m = email.message_from_bytes(msg.as_bytes(), policy=policy.default)
    parts = []
    for part in m.walk():
        p = {'content_type': part.get_content_type(), 'content_id': part.get('Content-ID'),
             'disposition': part.get_content_disposition()}
        if not part.is_multipart():
            payload = part.get_payload(decode=True) or b''
            p['size'] = len(payload)
            if part.get_content_maintype() == 'text':
                p['text'] = payload.decode(part.get_content_charset() or 'utf-8')
            else:
                p['head'] = payload[:8].hex()
        parts.append(p)
    # The Mailbox handler re-serialises messages with Python's compat32 generator, which
    # refolds a long subject as "Subject: \n =?...?=": decode the encoded words the way mail
    # clients do (whitespace between and around encoded words is not text, RFC 2047 6.2).
    raw = email.message_from_bytes(msg.as_bytes())
    subject = str(make_header(decode_header(raw['Subject'])))
    out.append({'subject': subject, 'from': str(m['From']), 'to': str(m['To']),
                'content_type': m.get_content_type(), 'parts': parts})
print(json.dumps(out, ensure_ascii=False))
`;

export class SmtpSink {
  constructor(port) {
    this.port = port;
    // aiosmtpd's Mailbox creates the maildir (new/, cur/, tmp/) only when the directory
    // does not exist yet.
    this.root = mkdtempSync(path.join(tmpdir(), 'yingbin-maildir-'));
    this.dir = path.join(this.root, 'maildir');
    this.proc = null;
  }

  get url() { return `smtp://127.0.0.1:${this.port}`; }

  // Starts the server and waits until it accepts connections.
  async start() {
    this.proc = spawn(PYTHON, ['-m', 'aiosmtpd', '-n', '-l', `127.0.0.1:${this.port}`,
      '-c', 'aiosmtpd.handlers.Mailbox', this.dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    this.proc.stderr.on('data', (d) => { err += d; });
    const exited = new Promise((resolve) => this.proc.once('exit', resolve));
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline) {
      if (await canConnect(this.port)) return;
      if (this.proc.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    this.proc.kill('SIGKILL');
    await exited;
    throw new Error(`aiosmtpd did not start on ${this.port}: ${err}`);
  }

  // Every message received so far, oldest first: {subject, from, to, content_type, parts}.
  read() {
    const cur = path.join(this.dir, 'new');
    try { if (readdirSync(cur).length === 0) return []; } catch { return []; }
    return JSON.parse(execFileSync(PYTHON, ['-c', PARSE, this.dir], { encoding: 'utf8' }));
  }

  // Waits until `count` messages are there (or throws after timeoutMs).
  async waitFor(count, timeoutMs = 10000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const msgs = this.read();
      if (msgs.length >= count) return msgs;
      if (Date.now() > deadline) throw new Error(`expected ${count} e-mails, got ${msgs.length}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop({ keep = false } = {}) {
    if (this.proc && this.proc.exitCode === null && this.proc.signalCode === null) {
      const exited = new Promise((resolve) => this.proc.once('exit', resolve));
      this.proc.kill('SIGTERM');
      await exited;
    }
    this.proc = null;
    if (!keep) rmSync(this.root, { recursive: true, force: true });
  }
}
