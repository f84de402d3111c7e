/**
 * The one polling helper of the tests: asks `probe` again (every `intervalMs`, at most `tries`
 * times) until `done` holds, and returns that answer; throws with the last answer if it never does.
 * For what changes asynchronously (visibility is eventually consistent, a worker picks a task up).
 */
export async function until<T>(probe: () => Promise<T>, done: (value: T) => boolean = Boolean, { tries = 100, intervalMs = 200 } = {}): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < tries; i++) {
    last = await probe();
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  throw new Error(`condition not met after ${tries} tries; last answer: ${JSON.stringify(last)}`);
}
