/**
 * The outputs of a simulation besides the trace: the JSON-lines event log
 * (`--events`), one line per event as it happened, and the HTML report
 * (`--report`), every job summary on one self-contained page whose mermaid
 * charts render offline (mermaid's browser bundle from node_modules,
 * inlined), with the run's stages and switches first.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ConfigurationError } from '../errors/configuration-error.js';
import { code, markdownTable } from '../report/markdown-text.js';
import { summaryHtml, type SummaryPage } from '../report/summary-html.js';
import type { SimulationEvent } from './job-state.js';
import { maskText } from './workflow-commands.js';

/** Where mermaid's browser bundle is, from the package root; a clear error when it is not installed. */
export function mermaidScript(packageRoot: string): string {
  const candidates = [path.join(packageRoot, 'node_modules/mermaid/dist/mermaid.min.js')];
  try {
    candidates.push(createRequire(path.join(packageRoot, 'package.json')).resolve('mermaid/dist/mermaid.min.js'));
  } catch {
    // not resolvable from there: the first candidate decides
  }
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new ConfigurationError(`--report needs mermaid's browser bundle (mermaid/dist/mermaid.min.js): run "npm ci" in ${packageRoot}`);
  return readFileSync(found, 'utf8');
}

/** The run overview page: the stages' personas and the switches, as markdown. */
function overview(events: readonly SimulationEvent[]): string {
  const parts = ['## Simulated run'];
  const run = events.find((e): e is Extract<SimulationEvent, { type: 'run' }> => e.type === 'run');
  const end = events.find((e): e is Extract<SimulationEvent, { type: 'end' }> => e.type === 'end');
  if (run) parts.push(`${code(run.workflow)} on ${code(run.event)}${end ? `: **${end.conclusion}** in ${(end.ms / 1000).toFixed(1)} s` : ''}`);
  const personas = events.find((e): e is Extract<SimulationEvent, { type: 'personas' }> => e.type === 'personas');
  if (personas) {
    parts.push('### Personas by stage');
    parts.push(
      markdownTable(
        ['job', 'result', 'persona', 'revision', 'switch'],
        personas.stages.map((s) => [s.job, s.result, s.persona ? code(s.persona) : '–', s.revision ?? '–', s.correlation_id ? code(s.correlation_id) : '–']),
      ),
    );
    if (!personas.consistent)
      parts.push('> **The stages used different personas**: a runtime switch took effect mid-run (each stage re-reads the state store unless `pin: true`).');
  }
  const switches = events.filter((e): e is Extract<SimulationEvent, { type: 'switch' }> => e.type === 'switch');
  if (switches.length) {
    parts.push('### Runtime switches');
    parts.push(
      markdownTable(
        ['during', 'from', 'to', 'result', 'revision', 'correlation id'],
        switches.map((s) => [s.job, s.from ? code(s.from) : '–', code(s.to), s.result, s.revision ?? '–', code(s.correlation_id)]),
      ),
    );
  }
  return parts.join('\n\n');
}

/** One line of the trace-like event list in the report. */
function eventText(event: SimulationEvent): string | undefined {
  switch (event.type) {
    case 'job':
      return `job ${event.job}: ${event.status}`;
    case 'step':
      return event.status === 'started' ? undefined : `${event.job} › ${event.step}: ${event.status}`;
    case 'annotation':
      return `${event.job} › ${event.step}: ${event.level}: ${event.message}`;
    case 'switch':
      return `runtime switch during ${event.job}: ${event.from ?? '–'} → ${event.to} (${event.result}, correlation id ${event.correlation_id})`;
    case 'deployment':
      return `deployment ${event.text}`;
    default:
      return undefined;
  }
}

/** The HTML report of `events`; every value shown is masked with `masks`. */
export function simulationReport(events: readonly SimulationEvent[], options: { mermaidScript: string; masks: ReadonlySet<string>; title?: string }): string {
  const results = new Map<string, string>();
  for (const e of events) if (e.type === 'job' && e.status !== 'started') results.set(e.job, e.status);
  const pages: SummaryPage[] = [{ title: 'Run', markdown: overview(events) }];
  for (const e of events) {
    if (e.type !== 'summary') continue;
    const status = results.get(e.job) ?? results.get(e.job.split(' (')[0]!);
    pages.push({
      title: e.job,
      subtitle: e.step,
      markdown: maskText(e.markdown, options.masks),
      ...(status === 'success' || status === 'failure' || status === 'skipped' ? { status } : {}),
    });
  }
  const stamped = events.flatMap((e, i) => {
    const text = eventText(e);
    return text ? [{ at: String(i + 1).padStart(3, '0'), text: maskText(text, options.masks) }] : [];
  });
  return summaryHtml(pages, {
    title: options.title ?? 'Pipeline Personas – simulated run',
    mermaidScript: options.mermaidScript,
    generatedAt: new Date().toISOString(),
    events: stamped,
  });
}
