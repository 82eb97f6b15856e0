/**
 * One JSON POST with a timeout and bounded retries: the watch's webhook.
 * The answer's body is read up to 64 KiB and dropped; a 2xx is success, a
 * 5xx, 429 or a network error is retried (at most `retries` times, waiting
 * `retryDelayMs` doubled each time), anything else fails at once. The URL
 * is the workflow author's (plain http allowed); it is never logged here.
 */

/** What {@link postJson} sends and how long it tries. */
export interface PostOptions {
  headers?: Record<string, string>;
  /** Per attempt. Default 10 s. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 2. */
  retries?: number;
  retryDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** How a POST ended: the last status (0 for a network error or timeout) and, when it failed, why. */
export interface PostResult {
  ok: boolean;
  status: number;
  attempts: number;
  problem?: string;
}

const MAX_ANSWER = 64 * 1024;

/** One attempt: the status, or 0 and the error's code. */
function attempt(url: URL, body: Buffer, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; problem?: string }> {
  return new Promise((resolve) => {
    // Loaded on the first POST, never on the watch's cold path.
    const send =
      url.protocol === 'https:'
        ? (process.getBuiltinModule('node:https') as typeof import('node:https')).request
        : (process.getBuiltinModule('node:http') as typeof import('node:http')).request;
    const request = send(url, { method: 'POST', headers: { ...headers, 'content-length': String(body.length) }, timeout: timeoutMs }, (response) => {
      let seen = 0;
      response.on('data', (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > MAX_ANSWER) response.destroy();
      });
      response.on('close', () => resolve({ status: response.statusCode ?? 0 }));
      response.on('error', () => resolve({ status: response.statusCode ?? 0 }));
    });
    request.on('timeout', () => request.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    request.on('error', (error: NodeJS.ErrnoException) => resolve({ status: 0, problem: error.code ?? 'network error' }));
    request.end(body);
  });
}

/** POSTs `payload` as JSON to `url` (http or https), retrying transient failures. */
export async function postJson(url: URL, payload: string, options: PostOptions = {}): Promise<PostResult> {
  const retries = options.retries ?? 2;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const body = Buffer.from(payload, 'utf8');
  const headers = { 'content-type': 'application/json', 'user-agent': 'pipeline-personas', ...options.headers };
  let last = { status: 0, problem: 'not sent' } as { status: number; problem?: string };
  for (let n = 1; n <= retries + 1; n++) {
    last = await attempt(url, body, headers, options.timeoutMs ?? 10_000);
    if (last.status >= 200 && last.status < 300) return { ok: true, status: last.status, attempts: n };
    const transient = last.status === 0 || last.status === 429 || last.status >= 500;
    if (!transient || n > retries) return { ok: false, status: last.status, attempts: n, problem: last.problem ?? `HTTP ${last.status}` };
    await sleep((options.retryDelayMs ?? 1000) * 2 ** (n - 1));
  }
  return { ok: false, status: last.status, attempts: retries + 1, problem: last.problem ?? `HTTP ${last.status}` };
}
