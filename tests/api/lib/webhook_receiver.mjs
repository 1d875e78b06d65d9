// A local HTTP receiver for webhook tests (node:http). Records every request; answers
// with the statuses of `script` in turn (the last one repeats), e.g. [500, 500, 200].
import { createServer } from 'node:http';

export class WebhookReceiver {
  constructor({ script = [200], body = '{"errcode":0,"errmsg":"ok"}' } = {}) {
    this.script = script;
    this.body = body;
    this.requests = [];
    this.waiters = [];
    this.server = createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const i = Math.min(this.requests.length, this.script.length - 1);
        this.requests.push({ method: req.method, url: req.url, headers: req.headers, raw });
        res.writeHead(this.script[i], { 'Content-Type': 'application/json' });
        res.end(this.body);
        this.waiters = this.waiters.filter((w) => !w());
      });
    });
  }

  async start() {
    await new Promise((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${this.server.address().port}`;
    return this;
  }

  // Resolves with the requests once there are `count` of them.
  waitFor(count, timeoutMs = 10000) {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.requests.length >= count) { clearTimeout(timer); resolve(this.requests); return true; }
        return false;
      };
      const timer = setTimeout(() => reject(new Error(`expected ${count} webhook calls, got ${this.requests.length}`)), timeoutMs);
      if (!check()) this.waiters.push(check);
    });
  }

  stop() {
    this.server.closeAllConnections?.();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
