/**
 * Scripted checks, a small list and no code: each step sends a message (variables filled in) and
 * may expect a received frame matching a pattern (the filter box's grammar: text, or /regex/) within
 * N ms. A run shows pass or fail per step, and carries on after a failure so that every step gets
 * its verdict: a session becomes a repeatable smoke test.
 */
import { parsePattern, regExpOf } from '../core/pattern';
import type { Resolved } from './variables';

export interface CheckStep {
  send: string;
  /** A pattern; '' expects nothing. */
  expect: string;
  withinMs: string;
}

export type StepStatus = 'waiting' | 'running' | 'pass' | 'fail' | 'sent';

export interface StepResult {
  status: StepStatus;
  message: string;
}

export interface CheckDeps {
  send(text: string): boolean;
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(t: unknown): void;
}

const DEFAULT_WITHIN_MS = 1000;

export function parseSteps(raw: unknown): CheckStep[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((s: unknown) => {
    const o = s as Partial<CheckStep> | null;
    return o && typeof o.send === 'string' && typeof o.expect === 'string' && typeof o.withinMs === 'string' ? [{ send: o.send, expect: o.expect, withinMs: o.withinMs }] : [];
  });
}

function shown(s: string): string {
  const one = s.replace(/\s+/g, ' ');
  return JSON.stringify(one.length > 50 ? `${one.slice(0, 50)}…` : one);
}

export class CheckRun {
  readonly results: StepResult[];
  done = false;
  private k = -1;
  private matcher: RegExp | null = null;
  private sentAt = 0;
  private others: string[] = [];
  private timer: unknown = null;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly steps: readonly CheckStep[],
    private readonly fill: (text: string) => Resolved,
    private readonly deps: CheckDeps,
  ) {
    this.results = steps.map(() => ({ status: 'waiting', message: '' }));
  }

  subscribe(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  get passed(): number {
    return this.results.filter((r) => r.status === 'pass' || r.status === 'sent').length;
  }

  get failed(): number {
    return this.results.filter((r) => r.status === 'fail').length;
  }

  start(): void {
    this.next();
  }

  private set(status: StepStatus, message: string): void {
    this.results[this.k] = { status, message };
    this.changed();
  }

  private next(): void {
    this.matcher = null;
    this.k++;
    if (this.k >= this.steps.length) {
      this.done = true;
      this.changed();
      return;
    }
    const step = this.steps[this.k];
    const n = this.k + 1;
    const within = step.withinMs.trim() === '' ? DEFAULT_WITHIN_MS : Number(step.withinMs);
    if (!Number.isFinite(within) || within <= 0) {
      this.set('fail', `Step ${n}: "within" must be a number of milliseconds above 0, not ${JSON.stringify(step.withinMs)}.`);
      return this.next();
    }
    const pattern = parsePattern(step.expect);
    const re = regExpOf(pattern);
    const text = this.fill(step.send);
    if (!text.ok) {
      this.set('fail', `Step ${n}: not sent: ${text.error}`);
      return this.next();
    }
    if (!this.deps.send(text.text)) {
      this.set('fail', `Step ${n}: not sent: the connection is not open.`);
      return this.next();
    }
    if (re === null) {
      this.set('sent', `Step ${n}: sent ${shown(text.text)}.`);
      return this.next();
    }
    this.matcher = new RegExp(re.source, re.flags);
    this.sentAt = this.deps.now();
    this.others = [];
    this.set('running', `Step ${n}: sent ${shown(text.text)}, waiting for a frame matching ${step.expect.trim()}…`);
    this.timer = this.deps.setTimeout(() => {
      this.timer = null;
      const seen =
        this.others.length === 0
          ? 'no frame came'
          : `${this.others.length} frame${this.others.length === 1 ? '' : 's'} came that did not match: ${this.others.slice(0, 3).map(shown).join(', ')}${this.others.length > 3 ? ', …' : ''}`;
      this.set('fail', `Step ${n}: expected a frame matching ${step.expect.trim()} within ${within} ms after sending ${shown(text.text)}; ${seen}.`);
      this.next();
    }, within);
  }

  /** A frame from the server (text, or the Base64 of a binary one). */
  received(text: string): void {
    if (this.done || this.matcher === null) return;
    if (!this.matcher.test(text)) {
      this.others.push(text);
      return;
    }
    if (this.timer !== null) this.deps.clearTimeout(this.timer);
    this.timer = null;
    const ms = Math.round(this.deps.now() - this.sentAt);
    this.set('pass', `Step ${this.k + 1}: got ${shown(text)} after ${ms} ms.`);
    this.next();
  }

  stop(): void {
    if (this.timer !== null) this.deps.clearTimeout(this.timer);
    this.timer = null;
    this.done = true;
    this.changed();
  }
}
