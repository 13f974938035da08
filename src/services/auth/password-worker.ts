import bcrypt from 'bcryptjs';

/**
 * Runs in a worker thread (see PasswordHasher): bcryptjs is pure JavaScript and would
 * otherwise hold the main thread for the whole of every hash. Imports nothing of ours, so
 * Node can load it from source (type stripping) as well as from dist/.
 */
export type PasswordTask = { op: 'hash'; password: string; rounds: number } | { op: 'compare'; password: string; hash: string };

export default function run(task: PasswordTask): Promise<string | boolean> {
  return task.op === 'hash' ? bcrypt.hash(task.password, task.rounds) : bcrypt.compare(task.password, task.hash);
}
