// A response endpoint for the browser tests: an HTTP server on 127.0.0.1 that stores each
// response once by its Idempotency-Key, as a real endpoint must, and can misbehave on purpose.
import { createServer } from 'node:http';

/**
 * Starts an endpoint. `failFirst`: answer 503 to that many POSTs first; `refuse`: answer every
 * POST with `{status, body}`; `port`: listen there (0 for any free port); `credentials`: allow
 * credentialed requests (cookies), as an endpoint that wants them would.
 * Returns { url, port, stored: Map(id → {body, headers}), attempts: [{id, status, headers}],
 * requests: [{method, url}] (every request, preflights included), close }.
 */
export async function startEndpoint({ failFirst = 0, refuse = null, port = 0, path = '/responses', credentials = false } = {}) {
  const stored = new Map();
  const attempts = [];
  const requests = [];
  let failures = failFirst;
  const cors = (req) => ({
    'Access-Control-Allow-Origin': req.headers.origin ?? '*',
    'Access-Control-Allow-Methods': 'POST',
    'Access-Control-Allow-Headers': 'content-type, idempotency-key',
    ...(credentials ? { 'Access-Control-Allow-Credentials': 'true' } : {}),
    'Vary': 'Origin',
  });
  const server = createServer(async (req, res) => {
    requests.push({ method: req.method, url: req.url });
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const body = Buffer.concat(chunks).toString('utf8');
    if (req.method === 'OPTIONS') { res.writeHead(204, cors(req)).end(); return; }
    if (req.method !== 'POST' || new URL(req.url, 'http://x').pathname !== path) {
      res.writeHead(404, cors(req)).end();
      return;
    }
    const id = req.headers['idempotency-key'];
    let status;
    if (refuse) {
      status = refuse.status;
      res.writeHead(status, { ...cors(req), 'Content-Type': 'application/json' }).end(refuse.body);
    } else if (failures > 0) {
      failures -= 1;
      status = 503;
      res.writeHead(status, cors(req)).end('busy');
    } else {
      status = stored.has(id) ? 200 : 201;
      if (!stored.has(id)) stored.set(id, { body: JSON.parse(body), headers: req.headers });
      res.writeHead(status, { ...cors(req), 'Content-Type': 'application/json' }).end(JSON.stringify({ id, stored: true }));
    }
    attempts.push({ id, status, headers: req.headers });
  });
  await new Promise((ok, fail) => { server.once('error', fail); server.listen(port, '127.0.0.1', ok); });
  const actual = server.address().port;
  return {
    url: `http://127.0.0.1:${actual}${path}`,
    port: actual,
    stored,
    attempts,
    requests,
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }),
  };
}

/** A port that was free a moment ago: for an endpoint that is unreachable until started there. */
export async function freePort() {
  const server = createServer();
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

/** Waits until `check()` holds, polling every 100 ms, for at most `ms`; says what it waited for. */
export async function until(check, what, ms = 30_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${ms} ms waiting for ${what}`);
    await new Promise((ok) => setTimeout(ok, 100));
  }
}
