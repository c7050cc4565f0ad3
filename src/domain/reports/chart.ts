import { Raster, type RGB } from './png.js';
import { SATISFACTION_TARGET, type TicketStats } from './stats.js';

const BLUE: RGB = [66, 133, 244];
const GREEN: RGB = [52, 168, 83];
const RED: RGB = [219, 68, 55];
const GREY: RGB = [200, 200, 200];
const INK: RGB = [40, 40, 40];

/**
 * The monthly chart: tickets per day as bars (left axis), the day's satisfaction (share of 4–5
 * ratings) as green dots joined by a line (right axis, 0–100%), and the 70% target dashed in red.
 */
export function monthlyChart(stats: TicketStats, title: string): Buffer {
  const W = 900;
  const H = 420;
  const left = 60;
  const right = 70;
  const top = 60;
  const bottom = 50;
  const plotW = W - left - right;
  const plotH = H - top - bottom;
  const r = new Raster(W, H);
  const days = stats.perDay;
  const maxTickets = Math.max(1, ...days.map((d) => d.tickets));
  const yMax = niceCeil(maxTickets);

  r.text(left, 16, title, INK, 3);
  r.rect(left, 42, 12, 8, BLUE);
  r.text(left + 18, 42, 'TICKETS PER DAY', INK, 2);
  r.rect(left + 170, 42, 12, 8, GREEN);
  r.text(left + 188, 42, 'SATISFACTION %', INK, 2);
  r.line(left + 330, 46, left + 350, 46, RED, 2, 4);
  r.text(left + 356, 42, `TARGET ${Math.round(SATISFACTION_TARGET * 100)}%`, INK, 2);

  for (let k = 0; k <= 4; k++) {
    const y = top + plotH - (plotH * k) / 4;
    r.line(left, y, left + plotW, y, GREY);
    const label = String(Math.round((yMax * k) / 4));
    r.text(left - 8 - Raster.textWidth(label), y - 5, label, INK, 2);
    r.text(left + plotW + 8, y - 5, `${25 * k}%`, GREEN, 2);
  }
  r.line(left, top, left, top + plotH, INK);
  r.line(left, top + plotH, left + plotW, top + plotH, INK);

  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(2, slot * 0.7);
  const points: [number, number][] = [];
  days.forEach((d, i) => {
    const x = left + i * slot + (slot - barW) / 2;
    const h = (plotH * d.tickets) / yMax;
    r.rect(x, top + plotH - h, barW, h, BLUE);
    const day = Number(d.date.slice(8, 10));
    if (days.length <= 10 || day === 1 || day % 5 === 0) {
      const label = String(day);
      r.text(left + i * slot + slot / 2 - Raster.textWidth(label) / 2, top + plotH + 8, label, INK, 2);
    }
    if (d.ratings) points.push([left + i * slot + slot / 2, top + plotH - (plotH * d.satisfied) / d.ratings]);
  });
  const targetY = top + plotH - plotH * SATISFACTION_TARGET;
  r.line(left, targetY, left + plotW, targetY, RED, 2, 6);
  for (let i = 1; i < points.length; i++) r.line(points[i - 1]![0], points[i - 1]![1], points[i]![0], points[i]![1], GREEN, 2);
  for (const [x, y] of points) r.rect(x - 4, y - 4, 8, 8, GREEN);
  r.text(left + plotW / 2 - Raster.textWidth('DAY') / 2, H - 22, 'DAY', INK, 2);
  return r.png();
}

function niceCeil(n: number): number {
  for (const step of [4, 8, 12, 20, 40, 60, 80, 100, 200, 400, 800, 1000]) if (n <= step) return step;
  return Math.ceil(n / 1000) * 1000;
}
