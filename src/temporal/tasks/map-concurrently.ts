/**
 * `fn` over every item, at most `concurrency` at a time, results in the items' order. After a
 * failure no further item starts, and the calls under way settle before the first error is thrown:
 * nothing keeps running against a connection the caller may be about to close.
 */
export async function mapConcurrently<T, R>(items: readonly T[], concurrency: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  const rejected = lanes.find((settled) => settled.status === 'rejected');
  if (rejected) throw rejected.reason;
  return results;
}
