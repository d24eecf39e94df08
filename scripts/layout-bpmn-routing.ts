/**
 * Orthogonal routing of sequence flows between shapes that are already placed. bpmn-auto-layout
 * places shapes well enough, but it draws the flows of boundary events diagonally and lets
 * loop-backs run through other shapes; these routes go around every shape instead.
 *
 * Each flow tries the ports of its source and target and routes with as few bends as possible,
 * choosing by length, bends, and overlap with flows routed before it.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

type Side = 'left' | 'right' | 'top' | 'bottom';

export interface Connection {
  source: Rect;
  target: Rect;
  /** a boundary event leaves downwards, away from the activity it sits on */
  sourceIsBoundary: boolean;
}

interface Port extends Point {
  side: Side;
}

interface Segment {
  a: Point;
  b: Point;
  /** flows sharing a source or a target may run on top of each other */
  source: Rect;
  target: Rect;
}

const MIN_STUB = 15;
const CLEARANCE = 20;
const BEND_COST = 40;
const CROSSING_SHAPE_COST = 100_000;
const OVERLAP_COST_PER_PIXEL = 10;
const CROSSING_FLOW_COST = 15;

function portOf(rect: Rect, side: Side): Port {
  const cx = rect.x + rect.width / 2;
  const cy = rect.y + rect.height / 2;
  switch (side) {
    case 'left':
      return { x: rect.x, y: cy, side };
    case 'right':
      return { x: rect.x + rect.width, y: cy, side };
    case 'top':
      return { x: cx, y: rect.y, side };
    case 'bottom':
      return { x: cx, y: rect.y + rect.height, side };
  }
}

const isHorizontal = (side: Side) => side === 'left' || side === 'right';

/** The unit step leaving a port outwards. */
function outward(side: Side): Point {
  return { left: { x: -1, y: 0 }, right: { x: 1, y: 0 }, top: { x: 0, y: -1 }, bottom: { x: 0, y: 1 } }[side];
}

function segmentHitsRect(a: Point, b: Point, rect: Rect, margin: number): boolean {
  const left = rect.x - margin;
  const right = rect.x + rect.width + margin;
  const top = rect.y - margin;
  const bottom = rect.y + rect.height + margin;
  return Math.max(a.x, b.x) > left && Math.min(a.x, b.x) < right && Math.max(a.y, b.y) > top && Math.min(a.y, b.y) < bottom;
}

function length(points: Point[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += Math.abs(points[i].x - points[i - 1].x) + Math.abs(points[i].y - points[i - 1].y);
  return total;
}

/** Length two axis-parallel segments share when they lie on the same line. */
function overlap(a1: Point, b1: Point, a2: Point, b2: Point): number {
  if (a1.x === b1.x && a2.x === b2.x && Math.abs(a1.x - a2.x) < 4) {
    return Math.max(0, Math.min(Math.max(a1.y, b1.y), Math.max(a2.y, b2.y)) - Math.max(Math.min(a1.y, b1.y), Math.min(a2.y, b2.y)));
  }
  if (a1.y === b1.y && a2.y === b2.y && Math.abs(a1.y - a2.y) < 4) {
    return Math.max(0, Math.min(Math.max(a1.x, b1.x), Math.max(a2.x, b2.x)) - Math.max(Math.min(a1.x, b1.x), Math.min(a2.x, b2.x)));
  }
  return 0;
}

function crosses(a1: Point, b1: Point, a2: Point, b2: Point): boolean {
  const [h, v] = a1.y === b1.y && a2.x === b2.x ? [[a1, b1], [a2, b2]] : a1.x === b1.x && a2.y === b2.y ? [[a2, b2], [a1, b1]] : [];
  if (!h || !v) return false;
  const [ha, hb] = h as [Point, Point];
  const [va, vb] = v as [Point, Point];
  return (
    va.x > Math.min(ha.x, hb.x) && va.x < Math.max(ha.x, hb.x) && ha.y > Math.min(va.y, vb.y) && ha.y < Math.max(va.y, vb.y)
  );
}

export class Router {
  private readonly xs: number[];
  private readonly ys: number[];
  private readonly routed: Segment[] = [];

  constructor(private readonly shapes: Rect[]) {
    this.xs = lanes(shapes.map((shape) => [shape.x, shape.x + shape.width]));
    this.ys = lanes(shapes.map((shape) => [shape.y, shape.y + shape.height]));
  }

  route({ source, target, sourceIsBoundary }: Connection): Point[] {
    const sourceSides: Side[] = sourceIsBoundary ? ['bottom'] : ['right', 'bottom', 'top'];
    const targetSides: Side[] = ['left', 'top', 'bottom'];
    let best: { points: Point[]; cost: number } | undefined;
    // fewer bends first; more bends are tried only while nothing clean was found
    for (let bends = 0; bends <= 4 && !(best && best.cost < CROSSING_SHAPE_COST); bends++) {
      for (const sourceSide of sourceSides) {
        for (const targetSide of targetSides) {
          const from = portOf(source, sourceSide);
          const to = portOf(target, targetSide);
          for (const points of this.candidates(from, to, bends)) {
            if (!wellFormed(points, from, to)) continue;
            const cost = this.cost(points, source, target);
            if (!best || cost < best.cost) best = { points, cost };
          }
        }
      }
    }
    const points = best?.points ?? [portOf(source, 'right'), portOf(target, 'left')];
    for (let i = 1; i < points.length; i++) this.routed.push({ a: points[i - 1], b: points[i], source, target });
    return points;
  }

  /** Orthogonal polylines from one port to the other with exactly `bends` bends. */
  private *candidates(from: Port, to: Port, bends: number): Generator<Point[]> {
    const startsHorizontal = isHorizontal(from.side);
    // with an even number of bends a path ends in the orientation it started with
    if ((bends % 2 === 0) !== (startsHorizontal === isHorizontal(to.side))) return;
    // the first and the last free coordinate lie on the axis the path starts along; with four bends
    // only the nearest lanes are tried, as the candidates multiply
    const limit = bends === 4 ? 6 : Number.POSITIVE_INFINITY;
    const firstFree = startsHorizontal ? this.ahead(this.xs, from, 'x', limit) : this.ahead(this.ys, from, 'y', limit);
    const lastFree = startsHorizontal ? this.ahead(this.xs, to, 'x', limit) : this.ahead(this.ys, to, 'y', limit);
    const middle = startsHorizontal ? this.ys : this.xs;
    const at = (horizontalFirst: boolean, u: number, v: number): Point => (horizontalFirst ? { x: u, y: v } : { x: v, y: u });
    const h = startsHorizontal;
    switch (bends) {
      case 0:
        yield [from, to];
        break;
      case 1:
        yield [from, at(h, h ? to.x : to.y, h ? from.y : from.x), to];
        break;
      case 2:
        for (const a of firstFree) yield [from, at(h, a, h ? from.y : from.x), at(h, a, h ? to.y : to.x), to];
        break;
      case 3:
        for (const a of firstFree) {
          for (const b of middle) {
            yield [from, at(h, a, h ? from.y : from.x), at(h, a, b), at(h, h ? to.x : to.y, b), to];
          }
        }
        break;
      case 4:
        for (const a of firstFree) {
          for (const b of middle) {
            for (const c of lastFree) {
              yield [from, at(h, a, h ? from.y : from.x), at(h, a, b), at(h, c, b), at(h, c, h ? to.y : to.x), to];
            }
          }
        }
        break;
    }
  }

  /** Lane coordinates in front of a port, nearest first. */
  private ahead(lanes: number[], port: Port, axis: 'x' | 'y', limit: number): number[] {
    const direction = outward(port.side)[axis];
    return lanes
      .filter((lane) => (lane - port[axis]) * direction >= MIN_STUB)
      .sort((l1, l2) => Math.abs(l1 - port[axis]) - Math.abs(l2 - port[axis]))
      .slice(0, limit);
  }

  private cost(points: Point[], source: Rect, target: Rect): number {
    let cost = length(points) + BEND_COST * (points.length - 2);
    for (let i = 1; i < points.length; i++) {
      const a = points[i - 1];
      const b = points[i];
      for (const shape of this.shapes) {
        // the end segments touch their own shapes at the ports; only a pass through the inside counts
        const own = shape === source || shape === target;
        if (segmentHitsRect(a, b, own ? shrink(shape) : shape, own ? 0 : 4)) cost += CROSSING_SHAPE_COST;
      }
      for (const other of this.routed) {
        const shared = other.source === source || other.target === target;
        if (!shared) {
          cost += OVERLAP_COST_PER_PIXEL * overlap(a, b, other.a, other.b);
          if (crosses(a, b, other.a, other.b)) cost += CROSSING_FLOW_COST;
        }
      }
    }
    return cost;
  }
}

/** Axis-parallel segments, none of zero length; the first leaves its port and the last enters its port head-on. */
function wellFormed(points: Point[], from: Port, to: Port): boolean {
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if ((a.x !== b.x && a.y !== b.y) || (a.x === b.x && a.y === b.y)) return false;
  }
  const stub = (port: Port, next: Point) => {
    const direction = outward(port.side);
    return (next.x - port.x) * direction.x + (next.y - port.y) * direction.y >= Math.min(MIN_STUB, length(points));
  };
  return stub(from, points[1]) && stub(to, points[points.length - 2]);
}

function shrink(rect: Rect): Rect {
  return { x: rect.x + 1, y: rect.y + 1, width: Math.max(0, rect.width - 2), height: Math.max(0, rect.height - 2) };
}

/**
 * Coordinates where a flow can run: just outside every shape, and halfway between neighbouring
 * shapes, plus a lane beyond everything.
 */
function lanes(extents: [number, number][]): number[] {
  const values = new Set<number>();
  const edges = extents.flat().sort((a, b) => a - b);
  for (const [low, high] of extents) {
    values.add(Math.round(low - CLEARANCE));
    values.add(Math.round(high + CLEARANCE));
  }
  for (const [, high] of extents) {
    const next = edges.find((edge) => edge > high + 2 * CLEARANCE);
    if (next !== undefined) values.add(Math.round((high + next) / 2));
  }
  if (edges.length > 0) {
    values.add(Math.round(edges[0] - 2 * CLEARANCE));
    values.add(Math.round(edges[edges.length - 1] + 2 * CLEARANCE));
  }
  return [...values].sort((a, b) => a - b);
}
