// One read-modify-write of a file at a time, within this process. Two steps running side by side
// (the accounts of a for-each step) may each store a key in the same .env or encrypted config:
// without a queue, each reads the file, adds its account and writes it back, and the second
// write drops the first one's account.
import path from 'node:path';

const tails = new Map<string, Promise<unknown>>();

export function inFileQueue<T>(file: string, work: () => Promise<T>): Promise<T> {
  const key = path.resolve(file);
  const turn = (tails.get(key) ?? Promise.resolve()).then(work, work);
  const tail = turn.catch(() => undefined);
  tails.set(key, tail);
  // Forget the file once nothing waits on it, so the map does not grow with every file ever written.
  void tail.then(() => {
    if (tails.get(key) === tail) tails.delete(key);
  });
  return turn;
}
