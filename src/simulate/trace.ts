/**
 * The readable trace of a simulated run, for the terminal: each job and
 * step as it starts and ends, the lines steps print (folded groups left
 * out, masked values hidden, control characters escaped), annotations, each
 * job summary rendered for the terminal, the mid-run switch, and at the end
 * the persona and revision every stage used, flagged when they differ.
 */
import { terminalMarkdown } from '../report/terminal-markdown.js';
import { terminalText } from '../report/terminal-text.js';
import type { SimulationEvent } from './job-state.js';
import type { CommandLine } from './workflow-commands.js';
import { maskText } from './workflow-commands.js';

/** Where the trace goes and how it looks. */
export interface TraceOptions {
  out: (line: string) => void;
  color: boolean;
  width: number;
  /** Values never shown (secrets, tokens). */
  masks: Set<string>;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Prints simulation events and step lines as a trace. */
export class Trace {
  private readonly inGroup = new Map<string, number>();

  constructor(private readonly options: TraceOptions) {}

  private style(text: string, code: string): string {
    return this.options.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }

  private print(text: string): void {
    this.options.out(terminalText(maskText(text, this.options.masks)));
  }

  /** One line a step printed. */
  line(where: { job: string; step: string }, line: CommandLine): void {
    const key = `${where.job}\u0000${where.step}`;
    const depth = this.inGroup.get(key) ?? 0;
    if (line.kind === 'group') this.inGroup.set(key, depth + 1);
    else if (line.kind === 'endgroup') this.inGroup.set(key, Math.max(0, depth - 1));
    else if (line.kind === 'mask') this.options.masks.add(line.value);
    else if (line.kind === 'text' && depth === 0 && line.text.trim()) this.print(`    │ ${line.text}`);
  }

  /** One event. */
  event(event: SimulationEvent): void {
    switch (event.type) {
      case 'run':
        return this.print(this.style(`▶ ${event.event} → ${event.workflow}`, '1'));
      case 'job':
        if (event.status === 'started') return this.print(`\n${this.style(`━━ job ${event.job} ━━`, '1;36')}`);
        if (event.status === 'skipped') return this.print(`\n${this.style(`○ job ${event.job} skipped`, '2')} (${event.reason ?? ''})`);
        return this.print(`${event.status === 'success' ? this.style('✓', '32') : this.style('✗', '31')} job ${event.job}: ${event.status}`);
      case 'step':
        if (event.status === 'started')
          return this.print(`  ▸ ${event.step}${event.uses && !event.step.includes(event.uses) ? this.style(`  (${event.uses})`, '2') : ''}`);
        if (event.status === 'skipped') return this.print(`  ${this.style(`○ ${event.step} skipped`, '2')}`);
        return this.print(
          `  ${event.status === 'success' ? this.style('✓', '32') : this.style('✗', '31')} ${event.step}${event.ms === undefined ? '' : ` (${seconds(event.ms)})`}`,
        );
      case 'annotation':
        return this.print(`    ${this.style(event.level, event.level === 'error' ? '31' : event.level === 'warning' ? '33' : '36')}: ${event.message}`);
      case 'summary':
        return this.summary(event.job, event.step, event.markdown);
      case 'deployment':
        return this.print(`    ${this.style('⇢ deployment', '35')} ${event.text}`);
      case 'switch':
        return this.print(
          `\n${this.style('⇄ runtime switch', '1;35')} (${event.job}): ${event.from ?? '–'} → ${event.to}: ${event.result}` +
            `${event.revision ? ` at revision ${event.revision}` : ''}, correlation id ${event.correlation_id}\n`,
        );
      case 'personas':
        return this.personas(event);
      case 'end':
        return this.print(
          `\n${event.conclusion === 'success' ? this.style('✓ run succeeded', '1;32') : this.style('✗ run failed', '1;31')} in ${seconds(event.ms)}`,
        );
      default:
        return undefined;
    }
  }

  private summary(job: string, step: string, markdown: string): void {
    this.print(`\n  ${this.style(`┌ summary of ${job} › ${step}`, '2')}`);
    const text = terminalMarkdown(maskText(markdown, this.options.masks), { color: this.options.color, width: this.options.width - 4 });
    for (const l of text.split('\n')) this.options.out(`  │ ${l}`);
  }

  private personas(event: Extract<SimulationEvent, { type: 'personas' }>): void {
    this.print(`\n${this.style('Personas by stage', '1')}`);
    for (const s of event.stages)
      this.print(
        `  ${s.job.padEnd(10)} ${s.result.padEnd(8)} ${s.persona ?? '–'}${s.revision === null ? '' : ` @ revision ${s.revision}`}${s.correlation_id ? ` (switch ${s.correlation_id})` : ''}`,
      );
    if (!event.consistent)
      this.print(
        this.style('  ⚠ the stages used different personas: a runtime switch took effect mid-run (each stage re-reads the state store unless pin: true)', '33'),
      );
  }
}
