/** How many reads or fetches of one library run at once, unless a caller says otherwise. */
export const DEFAULT_CONCURRENCY = 16;

/**
 * Maps `items` through `task` with at most `limit` tasks in flight, keeping
 * the results in input order (like `Promise.all(items.map(task))`, which
 * would start them all at once). The first rejection rejects the whole map;
 * tasks already started are left to settle, and no new task starts.
 */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  task: (item: T, index: number) => Promise<R>,
  limit: number = DEFAULT_CONCURRENCY,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`the concurrency limit must be a positive integer, not ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await task(items[index]!, index);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
