import { inspectorSession, PARTS, partOf, type Part } from './cpu-profile.js';

/**
 * Where a process's allocations come from, by package: V8's sampling heap profiler over the
 * inspector, keeping the samples of objects the collector has since freed (a request's garbage
 * is what the collector pays for, and nearly all of it is freed by the time the window ends).
 */

interface AllocationNode {
  callFrame: { functionName: string; url: string };
  selfSize: number;
  children: AllocationNode[];
}

/** Starts sampling allocations; the returned function stops and gives bytes allocated by part. */
export async function startAllocationSampling(port: number): Promise<() => Promise<Map<Part, number>>> {
  const session = await inspectorSession(port);
  await session.send('HeapProfiler.enable');
  await session.send('HeapProfiler.startSampling', {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  return async () => {
    const { profile } = (await session.send('HeapProfiler.stopSampling')) as { profile: { head: AllocationNode } };
    session.close();
    const bytes = new Map<Part, number>(PARTS.map((part) => [part, 0]));
    const visit = (node: AllocationNode) => {
      const part = partOf(node.callFrame);
      // Allocations V8 makes outside any script (its runtime) are counted as V8's.
      const counted = part === 'idle' || part === 'garbage collector' ? 'V8 (compiler, runtime)' : part;
      bytes.set(counted, bytes.get(counted)! + node.selfSize);
      for (const child of node.children) visit(child);
    };
    visit(profile.head);
    return bytes;
  };
}
