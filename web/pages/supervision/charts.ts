/**
 * Horizontal bar charts as inline SVG, built element by element (labels are text nodes, never
 * markup). Horizontal because the categories are long Chinese names of windows and grounds.
 */

const SVG = 'http://www.w3.org/2000/svg';

export interface Series {
  name: string;
  color: string;
  /** null: no value (a rate without a denominator), drawn as 无数据 */
  values: Array<number | null>;
}

export interface BarChartOptions {
  title: string;
  categories: string[];
  series: Series[];
  /** how a value is written next to its bar */
  format?: (value: number) => string;
  /** the scale's end; the largest value if larger */
  max?: number;
  width?: number;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Rough width of a label in px at 13px: CJK characters are square, Latin ones about half. */
const labelWidth = (text: string): number => [...text].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x100 ? 7.5 : 13), 0);

export function barChart({ title, categories, series, format = String, max, width = 640 }: BarChartOptions): SVGSVGElement {
  const barHeight = 16;
  const barGap = 3;
  const groupGap = 14;
  const top = 28 + (series.length > 1 ? 22 : 0);
  const labelColumn = Math.min(260, Math.max(60, ...categories.map(labelWidth)) + 12);
  const valueColumn = 70;
  const plot = width - labelColumn - valueColumn;
  const groupHeight = series.length * (barHeight + barGap) - barGap;
  const height = top + Math.max(1, categories.length) * (groupHeight + groupGap) + 8;
  const largest = Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const scale = Math.max(max ?? 0, largest) || 1;

  const root = svg('svg', { xmlns: SVG, viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'bar-chart', 'font-size': 13 });
  root.append(svg('title', {}, title), svg('text', { x: 0, y: 16, 'font-weight': 600, 'font-size': 14, fill: '#1f2933' }, title));

  if (series.length > 1) {
    let x = labelColumn;
    for (const s of series) {
      root.append(svg('rect', { x, y: 30, width: 12, height: 12, fill: s.color, rx: 2 }), svg('text', { x: x + 16, y: 41, fill: '#3e4c59' }, s.name));
      x += 28 + labelWidth(s.name);
    }
  }
  // the scale's end, as a faint line
  root.append(svg('line', { x1: labelColumn, x2: labelColumn, y1: top - 4, y2: height - 8, stroke: '#9aa5b1' }));
  if (max !== undefined) {
    const x = labelColumn + (plot * max) / scale;
    root.append(svg('line', { x1: x, x2: x, y1: top - 4, y2: height - 8, stroke: '#d6dbe3', 'stroke-dasharray': '3 3' }));
  }

  if (categories.length === 0) {
    root.append(svg('text', { x: labelColumn + 8, y: top + 14, fill: '#5f6b7a' }, '本期无数据'));
    return root;
  }

  categories.forEach((category, i) => {
    const y0 = top + i * (groupHeight + groupGap);
    const label = labelWidth(category) > labelColumn - 12 ? `${[...category].slice(0, Math.floor((labelColumn - 24) / 13)).join('')}…` : category;
    const text = svg('text', { x: labelColumn - 8, y: y0 + groupHeight / 2 + 4.5, 'text-anchor': 'end', fill: '#1f2933' }, label);
    if (label !== category) text.append(svg('title', {}, category));
    root.append(text);
    series.forEach((s, j) => {
      const value = s.values[i] ?? null;
      const y = y0 + j * (barHeight + barGap);
      const w = value === null ? 0 : Math.max(value > 0 ? 1 : 0, (plot * value) / scale);
      const bar = svg('rect', { x: labelColumn + 1, y, width: w, height: barHeight, fill: s.color, rx: 2, 'data-series': s.name, 'data-category': category, 'data-value': value === null ? '' : value });
      bar.append(svg('title', {}, `${category} · ${s.name}：${value === null ? '无数据' : format(value)}`));
      root.append(bar, svg('text', { x: labelColumn + w + 6, y: y + barHeight - 3.5, fill: value === null ? '#9aa5b1' : '#3e4c59' }, value === null ? '无数据' : format(value)));
    });
  });
  return root;
}
