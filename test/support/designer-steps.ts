import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';

/**
 * What a process designer does on the bpmn-js canvas of /designer, by mouse as a person does it:
 * open a diagram, drop a new task, change its type, move a shape, drop a shape on a flow. Shared by
 * the designer's browser tests and the journeys that start with a designer's change.
 */

export const shapeIds = (page: Page): Promise<string[]> =>
  page.locator('#bpmn-canvas .djs-element.djs-shape').evaluateAll((els) => els.map((e) => e.getAttribute('data-element-id')!));

export async function openDiagram(page: Page, id: string): Promise<void> {
  await page.click(`.designer-item[data-kind="bpmn"][data-id="${id}"]`);
  await page.locator('#bpmn-canvas .djs-element.djs-shape').first().waitFor();
}

/** A new task from the palette, dropped on an empty spot of the canvas; answers its shape. */
export async function createTask(page: Page, at: { x: number; y: number }): Promise<Locator> {
  const before = new Set(await shapeIds(page));
  const canvas = (await page.locator('#bpmn-canvas').boundingBox())!;
  await page.click('.djs-palette .entry[data-action="create.task"]');
  await page.mouse.move(canvas.x + at.x - 20, canvas.y + at.y - 20);
  await page.mouse.click(canvas.x + at.x, canvas.y + at.y);
  const added = (await shapeIds(page)).filter((id) => !before.has(id));
  expect(added, 'one new task').to.have.length(1);
  return page.locator(`.djs-element.djs-shape[data-element-id="${added[0]}"]`);
}

/** Drags a shape by its middle onto the middle of a sequence flow (bpmn-js splits the flow around it). */
export async function dropOnFlow(page: Page, shape: Locator, flowId: string): Promise<void> {
  const from = (await shape.boundingBox())!;
  const flow = (await page.locator(`.djs-connection[data-element-id="${flowId}"]`).boundingBox())!;
  const start = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
  const end = { x: flow.x + flow.width / 2, y: flow.y + flow.height / 2 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(start.x + ((end.x - start.x) * i) / 12, start.y + ((end.y - start.y) * i) / 12);
  await page.mouse.up();
}

export async function dragBy(page: Page, shape: Locator, by: { x: number; y: number }): Promise<void> {
  const from = (await shape.boundingBox())!;
  const start = { x: from.x + from.width / 2, y: from.y + from.height / 2 };
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(start.x + (by.x * i) / 8, start.y + (by.y * i) / 8);
  await page.mouse.up();
}

/** Zooms the canvas in around a shape, as a person does with Ctrl and the mouse wheel. */
export async function zoomInAt(page: Page, shape: Locator, steps: number): Promise<void> {
  const box = (await shape.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.keyboard.down('Control');
  for (let i = 0; i < steps; i++) await page.mouse.wheel(0, -120);
  await page.keyboard.up('Control');
}

/** With the palette's space tool, pushes everything right of the gap between two shapes further right. */
export async function widenGap(page: Page, left: Locator, right: Locator, by: number): Promise<void> {
  const from = (await left.boundingBox())!;
  const to = (await right.boundingBox())!;
  const x = (from.x + from.width + to.x) / 2;
  const y = Math.min(from.y, to.y) - 40;
  await page.click('.djs-palette .entry[data-action="space-tool"]');
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(x + (by * i) / 10, y);
  await page.mouse.up();
}

/** Changes a shape's type with its context pad's 更改元素类型 menu (entry e.g. `replace-with-rule-task`). */
export async function replaceShape(page: Page, shape: Locator, entryId: string): Promise<void> {
  // a click just after a label editor closes can be taken by the closing: select until the pad shows
  const replace = page.locator('.djs-context-pad .entry[data-action="replace"]');
  for (let tries = 0; tries < 5 && !(await replace.isVisible()); tries++) {
    await shape.click();
    await replace.waitFor({ timeout: 2_000 }).catch(() => undefined);
  }
  await replace.click();
  await page.click(`.djs-popup .entry[data-id="${entryId}"]`);
}
