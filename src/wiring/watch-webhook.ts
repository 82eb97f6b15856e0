/**
 * The watch's `alert` webhook: a JSON body describing the breach (the
 * persona, its state revision, the correlation id of the switch that set it,
 * the threshold and the value), with a Slack-compatible `text`, signed with
 * HMAC-SHA256 of the body in `X-Persona-Signature-256: sha256=<hex>` when a
 * secret is set (verify it as GitHub's `X-Hub-Signature-256`). Sent with a
 * timeout and bounded retries; a failure is a warning, never the end of
 * the watch. The URL and the secret are masked by the action and never
 * logged here.
 */
import { postJson, type PostOptions } from '../edge/http-post.js';
import type { Logger } from '../logging/logger.js';
import type { Threshold } from '../persona/persona.js';

/** What one alert says. */
export interface BreachNotice {
  persona: string;
  revision: number | null;
  correlationId: string | null;
  threshold: Pick<Threshold, 'metric' | 'operator' | 'value' | 'window' | 'severity' | 'action'>;
  /** The value that breached; absent when there was no data. */
  value?: number;
  /** 1-based check number. */
  check: number;
  /** ISO 8601. */
  at: string;
  /** The run's URL, when known. */
  runUrl?: string;
}

/** The header carrying the signature. */
export const SIGNATURE_HEADER = 'x-persona-signature-256';

/** The JSON body of `notice`: its fields plus `text` for Slack-compatible receivers. */
export function webhookBody(notice: BreachNotice): string {
  const t = notice.threshold;
  const value = notice.value === undefined ? 'no data' : String(notice.value);
  const window = t.window ? ` over ${t.window}` : '';
  const text = `[${t.severity}] ${notice.persona}: ${t.metric} = ${value} breaches ${t.operator} ${t.value}${window} (check ${notice.check}, action ${t.action})${notice.runUrl ? ` ${notice.runUrl}` : ''}`;
  return JSON.stringify({
    text,
    persona: notice.persona,
    revision: notice.revision,
    correlation_id: notice.correlationId,
    threshold: { metric: t.metric, operator: t.operator, value: t.value, window: t.window ?? null, severity: t.severity, action: t.action },
    value: notice.value ?? null,
    check: notice.check,
    at: notice.at,
    run_url: notice.runUrl ?? null,
  });
}

/** `sha256=<hex>` of HMAC-SHA256(`body`, `secret`); node:crypto loads only here. */
export function signatureOf(body: string, secret: string): string {
  const crypto = process.getBuiltinModule('node:crypto') as typeof import('node:crypto');
  return `sha256=${crypto.createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** Posts `notice` to `url` (signed when `secret` is set); a failure is one warning without the URL. */
export async function sendWebhook(url: string, secret: string, notice: BreachNotice, logger: Logger, options: PostOptions = {}): Promise<boolean> {
  const body = webhookBody(notice);
  const headers: Record<string, string> = secret ? { [SIGNATURE_HEADER]: signatureOf(body, secret) } : {};
  const result = await postJson(new URL(url), body, { ...options, headers });
  if (!result.ok)
    logger.warning(
      `the webhook did not take the alert of ${notice.threshold.metric} (${result.problem ?? `HTTP ${result.status}`}, ${result.attempts} attempts)`,
    );
  return result.ok;
}
