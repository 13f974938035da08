import type { Request, Response } from 'express';
import type { ExpectedVersions, Task } from '../../services/tasks/task.service.js';

/** Tags looked at in one header: a longer list is a client's mistake or a probe. */
const MAX_TAGS = 20;
const TAG = /^(W\/)?"([^"]*)"$/;

/** A task's entity tag: its version, which every write changes. */
export const etagOf = (task: Task): string => `"v${task.version}"`;

export function setEtag(res: Response, task: Task): void {
  res.setHeader('ETag', etagOf(task));
}

function tagsOf(header: string): Array<{ weak: boolean; opaque: string }> {
  return header
    .split(',')
    .slice(0, MAX_TAGS)
    .map((part) => TAG.exec(part.trim()))
    .filter((match) => match !== null)
    .map((match) => ({ weak: match[1] !== undefined, opaque: match[2]! }));
}

const versionOf = (opaque: string): number | undefined => (/^v\d{1,9}$/.test(opaque) ? Number(opaque.slice(1)) : undefined);

/**
 * The versions `If-Match` allows a write at, compared strongly as RFC 9110 says (a weak tag
 * never matches); none given, or `*`: no condition. A tag that is not one of ours matches
 * nothing, so the write is refused.
 */
export function ifMatchOf(req: Request): ExpectedVersions {
  const header = req.get('if-match');
  if (header === undefined || header.trim() === '*') return undefined;
  return tagsOf(header)
    .filter((tag) => !tag.weak)
    .map((tag) => versionOf(tag.opaque))
    .filter((version) => version !== undefined);
}

/** Whether `If-None-Match` names the task as it is (weakly compared), so a 304 will do. */
export function isNotModified(req: Request, task: Task): boolean {
  const header = req.get('if-none-match');
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  return tagsOf(header).some((tag) => versionOf(tag.opaque) === task.version);
}
