// The real collector for the browser tests: its binary (PARTNERSCOPE_COLLECT, or the debug
// build), the facilitator's token, and a start on 127.0.0.1 that resolves once it listens.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

export const BINARY = process.env.PARTNERSCOPE_COLLECT ?? join(ROOT, 'target/debug/partnerscope-collect');
export const TOKEN = 'facilitator-token-0123456789';

/**
 * Starts the collector on `port` with its data and token file in `dir`, answering pages of
 * `origin`, with `extra` arguments; resolves once it listens. Returns { log(), stop() }:
 * `stop` sends SIGTERM and resolves with the exit code.
 */
export async function startCollector(dir, port, origin, extra = []) {
  const child = spawn(BINARY, [
    '--listen', `127.0.0.1:${port}`, '--data', join(dir, 'responses.db'),
    '--allow-origin', origin, '--token-file', join(dir, 'token'), ...extra,
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  const exited = new Promise((ok) => child.once('exit', (code) => ok(code)));
  await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`the collector did not start: ${log}`)), 30_000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      if (log.includes('listening on')) { clearTimeout(timer); ok(); }
    });
    child.once('exit', (code) => { clearTimeout(timer); fail(new Error(`the collector exited (${code}): ${log}`)); });
  });
  return {
    log: () => log,
    stop: async () => { child.kill('SIGTERM'); return exited; },
  };
}
