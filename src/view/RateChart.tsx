/**
 * Messages and bytes per second of the selected connection over time: two uPlot charts (sent
 * above the axis, received below), one cursor for both, and a line saying the peaks. Shown in the
 * inspector pane's Chart tab, and only there: nothing is counted or drawn until the tab is chosen.
 *
 * Frames are counted incrementally (src/view/rate-count.ts, src/core/rates.ts): each update reads
 * only the rows that arrived since the last one, and updates come at most once a second however
 * fast frames arrive.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './rate-chart.css';
import type { SessionStore } from '../core/session-store';
import type { Connection } from '../core/rows';
import { formatPerSecond, rateSummary, type RateSeries } from '../core/rates';
import { countRates, rateReadout, type RateCount } from './rate-count';
import { formatBytes, formatClock } from '../core/format';

/** At most one recount and redraw per this many ms while frames arrive. */
const UPDATE_MS = 1000;
const CHART_HEIGHT = 110;
/** Tick spacings of the time axis, in seconds: never finer than a bucket. */
const TIME_INCRS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800];

/** A round top for a bytes scale, in the unit formatBytes will print it in (20 KB, not 19.5 KB). */
function niceBytes(v: number): number {
  let unit = 1;
  while (v / unit >= 1000 && unit < 1024 ** 5) unit *= 1024;
  return niceCeil(v / unit) * unit;
}

/** The smallest of 1, 2, 5 × 10ⁿ at or above `v`: a round top for the scale. */
function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const f of [1, 2, 5, 10]) if (f * p >= v) return f * p;
  return 10 * p;
}

export function RateChart({ conn, store, now }: { conn: Connection; store: SessionStore; now: number }) {
  return (
    <div class="rate-chart">
      <RateCharts conn={conn} store={store} now={now} />
    </div>
  );
}

function RateCharts({ conn, store, now }: { conn: Connection; store: SessionStore; now: number }) {
  const counted = useRef<RateCount | null>(null);
  const [series, setSeries] = useState<RateSeries | null>(null);
  const lastUpdate = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  // The latest inputs, for a deferred update.
  const latest = useRef({ conn, store, end: conn.closedAt ?? now });
  latest.current = { conn, store, end: conn.closedAt ?? now };

  /** What the last update counted: the store's version, the end of the span, the connection. */
  const counts = useRef('');
  const inputs = `${store.version}|${conn.closedAt ?? now}|${conn.key}`;

  const update = () => {
    timer.current = null;
    lastUpdate.current = Date.now();
    const { conn, store, end } = latest.current;
    counts.current = `${store.version}|${end}|${conn.key}`;
    counted.current = countRates(store, conn, counted.current, end);
    setSeries(counted.current.acc.series());
  };

  // After a render with something new (frames, the clock's tick while the connection is open,
  // another connection picked): update now, or once the second since the last update is over.
  const keyChanged = counted.current !== null && counted.current.key !== conn.key;
  useEffect(() => {
    if (inputs === counts.current) return;
    const wait = lastUpdate.current + UPDATE_MS - Date.now();
    if (wait <= 0 || keyChanged) {
      if (timer.current !== null) clearTimeout(timer.current);
      update();
    } else if (timer.current === null) timer.current = setTimeout(update, wait);
  });
  useEffect(
    () => () => {
      if (timer.current !== null) clearTimeout(timer.current);
    },
    [],
  );

  const summary = series === null ? 'Counting…' : rateSummary(series);
  return (
    <figure class="rate-figure" aria-label={`Messages and bytes per second of #${conn.index}`}>
      {series !== null && <Plots series={series} index={conn.index} summary={summary} />}
      <figcaption class="rate-summary">{summary}</figcaption>
    </figure>
  );
}

/** The DevTools theme's colours (panel.css custom properties), read when the charts are made. */
function themeColours() {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const sent = v('--sent-fg', '#1b7a2e');
  const received = v('--recv-fg', '#b3261e');
  return {
    sent,
    received,
    sentFill: translucent(sent),
    receivedFill: translucent(received),
    text: v('--fg-dim', '#5f6368'),
    grid: v('--border', '#d9dce0'),
  };
}

function translucent(colour: string): string {
  return /^#[0-9a-f]{6}$/i.test(colour) ? `${colour}55` : colour;
}

type Kind = 'messages' | 'bytes';

function optionsFor(kind: Kind, width: number, syncKey: string, onCursor: (idx: number | null) => void): uPlot.Options {
  const c = themeColours();
  const fmt = kind === 'messages' ? (v: number) => formatPerSecond(Math.abs(v)) : (v: number) => formatBytes(Math.abs(v));
  const stepped = uPlot.paths.stepped?.({ align: 1 });
  const direction = (label: string, stroke: string, fill: string): uPlot.Series => ({
    label,
    stroke,
    fill,
    width: 1,
    paths: stepped,
    points: { show: false },
  });
  const axis = {
    stroke: c.text,
    grid: { stroke: c.grid, width: 1 },
    ticks: { stroke: c.grid, width: 1 },
    font: '10px system-ui, sans-serif',
  };
  return {
    width,
    height: CHART_HEIGHT,
    cursor: { sync: { key: syncKey }, points: { show: false } },
    // No uPlot legend (empty "Time: --" until hovered): the readout under the charts says the
    // colours, and the rates of the second under the cursor.
    legend: { show: false },
    hooks: { setCursor: [(u) => onCursor(u.cursor.idx ?? null)] },
    scales: {
      x: { time: true },
      // Symmetric, so the zero line is in the middle: sent above, received below.
      y: {
        range: (_u, min, max) => {
          const top = Math.max(Math.abs(min), Math.abs(max), 1);
          const m = kind === 'messages' ? niceCeil(top) : niceBytes(top);
          return [-m, m];
        },
      },
    },
    axes: [
      // Whole seconds at least (buckets are 1 s or wider), as wall-clock time.
      { ...axis, size: 24, space: 64, incrs: TIME_INCRS, values: (_u, splits) => splits.map((t) => formatClock(t * 1000).slice(0, 8)) },
      // The top (most sent), the zero line and the bottom (most received).
      {
        ...axis,
        size: 56,
        splits: (u) => {
          const m = u.scales['y']?.max ?? 1;
          return [-m, 0, m];
        },
        values: (_u, splits) => splits.map((v) => fmt(v)),
        label: kind === 'messages' ? 'msg/s' : 'bytes/s',
        labelSize: 14,
        labelFont: axis.font,
      },
    ],
    series: [
      { value: '{HH}:{mm}:{ss}' },
      direction(kind === 'messages' ? '↑ sent' : '↑ sent bytes', c.sent, c.sentFill),
      direction(kind === 'messages' ? '↓ received' : '↓ received bytes', c.received, c.receivedFill),
    ],
  };
}

/**
 * uPlot's data: bucket starts in seconds, sent up, received down (negated), and one closing point
 * at the end of the last bucket so that its step is drawn full width.
 */
function dataFor(s: RateSeries, kind: Kind): uPlot.AlignedData {
  const n = s.times.length;
  const x = new Float64Array(n + 1);
  const up = new Float64Array(n + 1);
  const down = new Float64Array(n + 1);
  const sent = kind === 'messages' ? s.sentMsgs : s.sentBytes;
  const received = kind === 'messages' ? s.receivedMsgs : s.receivedBytes;
  for (let i = 0; i < n; i++) {
    x[i] = s.times[i]! / 1000;
    up[i] = sent[i]!;
    down[i] = -received[i]!;
  }
  x[n] = (s.start + n * s.width) / 1000;
  if (n > 0) {
    up[n] = up[n - 1]!;
    down[n] = down[n - 1]!;
  }
  return [x, up, down];
}

let syncCount = 0;

function Plots({ series, index, summary }: { series: RateSeries; index: number; summary: string }) {
  const box = useRef<HTMLDivElement>(null);
  const msgEl = useRef<HTMLDivElement>(null);
  const bytesEl = useRef<HTMLDivElement>(null);
  const plots = useRef<{ messages: uPlot; bytes: uPlot } | null>(null);
  const latest = useRef(series);
  latest.current = series;
  /** The bucket under the cursor (uPlot's data index), null when the cursor is off the charts. */
  const [cursorAt, setCursorAt] = useState<number | null>(null);
  // Made again when the theme changes (DevTools' theme is read at start; a pop-out may follow the system).
  const [theme, setTheme] = useState(document.documentElement.dataset.theme ?? '');
  useEffect(() => {
    const mo = new MutationObserver(() => setTheme(document.documentElement.dataset.theme ?? ''));
    mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    return () => mo.disconnect();
  }, []);

  useLayoutEffect(() => {
    const el = box.current;
    if (el === null || msgEl.current === null || bytesEl.current === null) return;
    const width = Math.max(120, el.clientWidth);
    const key = `wslens-rates-${++syncCount}`;
    const s = latest.current;
    const made = {
      messages: new uPlot(optionsFor('messages', width, key, setCursorAt), dataFor(s, 'messages'), msgEl.current),
      bytes: new uPlot(optionsFor('bytes', width, key, setCursorAt), dataFor(s, 'bytes'), bytesEl.current),
    };
    plots.current = made;
    // Follows the panel's width (the charts' height stays).
    let lastWidth = width;
    const ro = new ResizeObserver(() => {
      const w = Math.max(120, el.clientWidth);
      if (w === lastWidth) return;
      lastWidth = w;
      made.messages.setSize({ width: w, height: CHART_HEIGHT });
      made.bytes.setSize({ width: w, height: CHART_HEIGHT });
    });
    ro.observe(el);
    return () => {
      ro.disconnect();
      made.messages.destroy();
      made.bytes.destroy();
      plots.current = null;
    };
  }, [theme]);

  useEffect(() => {
    const p = plots.current;
    if (p === null) return;
    p.messages.setData(dataFor(series, 'messages'));
    p.bytes.setData(dataFor(series, 'bytes'));
  }, [series]);

  return (
    <div class="rate-plots" ref={box}>
      <div ref={msgEl} role="img" aria-label={`Messages per second of #${index}, sent above the axis, received below. ${summary}`} />
      <div ref={bytesEl} role="img" aria-label={`Bytes per second of #${index}, sent above the axis, received below.`} />
      <p class="rate-readout" aria-label="Chart readout" aria-live="off">
        {rateReadout(series, cursorAt) ?? (
          <>
            <span class="key sent">↑ sent</span> above the axis, <span class="key received">↓ received</span> below; hover for the rates of
            a moment
          </>
        )}
      </p>
    </div>
  );
}
